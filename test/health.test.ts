import { copyFile, mkdir, open, readFile, rename, rm } from 'node:fs/promises';
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
    const original = (await readFile(file)).subarray(0, 100);
    const handle = await open(file, 'r+');
    try {
      await handle.write(Buffer.alloc(100, 0x41), 0, 100, 0);
      await expectUnavailable();
      await handle.write(original, 0, 100, 0);
    } finally {
      await handle.close();
    }
    expect((await health(server)).status).toBe(200);
  });

  it('answers 503 when the file is removed', async () => {
    await start();
    await rm(file);
    await expectUnavailable();
  });

  it('answers 503 when another file takes its place', async () => {
    await start();
    await copyFile(file, `${file}.copy`);
    await rename(`${file}.copy`, file);
    await expectUnavailable();
  });
});
