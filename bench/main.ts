/**
 * `npm run bench`: every figure of the benchmark as a ratio against a baseline measured in the same
 * run on the same machine (docs/benchmarks.md). The server runs as users start it; the bench
 * makes its own data in a temporary folder (and, with BENCH_DATABASE_URL, a database of its own on
 * that MySQL server) and removes it all at the end.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { dropDatabase, openDatabase } from '../db/connection.js';
import { mediaPath, streamPath } from '../domain/core/routes.js';
import { buildWhenStale } from '../web/build-when-stale.js';
import { cliStartupFigure } from './cli-startup.js';
import { downloadThroughput, rangeRate } from './download-client.js';
import { figureLine, writeResults, type Figure } from './figures.js';
import { startFileServer } from './file-servers.js';
import { fingerprintFigure } from './fingerprint-time.js';
import { offloadFigure } from './offload.js';
import { gql } from './graphql-client.js';
import { alternately, meanOf } from './alternation.js';
import { compareRates, type Load } from './request-rates.js';
import { seed, type Seeded } from './seed.js';
import { startBenchServer, type BenchServer } from './server-process.js';
import { transcodeFigures } from './transcode-overhead.js';
import { uploadFigures } from './uploads.js';

const QUICK = process.env.BENCH_QUICK === '1';
const MiB = 1024 * 1024;

/** A positive number from the environment, or the bench stops with one line naming the variable. */
function setting(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!(value > 0)) {
    console.error(`${name} must be a positive number (got ${JSON.stringify(raw)})`);
    process.exit(2);
  }
  return value;
}

const sizes = {
  upload: setting('BENCH_UPLOAD_BYTES', QUICK ? 16 * MiB : 1024 * MiB),
  media: QUICK ? 8 * MiB : 256 * MiB,
  sparse: 8 * 1024 ** 3,
  movies: QUICK ? 200 : 10_000,
  buyers: 32,
  seconds: setting('BENCH_SECONDS', QUICK ? 2 : 10),
};
const RANGE = 64 * 1024;
/** A segment of a stream: 4 s of a 360p rendition at about 800 kb/s. */
const SEGMENT = 384 * 1024;
/** BENCH_ONLY=media,graphql runs only those groups (uploads, media, graphql, downloads, fingerprint, cli, transcode), e.g. under a profiler. */
const only = process.env.BENCH_ONLY?.split(',');
const runs = (group: string) => !only || only.includes(group);
/** The groups that measure the server: without one of them, the bench starts none. */
const SERVER_GROUPS = ['uploads', 'media', 'graphql', 'downloads'];
const RESULTS = fileURLToPath(new URL('results.json', import.meta.url));

const LIST =
  '{ movies(first: 20) { edges { cursor node { id name isFree size price uploadedAt } } pageInfo { hasNextPage endCursor } } }';
const TYPENAME = '{ __typename }';
const BALANCE = '{ me { balance } }';
const DOWNLOAD = 'mutation($id: ID!) { downloadMovie(id: $id) { url price waitSeconds } }';

function graphqlLoad(url: string, query: string, token: string): Load {
  return {
    url: `${url}/graphql`,
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query }),
  };
}

