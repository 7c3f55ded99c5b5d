import { mkdtemp, readdir, readFile, readlink, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerAs, type Account } from './support/accounts.js';
import { Client } from './support/client.js';
import { databases } from './support/databases.js';
import { eventually, makeVideo } from './support/media.js';
import { uploadVideo } from './support/movies.js';
import { mediaFolder, SharedBackend } from './support/processes.js';
import { cleanUpProcesses, type Child, type ServerProcess } from './support/server-process.js';
import { movieStream, processedMovie } from './support/streams.js';

/** A dead worker loses its jobs within this long (renewed every third of it while it lives). */
const LEASE_SECONDS = 2;

let mediaDir: string;
/** Long enough that a transcode is still running when the test has seen it start; two that differ. */
let clips: Buffer[];

beforeAll(async () => {
  mediaDir = await mkdtemp(join(tmpdir(), 'youku-worker-crash-'));
  clips = await Promise.all(
    [440, 880].map((frequency) =>
      makeVideo(mediaDir, `clip-${frequency}.mp4`, { width: 640, height: 360, seconds: 40, rate: 25, frequency }),
    ),
  );
});

afterAll(async () => {
  await cleanUpProcesses();
  await rm(mediaDir, { recursive: true, force: true });
});

/** The processes `pid` started (its main thread spawns them) that run `command`. */
async function childrenRunning(pid: number, command: string): Promise<number[]> {
  const listed = await readFile(`/proc/${pid}/task/${pid}/children`, 'utf8').catch(() => '');
  const pids = listed.split(' ').filter(Boolean).map(Number);
  const named = await Promise.all(pids.map(async (child) => (await commandOf(child)) === command));
  return pids.filter((_, i) => named[i]);
}

async function commandOf(pid: number): Promise<string | null> {
  return (await readFile(`/proc/${pid}/comm`, 'utf8').catch(() => null))?.trim() ?? null;
}

/** Whether a process is still there and not a zombie waiting to be reaped. */
async function isAlive(pid: number): Promise<boolean> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => null);
  return stat !== null && !/^\d+ \(.*\) Z /.test(stat);
}

interface LeasedJob {
  id: number;
  leased_by: string | null;
  lease_until: Date | string | null;
}

describe.each(databases)('worker processes transcoding on %s', (kind) => {
  let backend: SharedBackend;
  let db: Knex;
  let admin: Account;

  beforeAll(async () => {
    backend = await SharedBackend.create(kind, mediaFolder, {
      JOB_POLL_MS: '50',
      JOB_LEASE_SECONDS: String(LEASE_SECONDS),
      RENDITION_HEIGHTS: '240,360',
    });
    const [server] = (await backend.start(1, { RUN_JOBS: 'false' })) as [ServerProcess];
    db = backend.open();
    admin = await registerAs(new Client(server.url), 'admin');
  }, 120_000);

  afterAll(async () => {
    await db?.destroy();
    await backend?.close();
  });

  async function stop(worker: Child): Promise<void> {
    worker.process.kill('SIGTERM');
    expect(await worker.exited).toBe(0);
  }

  it('shows processing.progress between 0 and 1 while ffmpeg runs, from its -progress output', async () => {
    // One rendition: a share strictly between 0 and 1 can only come from ffmpeg, not from renditions done.
    const worker = await backend.startWorker({ RENDITION_HEIGHTS: '360' });
    const uploaded = await uploadVideo(admin, { bytes: clips[0]!, filename: 'progress.mp4' });
    const seen: number[] = [];
    const movie = await eventually(
      () => movieStream(admin.client, uploaded.id),
      (found) => {
        if (found.processing.progress !== null) seen.push(found.processing.progress);
        return found.processing.state === 'READY';
      },
      100,
    );
    expect(movie.processing).toEqual({ state: 'READY', progress: null, error: null });
    expect(seen.some((progress) => progress > 0 && progress < 1)).toBe(true);
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
    await stop(worker);
  }, 180_000);

  it('hands the job of a worker killed with SIGKILL to another, and its ffmpeg dies with it', async () => {
    const doomed = await backend.startWorker();
    const pid = doomed.process.pid!;
    const uploaded = await uploadVideo(admin, { bytes: clips[1]!, filename: 'crash.mp4' });
    // The doomed worker holds a transcode and its ffmpeg has written progress.
    const running = await eventually(
      async () => ({
        job: await db('jobs')
          .where('kind', 'transcode')
          .where('leased_by', 'like', `${pid}@%`)
          .first<LeasedJob | undefined>('id', 'leased_by', 'lease_until'),
        moving: await db('renditions').where('progress', '>', 0).whereNull('ready_at').first('id'),
        ffmpeg: await childrenRunning(pid, 'ffmpeg'),
      }),
      (found) => found.job !== undefined && found.moving !== undefined && found.ffmpeg.length === 1,
    );
    // ffmpeg writes in a folder of its own, and a VOD playlist only once it has encoded everything.
    const folder = await readlink(`/proc/${running.ffmpeg[0]}/cwd`);
    doomed.process.kill('SIGKILL');
    expect(await doomed.exited).toBe('SIGKILL');
    const killedAt = Date.now();

    // Nobody finished it: the job still names the dead worker, within one lease of the kill.
    const left = await db('jobs').where('id', running.job!.id).first<LeasedJob>('id', 'leased_by', 'lease_until');
    expect(left.leased_by).toBe(running.job!.leased_by);
    expect(new Date(left.lease_until!).getTime()).toBeLessThanOrEqual(killedAt + LEASE_SECONDS * 1000);
    // The orphaned ffmpeg does not go on encoding for nobody: it died unfinished.
    await eventually(
      () => isAlive(running.ffmpeg[0]!),
      (alive) => !alive,
    );
    expect((await readdir(folder)).filter((file) => file.endsWith('.m3u8'))).toEqual([]);
    // A worker killed with SIGKILL leaves its working folder behind.
    await rm(folder, { recursive: true, force: true });

    const rescuer = await backend.startWorker();
    const movie = await processedMovie(admin.client, uploaded.id);
    expect(movie.processing).toEqual({ state: 'READY', progress: null, error: null });
    expect(movie.renditions.map(({ width, height }) => `${width}x${height}`)).toEqual(['426x240', '640x360']);
    await eventually(
      () => db('jobs').select('kind', 'leased_by'),
      (jobs) => jobs.length === 0,
    );
    await stop(rescuer);
  }, 240_000);
});
