import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerAs, type Account } from './support/accounts.js';
import { Client } from './support/client.js';
import { databases } from './support/databases.js';
import { freePort } from './support/free-port.js';
import { eventually, makeVideo, movieMedia, wrappedFfprobe } from './support/media.js';
import { mediaFolder, SharedBackend } from './support/processes.js';
import { uploadVideo } from './support/movies.js';
import { cleanUpProcesses, sleep, spawnWorker, type ServerProcess } from './support/server-process.js';

let mediaDir: string;
let clip: Buffer;

beforeAll(async () => {
  mediaDir = await mkdtemp(join(tmpdir(), 'youku-workers-'));
  clip = await makeVideo(mediaDir, 'clip.mp4', { width: 160, height: 120, seconds: 1 });
});

afterAll(async () => {
  await cleanUpProcesses();
  await rm(mediaDir, { recursive: true, force: true });
});

describe.each(databases)('worker processes on %s', (kind) => {
  let backend: SharedBackend;
  let server: ServerProcess;
  let db: Knex;
  let admin: Account;

  beforeAll(async () => {
    const ffprobe = await wrappedFfprobe(await mkdtemp(join(mediaDir, 'tools-')));
    backend = await SharedBackend.create(kind, mediaFolder, { JOB_POLL_MS: '50', FFPROBE_PATH: ffprobe.path });
    [server] = (await backend.start(1, { RUN_JOBS: 'false' })) as [ServerProcess];
    db = backend.open();
    admin = await registerAs(new Client(server.url), 'admin');
  }, 120_000);

  afterAll(async () => {
    await db?.destroy();
    await backend?.close();
  });

  it('a server with RUN_JOBS=false runs no job; a worker started later runs it, and listens on no port', async () => {
    const uploaded = await uploadVideo(admin, { bytes: clip, filename: 'clip.mp4' });
    await sleep(500);
    expect(await db('jobs').select('kind', 'attempts')).toEqual([{ kind: 'probe', attempts: 0 }]);
    const port = await freePort();
    const worker = await backend.startWorker({ PORT: String(port) });
    const movie = await eventually(
      () => movieMedia(admin.client, uploaded.id),
      (found) => found.mediaInfo !== null,
    );
    expect(movie.mediaInfo).toMatchObject({ width: 160, height: 120 });
    await expect(fetch(`http://127.0.0.1:${port}/healthz`)).rejects.toThrow();
    worker.process.kill('SIGTERM');
    expect(await worker.exited).toBe(0);
  });

  it('a worker with JOB_CONCURRENCY=0 exits 2 with one line naming it', async () => {
    const worker = spawnWorker({ ...backend.env, JOB_CONCURRENCY: '0' });
    expect(await worker.exited).toBe(2);
    expect(worker.stderr().trimEnd().split('\n')).toEqual([
      expect.stringMatching(/^configuration error: JOB_CONCURRENCY /),
    ]);
  });
});
