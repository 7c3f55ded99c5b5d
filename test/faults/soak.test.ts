import { createHash } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { CREDIT_USER, LOGIN, ME, PASSWORD, registerAs, type Account } from '../support/accounts.js';
import { Client, type GraphQLResponse } from '../support/client.js';
import { COIN_HISTORY } from '../support/coins.js';
import { databases } from '../support/databases.js';
import { BUY_VIP, DOWNLOAD, type Ticket } from '../support/downloads.js';
import { fingerprintOfBytes, MOVIES, uploadRequest, videoBytes, type MovieShape } from '../support/movies.js';
import { FINISH_UPLOAD, tusUpload, uploadIdOf } from '../support/resumable.js';
import {
  cleanUpProcesses,
  logLines,
  residentKib,
  type ServerProcess,
  sleep,
  startProcess,
} from '../support/server-process.js';
import { withDatabase } from './support/database-rows.js';

/** SOAK_SECONDS shortens the run on a workstation; CI runs the full three minutes. */
const SECONDS = Number(process.env.SOAK_SECONDS ?? 180);
const CLIENTS = 200;
/** RSS is compared between the first and the last window of this length (a minute, or a third of a short run). */
const WINDOW_MS = Math.min(60, SECONDS / 3) * 1000;
/**
 * The last window's median RSS may exceed the first's by half: heaps settle, JIT code and pools
 * grow for a while, and argon2 takes 19 MiB per login being hashed; a leak of every request grows
 * without such a bound over thousands of requests.
 */
const RSS_GROWTH = 1.5;

afterAll(async () => {
  await cleanUpProcesses();
});