async function mediaFigures(
  server: BenchServer,
  env: Record<string, string>,
  seeded: Seeded,
  dir: string,
): Promise<Figure[]> {
  const files = await startFileServer(seeded.mediaPath, join(dir, 'nginx'));
  try {
    const ours = `${server.url}${mediaPath(seeded.mediaTicket)}`;
    // 8 full downloads at once; random 64 KiB ranges on 32 connections, as a player seeking.
    const download = (url: string, warmUp: boolean) => downloadThroughput(url, warmUp ? 1 : 8, sizes.media);
    const throughput = await alternately(ours, files.url, download, meanOf);
    const load = { size: sizes.media, range: RANGE, connections: 32, seconds: sizes.seconds };
    const ranged = (length: number) => (url: string, warmUp: boolean) =>
      rangeRate(url, load.size, length, load.connections, warmUp ? 1 : load.seconds / 2);
    const ranges = await alternately(ours, files.url, ranged(RANGE), meanOf);
    // A player's segments: ranges of a READY rendition's file through the stream route.
    const stream = `${server.url}${streamPath(seeded.mediaTicket, seeded.streamFile)}`;
    const segments = await alternately(stream, files.url, ranged(SEGMENT), meanOf);
    const offload = await offloadFigure(env, seeded, files, load, dir);
    const note = files.note ? { note: files.note } : {};
    return [
      {
        name: 'media-throughput',
        value: throughput.ours / MiB,
        unit: 'MiB/s',
        baseline: { value: throughput.theirs / MiB, unit: 'MiB/s', what: `${files.what}, the same file and client` },
        ratio: throughput.ours / throughput.theirs,
        ...note,
      },
      {
        name: 'media-range-rps',
        value: ranges.ours,
        unit: 'req/s',
        baseline: { value: ranges.theirs, unit: 'req/s', what: `${files.what}, the same requests` },
        ratio: ranges.ours / ranges.theirs,
        ...note,
      },
      offload,
      {
        name: 'hls-segment-rps',
        value: segments.ours,
        unit: 'req/s',
        baseline: { value: segments.theirs, unit: 'req/s', what: `${files.what}, the same ranges of the same bytes` },
        ratio: segments.ours / segments.theirs,
        ...note,
      },
    ];
  } finally {
    await files.stop();
  }
}

async function graphqlFigures(server: BenchServer, seeded: Seeded): Promise<Figure[]> {
  const token = seeded.buyerTokens[0]!;
  const typename = graphqlLoad(server.url, TYPENAME, token);
  const list = await compareRates(graphqlLoad(server.url, LIST, token), typename, 32, sizes.seconds);
  // No route of the app answers `{}`: its JSON 404, behind the same middleware, is the nearest.
  const bare = await compareRates(
    typename,
    { url: `${server.url}/bench-not-found`, answersNotFound: true },
    32,
    sizes.seconds,
  );
  // A browser opening GraphiQL, anonymous: the page alone (its files are cached by name).
  const graphiql = await compareRates(
    { url: `${server.url}/graphql`, headers: { accept: 'text/html' } },
    { url: `${server.url}/bench-not-found`, answersNotFound: true },
    32,
    sizes.seconds,
  );
  const viaTypename = { unit: 'req/s', what: '{ __typename } logged in, same server' };
  return [
    {
      name: 'list-rps',
      value: list.load.rps,
      unit: 'req/s',
      baseline: { value: list.baseline.rps, ...viaTypename },
      ratio: list.load.rps / list.baseline.rps,
    },
    {
      name: 'list-p99',
      value: list.load.p99Ms,
      unit: 'ms',
      baseline: { value: list.baseline.p99Ms, unit: 'ms', what: 'p99 of { __typename } logged in' },
      ratio: list.baseline.p99Ms / list.load.p99Ms,
    },
    {
      name: 'typename-rps',
      value: bare.load.rps,
      unit: 'req/s',
      baseline: { value: bare.baseline.rps, unit: 'req/s', what: 'the JSON 404 of the same Express app' },
      ratio: bare.load.rps / bare.baseline.rps,
    },
    {
      name: 'graphiql-rps',
      value: graphiql.load.rps,
      unit: 'req/s',
      baseline: { value: graphiql.baseline.rps, unit: 'req/s', what: 'the JSON 404 of the same Express app' },
      ratio: graphiql.load.rps / graphiql.baseline.rps,
    },
  ];
}

