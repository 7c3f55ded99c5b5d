import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../db/connection.js';
import { rangeRate } from './download-client.js';
import { nginxBinary, startFileServer, startOffloadingNginx } from './file-servers.js';
import { seed } from './seed.js';
import { startBenchServer } from './server-process.js';

/**
 * Where the time of a ranged `/media` request goes: the same random 64 KiB ranges of one file on
 * 32 connections, answered by one layer more at a time, each in a process of its own. Prints the
 * rate and the server's CPU time (user and system, every thread) per request. Not a figure of
 * `npm run bench`: it explains one (docs/benchmarks.md). `npm run bench:media-layers`.
 */
const SIZE = 64 * 1024 * 1024;
const RANGE = 64 * 1024;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);

const LAYERS = [
  ['node', "Node's http and fs.createReadStream"],
  ['express', 'the same in one Express 5 route'],
  ['ticket', 'and the ticket check first (SHA-256, one query through Knex and Objection)'],
  ['route', "the app's media route instead (stat, validators, headers, the storage's stream)"],
] as const;

/** CPU time of a process so far, in microseconds (clock ticks of 10 ms). */
function cpuMicros(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10_000;
}

async function measure(url: string, pid: number | undefined, what: string): Promise<void> {
  await rangeRate(url, SIZE, RANGE, 32, 2);
  const before = pid ? cpuMicros(pid) : 0;
  const started = performance.now();
  const rate = await rangeRate(url, SIZE, RANGE, 32, SECONDS);
  const requests = (rate * (performance.now() - started)) / 1000;
  const cpu = pid ? `${Math.round((cpuMicros(pid) - before) / requests)} µs CPU per request` : 'CPU not measured';
  console.log(`${Math.round(rate)} req/s, ${cpu}: ${what}`);
}

async function layerServer(layer: string, dir: string, file: string): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/media-layer-server.ts', layer, dir, file], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve) => child.stdout.once('data', (line) => resolve(String(line).trim())));
  return { url, child };
}

/**
 * nginx as deploy/nginx.conf sets it up in front of `upstream` (MEDIA_OFFLOAD=x-accel): the rate
 * through it, and the CPU of the process behind it (nginx's own is not counted).
 */
async function measureOffload(upstream: string, pid: number | undefined, path: string, what: string): Promise<void> {
  const binary = nginxBinary();
  if (!binary) return console.log(`no nginx here: ${what} not measured`);
  const nginx = await startOffloadingNginx(binary, join(dir, 'nginx-offload'), upstream, join(dir, 'media'), path);
  await measure(`${nginx.url}${path}`, pid, what).finally(() => nginx.stop());
}

/** BENCH_LAYERS=express,route measures only those (nginx, node, express, ticket, route, server, x-accel, offload). */
const chosen = process.env.BENCH_LAYERS?.split(',');
const runs = (layer: string) => !chosen || chosen.includes(layer);

const dir = await mkdtemp(join(tmpdir(), 'youku-media-layers-'));
try {
  const database = await openDatabase(`sqlite:${join(dir, 'app.db')}`);
  const seeded = await seed(database.knex, join(dir, 'media'), 0, 1, SIZE).finally(() => database.knex.destroy());
  const path = `/media/${seeded.mediaTicket}`;
  if (runs('nginx')) {
    const files = await startFileServer(seeded.mediaPath, join(dir, 'nginx'));
    await measure(files.url, undefined, files.what).finally(() => files.stop());
  }
  for (const [layer, what] of LAYERS.filter(([layer]) => runs(layer))) {
    const { url, child } = await layerServer(layer, dir, seeded.mediaPath);
    await measure(`${url}${path}`, child.pid, what).finally(() => child.kill('SIGTERM'));
  }
  if (runs('server')) {
    const env = { DATABASE_URL: `sqlite:${join(dir, 'app.db')}`, MEDIA_DIR: join(dir, 'media'), LOG_LEVEL: 'info' };
    const app = await startBenchServer(env);
    const what = 'the whole server as users run it (request log, metrics, CORS, body guards)';
    await measure(`${app.url}${path}`, app.child.pid, what).finally(() => app.stop());
  }
  if (runs('x-accel')) {
    const { url, child } = await layerServer('x-accel', dir, seeded.mediaPath);
    const what = 'nginx sending the file after a Node process that only names it (X-Accel-Redirect, nothing checked)';
    await measureOffload(new URL(url).host, child.pid, path, what).finally(() => child.kill('SIGTERM'));
  }
  if (runs('offload')) {
    const env = {
      DATABASE_URL: `sqlite:${join(dir, 'app.db')}`,
      MEDIA_DIR: join(dir, 'media'),
      LOG_LEVEL: 'info',
      MEDIA_OFFLOAD: 'x-accel',
    };
    const app = await startBenchServer(env);
    const what = 'nginx sending the file after the whole server checked the ticket (MEDIA_OFFLOAD=x-accel)';
    await measureOffload(new URL(app.url).host, app.child.pid, path, what).finally(() => app.stop());
  }
} finally {
  await rm(dir, { recursive: true, force: true });
}