const sha256 = (bytes: Buffer | Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const pick = <T>(items: T[]): T | undefined => items[Math.floor(Math.random() * items.length)];

/** Everything the clients saw that a healthy server never answers. */
class Problems {
  readonly seen: string[] = [];

  add(what: string, detail: unknown): void {
    if (this.seen.length < 50)
      this.seen.push(`${what}: ${typeof detail === 'string' ? detail : JSON.stringify(detail)}`);
  }

  /** A GraphQL answer is fine below 500 with refusals that carry an expected code. */
  check(what: string, result: GraphQLResponse, expected: string[] = []): boolean {
    const codes = (result.errors ?? []).map((error) => error.extensions?.code ?? '(none)');
    if (result.status >= 500 || codes.some((code) => !expected.includes(code))) {
      this.add(what, { status: result.status, errors: result.errors });
    }
    return result.status < 500 && codes.length === 0;
  }
}

interface Shared {
  server: ServerProcess;
  problems: Problems;
  /** The movies accepted so far, with the SHA-256 of the bytes that were sent. */
  movies: { movie: MovieShape; sent: string }[];
  until: number;
  /** How many of each kind of work were served, so that a run that did nothing cannot pass. */
  served: Record<string, number>;
}

function served(shared: Shared, what: string): void {
  shared.served[what] = (shared.served[what] ?? 0) + 1;
}

/** Fetches a ticket's bytes and checks them against the movie's SHA-256. */
async function fetchBytes(shared: Shared, ticket: Ticket, expected: string): Promise<void> {
  const url = new URL(ticket.url, shared.server.url);
  // A kept-alive connection that the server closes as the next request goes out is reset: HTTP
  // lets a client send a GET again then, as browsers do; it is counted, never hidden.
  const response = await fetch(url).catch((err: Error) => {
    if ((err.cause as NodeJS.ErrnoException | undefined)?.code !== 'ECONNRESET') throw err;
    served(shared, 'GET sent again after a reset');
    return fetch(url);
  });
  const bytes = new Uint8Array(await response.arrayBuffer());
  if (response.status !== 200) shared.problems.add('media', { status: response.status });
  else if (sha256(bytes) !== expected) shared.problems.add('media', `bytes of movie ${ticket.movie.id} differ`);
  else served(shared, ticket.price > 0 ? 'paid download' : 'free download');
}

async function downloadOne(shared: Shared, client: Client, free: boolean): Promise<void> {
  const chosen = pick(shared.movies.filter(({ movie }) => movie.isFree === free));
  if (!chosen) return;
  const result = await client.request<{ downloadMovie: Ticket }>(DOWNLOAD, { id: chosen.movie.id });
  if (shared.problems.check('downloadMovie', result, ['INSUFFICIENT_FUNDS'])) {
    await fetchBytes(shared, result.data!.downloadMovie, chosen.sent);
  }
}

/** One viewer: lists, logs in again, downloads free and paid movies with their bytes, buys VIP. */
async function viewer(shared: Shared, account: Account): Promise<void> {
  let client = account.client;
  const { problems } = shared;
  while (Date.now() < shared.until) {
    const roll = Math.random();
    if (roll < 0.35) {
      const type = pick(['ALL', 'FREE', 'CHARGE']);
      if (problems.check('movies', await client.request(MOVIES, { first: 20, type }))) served(shared, 'list');
    } else if (roll < 0.45) problems.check('me', await client.request(ME));
    else if (roll < 0.5) problems.check('coinHistory', await client.request(COIN_HISTORY, { first: 10 }));
    else if (roll < 0.55) {
      const result = await client.request<{ login: { token: string } }>(LOGIN, {
        name: account.user.name,
        password: PASSWORD,
      });
      if (problems.check('login', result)) {
        client = client.as(result.data!.login.token);
        served(shared, 'login');
      }
    } else if (roll < 0.75) await downloadOne(shared, client, true);
    else if (roll < 0.95) await downloadOne(shared, client, false);
    else if (problems.check('buyVip', await client.request(BUY_VIP), ['INSUFFICIENT_FUNDS'])) served(shared, 'VIP');
    await sleep(100 + Math.random() * 200);
  }
}

let uploads = 0;

/** An upload of new bytes by multipart or by tus, alternately; accepted movies join the shared list. */
async function uploadOne(shared: Shared, admin: Account): Promise<void> {
  const bytes = videoBytes(32 * 1024 + Math.floor(Math.random() * 224 * 1024), 1_000 + uploads);
  const isFree = uploads % 3 !== 0;
  const fingerprint = await fingerprintOfBytes(bytes);
  let result: GraphQLResponse<Record<string, MovieShape>>;
  const way = uploads++ % 2 === 0 ? 'multipart upload' : 'tus upload';
  if (way === 'multipart upload') {
    result = await uploadRequest(admin.client, { bytes, isFree });
  } else {
    const url = await tusUpload(admin.client, { bytes, chunkSize: 64 * 1024 });
    result = await admin.client.request(FINISH_UPLOAD, { uploadId: uploadIdOf(url), isFree, fingerprint });
  }
  if (shared.problems.check('upload', result)) {
    const movie = (result.data!.uploadMovie ?? result.data!.finishUpload)!;
    shared.movies.push({ movie, sent: sha256(bytes) });
    served(shared, way);
  }
}

/** The admin: uploads both ways, and now and then credits a viewer. */
async function administrator(shared: Shared, admin: Account, viewers: Account[]): Promise<void> {
  while (Date.now() < shared.until) {
    await uploadOne(shared, admin).catch((err: Error) => shared.problems.add('upload', err.message));
    const paid = pick(viewers)!;
    shared.problems.check('creditUser', await admin.client.request(CREDIT_USER, { id: paid.user.id, amount: 50 }));
    await sleep(500);
  }
}

/** Samples the server's resident memory every few seconds until `until`. */
async function sampleRss(pid: number, until: number): Promise<{ at: number; kib: number }[]> {
  const samples: { at: number; kib: number }[] = [];
  while (Date.now() < until) {
    samples.push({ at: Date.now(), kib: await residentKib(pid) });
    await sleep(2000);
  }
  return samples;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** Every movie, as an admin lists them. */
async function allMovies(admin: Account): Promise<MovieShape[]> {
  const movies: MovieShape[] = [];
  for (let after: string | null = null; ;) {
    const page: any = await admin.client.ok(MOVIES, { first: 100, after });
    movies.push(...page.movies.edges.map((edge: { node: MovieShape }) => edge.node));
    if (!page.movies.pageInfo.hasNextPage) return movies;
    after = page.movies.pageInfo.endCursor;
  }
}

describe.each(databases)('a soak on %s', (kind) => {
  it(`${CLIENTS} clients for ${SECONDS} s: no 5xx, no slip, steady memory, balances equal ledgers, bytes intact`, async () => {
    // All clients come from 127.0.0.1: the cap on connections per address is lifted for them.
    const server = await startProcess(
      { DOWNLOAD_WAIT_SECONDS: '0', MAX_CONNECTIONS_PER_ADDRESS: '0', REGISTRATIONS_PER_ADDRESS: '1000000' },
      { database: kind },
    );
    const anonymous = new Client(server.url);
    const admin = await registerAs(anonymous, 'admin');
    const viewers: Account[] = [];
    for (let i = 0; i < CLIENTS; i += 20) {
      viewers.push(
        ...(await Promise.all(Array.from({ length: 20 }, (_, j) => registerAs(anonymous, `viewer${i + j}`)))),
      );
    }
    await Promise.all(viewers.map((account) => admin.client.ok(CREDIT_USER, { id: account.user.id, amount: 300 })));
    const shared: Shared = { server, problems: new Problems(), movies: [], until: 0, served: {} };
    for (let i = 0; i < 6; i++) await uploadOne(shared, admin);

    const started = Date.now();
    shared.until = started + SECONDS * 1000;
    const [rss] = await Promise.all([
      sampleRss(server.child.process.pid!, shared.until),
      administrator(shared, admin, viewers),
      ...viewers.map((account) => viewer(shared, account)),
    ]).catch((err: unknown) => {
      // What the server said about it: its warnings and errors, the last ones first.
      const said = logLines(server.child).filter((line) => (line.level ?? 0) >= 40);
      throw new Error(
        `${(err as Error).message}\n${said
          .slice(-20)
          .reverse()
          .map((line) => JSON.stringify(line))
          .join('\n')}`,
        {
          cause: err,
        },
      );
    });
    expect(shared.problems.seen).toEqual([]);
    console.info(`soak on ${kind}: served ${JSON.stringify(shared.served)}`);
    for (const what of ['list', 'login', 'free download', 'paid download', 'VIP', 'multipart upload', 'tus upload']) {
      expect(shared.served[what], what).toBeGreaterThan(0);
    }
    expect(logLines(server.child).filter((line) => line.msg === 'unhandled promise rejection')).toEqual([]);

    const first = median(rss.filter((sample) => sample.at < started + WINDOW_MS).map((sample) => sample.kib));
    const last = median(rss.filter((sample) => sample.at >= shared.until - WINDOW_MS).map((sample) => sample.kib));
    expect(last, `RSS ${first} KiB in the first window, ${last} KiB in the last`).toBeLessThanOrEqual(
      first * RSS_GROWTH,
    );

    const ledgers = await withDatabase(server.databaseUrl, (db) =>
      db('users')
        .leftJoin('coin_entries', 'coin_entries.user_id', 'users.id')
        .groupBy('users.id', 'users.balance')
        .select('users.id', 'users.balance', db.raw('coalesce(sum(coin_entries.amount), 0) as ledger')),
    );
    expect(ledgers).toHaveLength(CLIENTS + 1);
    for (const row of ledgers) expect(Number(row.balance), `user ${row.id}`).toBe(Number(row.ledger));

    const sent = new Map(shared.movies.map(({ movie, sent: hash }) => [movie.id, hash]));
    const movies = await allMovies(admin);
    expect(movies.length).toBe(shared.movies.length);
    for (const movie of movies) {
      const ticket = (await admin.client.ok<{ downloadMovie: Ticket }>(DOWNLOAD, { id: movie.id })).downloadMovie;
      const bytes = new Uint8Array(await (await fetch(new URL(ticket.url, server.url))).arrayBuffer());
      expect(sha256(bytes), movie.name).toBe(movie.sha256);
      expect(movie.sha256).toBe(sent.get(movie.id));
    }
    expect(await server.stop()).toBe(0);
  });
});
