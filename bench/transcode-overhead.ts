/**
 * `transcode-overhead`: the whole processing of one 1080p clip through the real server and a worker
 * process (upload through the API until the stream is READY) against the same ffmpeg and ffprobe
 * runs made by hand on the same file, in the same run. The hand runs call the functions of
 * domain/media that the jobs call, so the commands are the same by construction.
 */
import { spawn, execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { dropDatabase } from '../db/connection.js';
import { computeFingerprint } from '../domain/catalogue/fingerprint.js';
import { planLadder } from '../domain/media/ladder.js';
import { makePoster, posterTime } from '../domain/media/poster.js';
import { probeMedia } from '../domain/media/probe.js';
import { findMediaTools } from '../domain/media/tools.js';
import { transcodeRendition } from '../domain/media/transcode.js';
import { readConfig } from '../server/config/read-config.js';
import type { Figure } from './figures.js';
import { gql } from './graphql-client.js';
import { startBenchServer } from './server-process.js';

const run = promisify(execFile);
const MB = 1024 * 1024;
const CLIP_SECONDS = 10;

const UPLOAD =
  'mutation($file: Upload!, $fingerprint: String!) { uploadMovie(file: $file, isFree: true, fingerprint: $fingerprint) { id } }';
const PROCESSING = 'query($id: ID!) { movie(id: $id) { processing { state error } } }';

/** A 1920x1080 test pattern with a tone, about 10 s, made for the bench only. */
async function makeClip(path: string): Promise<void> {
  await run('ffmpeg', [
    ...['-v', 'error', '-nostdin', '-y'],
    ...['-f', 'lavfi', '-i', `testsrc2=size=1920x1080:rate=30:duration=${CLIP_SECONDS}`],
    ...['-f', 'lavfi', '-i', `sine=frequency=440:duration=${CLIP_SECONDS}`],
    ...['-c:v', 'libx264', '-preset', 'veryfast', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-shortest', path],
  ]);
}

/** Probe, poster and every rendition of the ladder, one after another as one worker runs them. */
async function byHand(env: Record<string, string>, clip: string, folder: string): Promise<number> {
  const config = readConfig(env);
  const { tools } = await findMediaTools(config.media);
  const signal = new AbortController().signal;
  const started = performance.now();
  const probed = await probeMedia(tools, clip, signal);
  if (!probed?.source) throw new Error('ffprobe found no picture in the bench clip');
  const duration = probed.info.durationSeconds ?? CLIP_SECONDS;
  await makePoster(tools, clip, posterTime(duration), signal);
  for (const plan of planLadder(probed.source, config.renditionHeights)) {
    await transcodeRendition(tools, clip, plan, duration, folder, signal, () => undefined);
  }
  return (performance.now() - started) / 1000;
}

async function upload(url: string, token: string, bytes: Buffer): Promise<string> {
  const fingerprint = await computeFingerprint(bytes.length, (offset, length) =>
    Promise.resolve(bytes.subarray(offset, offset + length)),
  );
  const form = new FormData();
  form.set('operations', JSON.stringify({ query: UPLOAD, variables: { file: null, fingerprint } }));
  form.set('map', JSON.stringify({ 0: ['variables.file'] }));
  form.set('0', new Blob([new Uint8Array(bytes)], { type: 'video/mp4' }), 'bench-1080p.mp4');
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'x-graphql-yoga-csrf': '1' },
    body: form,
  });
  const result = (await response.json()) as { data?: { uploadMovie: { id: string } } | null; errors?: unknown };
  if (!result.data) throw new Error(`upload refused: ${JSON.stringify(result.errors)}`);
  return result.data.uploadMovie.id;
}

async function processed(url: string, token: string, id: string): Promise<void> {
  for (;;) {
    const { movie } = await gql<{ movie: { processing: { state: string; error: string | null } } }>(
      url,
      PROCESSING,
      token,
      { id },
    );
    if (movie.processing.state === 'READY') return;
    if (movie.processing.state === 'FAILED' || movie.processing.state === 'UNSUPPORTED') {
      throw new Error(`the bench clip was not processed: ${movie.processing.state} ${movie.processing.error ?? ''}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** `npm run worker` as users start it, its own process; resolves once it runs jobs. */
async function startWorker(env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/worker.ts'], {
    env: { ...process.env, NODE_ENV: 'production', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let said = '';
  await new Promise<void>((resolve, reject) => {
    child.stderr.on('data', (chunk: Buffer) => {
      said += chunk.toString();
      if (/^Worker ready: /m.test(said)) resolve();
    });
    child.once('exit', () => reject(new Error(`the worker did not start: ${said}`)));
  });
  return {
    /** Peak resident memory so far (VmHWM), in bytes: read before it exits. */
    peakRss: async () =>
      Number(/VmHWM:\s+(\d+) kB/.exec(await readFile(`/proc/${child.pid}/status`, 'utf8'))![1]) * 1024,
    stop: async () => {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
    },
  };
}

/** Through a server with RUN_JOBS=false and one worker process: upload until READY. */
async function wholeJob(env: Record<string, string>, clip: Buffer): Promise<{ seconds: number; workerRss: number }> {
  const server = await startBenchServer({ ...env, RUN_JOBS: 'false' });
  const worker = await startWorker(env).catch(async (err: unknown) => {
    await server.stop();
    throw err;
  });
  try {
    const admin = await gql<{ register: { token: string } }>(
      server.url,
      'mutation { register(name: "bench", password: "bench-password") { token } }',
    );
    const token = admin.register.token;
    const started = performance.now();
    await processed(server.url, token, await upload(server.url, token, clip));
    const seconds = (performance.now() - started) / 1000;
    return { seconds, workerRss: await worker.peakRss() };
  } finally {
    await worker.stop();
    await server.stop();
  }
}

/** The whole job against the same commands by hand (ratio hand / whole), and the worker's peak RSS. */
export async function transcodeFigures(dir: string, databaseUrl: string): Promise<Figure[]> {
  const folder = await mkdtemp(join(dir, 'transcode-'));
  await mkdir(join(folder, 'hand'));
  const env = { DATABASE_URL: databaseUrl, MEDIA_DIR: join(folder, 'media') };
  try {
    const clip = join(folder, 'clip-1080p.mp4');
    await makeClip(clip);
    const whole = await wholeJob(env, await readFile(clip));
    const hand = await byHand(env, clip, join(folder, 'hand'));
    return [
      {
        name: 'transcode-overhead',
        value: whole.seconds,
        unit: 's',
        baseline: { value: hand, unit: 's', what: 'the same ffprobe and ffmpeg runs by hand on the same 1080p file' },
        ratio: hand / whole.seconds,
      },
      {
        name: 'transcode-worker-rss',
        value: whole.workerRss / MB,
        unit: 'MB',
        baseline: null,
        ratio: null,
        note: 'peak RSS of the worker process (VmHWM), ffmpeg not counted',
      },
    ];
  } finally {
    await rm(folder, { recursive: true, force: true });
    await dropDatabase(databaseUrl);
  }
}