/** downloadMovie of random paid movies, each connection a user of its own; against `me { balance }`. */
async function downloadFigure(server: BenchServer, seeded: Seeded): Promise<Figure> {
  let next = 0;
  const userOf = (context: Record<string, unknown>) =>
    (context.token ??= seeded.buyerTokens[next++ % seeded.buyerTokens.length]) as string;
  const asUser = (body: () => string): Load => ({
    url: `${server.url}/graphql`,
    method: 'POST',
    setup: (request, context) => ({
      ...request,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${userOf(context)}` },
      body: body(),
    }),
  });
  const paid = seeded.paidMovieIds;
  const download = asUser(() => {
    const id = Buffer.from(`Movie:${paid[Math.floor(Math.random() * paid.length)]}`).toString('base64');
    return JSON.stringify({ query: DOWNLOAD, variables: { id } });
  });
  const balance = asUser(() => JSON.stringify({ query: BALANCE }));
  const rates = await compareRates(download, balance, 32, sizes.seconds);
  return {
    name: 'download-tx-rps',
    value: rates.load.rps,
    unit: 'req/s',
    baseline: { value: rates.baseline.rps, unit: 'req/s', what: '{ me { balance } } by the same 32 users' },
    ratio: rates.load.rps / rates.baseline.rps,
  };
}

function machine(dir: string): Record<string, string> {
  const disk = (() => {
    try {
      return execFileSync('findmnt', ['-no', 'SOURCE,FSTYPE', '-T', dir], { encoding: 'utf8' }).trim();
    } catch {
      return 'unknown';
    }
  })();
  return { cores: String(availableParallelism()), cpu: cpus()[0]?.model ?? 'unknown', disk, node: process.version };
}

/** A database of its own: a file in `dir`, or a fresh database on BENCH_DATABASE_URL's MySQL server. */
function benchDatabaseUrl(dir: string): string {
  const server = process.env.BENCH_DATABASE_URL;
  if (!server) return `sqlite:${join(dir, 'app.db')}`;
  const url = new URL(server);
  url.pathname = `/bench_${randomBytes(6).toString('hex')}`;
  return url.toString();
}

/** Prints the figures of the server's groups that BENCH_ONLY asks for, each group once it is measured. */
async function serverFigures(
  server: BenchServer,
  env: Record<string, string>,
  dir: string,
  databaseUrl: string,
  print: (figures: Figure[]) => void,
): Promise<void> {
  const admin = await gql<{ register: { token: string } }>(
    server.url,
    'mutation { register(name: "bench", password: "bench-password") { token } }',
  );
  if (runs('uploads')) print(await uploadFigures(server, admin.register.token, sizes.upload, dir));
  const database = await openDatabase(databaseUrl);
  const seeded = await seed(database.knex, join(dir, 'media'), sizes.movies, sizes.buyers, sizes.media).finally(() =>
    database.knex.destroy(),
  );
  if (runs('media')) print(await mediaFigures(server, env, seeded, dir));
  if (runs('graphql')) print(await graphqlFigures(server, seeded));
  if (runs('downloads')) print([await downloadFigure(server, seeded)]);
}

async function main(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'youku-bench-'));
  const databaseUrl = benchDatabaseUrl(dir);
  const figures: Figure[] = [];
  const print = (more: Figure[]) => {
    for (const figure of more) console.log(figureLine(figure));
    figures.push(...more);
  };
  let server: BenchServer | undefined;
  try {
    // As `npm start` does first: the server serves GraphiQL and the web client from these builds,
    // and the command-line client runs from its own.
    await buildWhenStale();
    // First, while no server of the bench takes the CPU: a command's start is mostly CPU.
    if (runs('cli')) print([await cliStartupFigure()]);
    if (SERVER_GROUPS.some(runs)) {
      const env = { DATABASE_URL: databaseUrl, MEDIA_DIR: join(dir, 'media'), LOG_LEVEL: 'info' };
      server = await startBenchServer(env);
      await serverFigures(server, env, dir, databaseUrl, print);
    }
    if (runs('fingerprint')) print([await fingerprintFigure(dir, sizes.sparse)]);
    // A server and a worker of their own on a database of their own, while the other server idles.
    if (runs('transcode')) print(await transcodeFigures(dir, benchDatabaseUrl(join(dir, 'transcode-database'))));
    await writeResults(RESULTS, figures, machine(dir));
  } finally {
    await server?.stop();
    await rm(dir, { recursive: true, force: true });
    await dropDatabase(databaseUrl);
  }
}

await main();
