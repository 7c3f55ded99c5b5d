import { execFileSync } from 'node:child_process';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { databases } from './support/databases.js';
import { startServer, type TestServer } from './support/server.js';

async function health(server: TestServer): Promise<{ status: number; body: { status: string; reason?: string } }> {
  const response = await fetch(`${server.url}/healthz`);
  return { status: response.status, body: (await response.json()) as { status: string; reason?: string } };
}

describe.each(databases)('/healthz on %s', (kind) => {
  let server: TestServer;
  afterEach(() => server.close());

  it('answers 200 while the database and the storage serve', async () => {
    server = await startServer(kind);
    expect(await health(server)).toEqual({ status: 200, body: { status: 'ok', database: 'up', storage: 'up' } });
  });

  it('answers 503 naming the storage while MEDIA_DIR is gone, and 200 once it is back', async () => {
    server = await startServer(kind);
    expect((await health(server)).status).toBe(200);
    await rm(server.config.mediaDir, { recursive: true });
    const { status, body } = await health(server);
    expect(status).toBe(503);
    expect(body).toMatchObject({ status: 'unavailable', database: 'up', storage: 'down' });
    expect(body.reason).toMatch(/storage/);
    expect(server.logs.some((line) => line.msg === 'health check: the storage does not serve')).toBe(true);
    await mkdir(server.config.mediaDir);
    expect(await health(server)).toEqual({ status: 200, body: { status: 'ok', database: 'up', storage: 'up' } });
  });
});

/**
 * The server runs in this process: a descriptor this process opened and closed on its database
 * would drop the locks SQLite holds there (POSIX locks are the process's), so the file's bytes are
 * read and written by other processes.
 */
function elsewhere(command: string, args: string[], input?: Buffer): Buffer {
  return execFileSync(command, args, { input });
}

describe('/healthz on a SQLite file that is broken under the server', () => {
  let server: TestServer;
  let file: string;
  afterEach(() => server.close());

  async function start(): Promise<void> {
    server = await startServer('sqlite');
    file = join(server.dir, 'app.db');
    expect((await health(server)).status).toBe(200);
  }

  async function expectUnavailable(): Promise<void> {
    const { status, body } = await health(server);
    expect(status).toBe(503);
    expect(body).toMatchObject({ status: 'unavailable', database: 'down', storage: 'up' });
    expect(body.reason).toMatch(/\w/);
  }

  it('answers 503 when the file header is overwritten, and 200 again once it is restored', async () => {
    await start();
    const original = elsewhere('head', ['-c', '100', file]);
    const overwrite = (bytes: Buffer) => elsewhere('dd', [`of=${file}`, 'conv=notrunc', 'status=none'], bytes);
    overwrite(Buffer.alloc(100, 0x41));
    await expectUnavailable();
    overwrite(original);
    expect((await health(server)).status).toBe(200);
  });

  it('answers 503 when the file is removed', async () => {
    await start();
    await rm(file);
    await expectUnavailable();
  });

  it('answers 503 when another file takes its place', async () => {
    await start();
    elsewhere('cp', [file, `${file}.copy`]);
    await rename(`${file}.copy`, file);
    await expectUnavailable();
  });

  // Another connection's checkpoint removes the write-ahead log when it believes itself the last
  // one: every write since would be lost at restart.
  it('answers 503 when the write-ahead log is removed', async () => {
    await start();
    await rm(`${file}-wal`);
    await expectUnavailable();
  });

  it('answers 503 when another file takes the place of the write-ahead log', async () => {
    await start();
    await writeFile(`${file}-wal.new`, '');
    await rename(`${file}-wal.new`, `${file}-wal`);
    await expectUnavailable();
  });
});
