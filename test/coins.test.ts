import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { hashPassword } from '../domain/accounts/passwords.js';
import {
  adminAndUser,
  credit,
  CREDIT_USER,
  LOGIN,
  ME,
  PASSWORD,
  registerAs,
  type Account,
} from './support/accounts.js';
import { Client, type GraphQLResponse } from './support/client.js';
import {
  checkLedger,
  COIN_HISTORY,
  coinHistory,
  ledgerOf,
  USER_COIN_HISTORY,
  type CoinEntryShape,
} from './support/coins.js';
import { databases } from './support/databases.js';
import { BUY_VIP, DOWNLOAD, download } from './support/downloads.js';
import { databaseBefore } from './support/migrations.js';
import { DELETE_MOVIE, uploadVideo, videoBytes, type MovieShape } from './support/movies.js';
import { startServer, type TestServer } from './support/server.js';

const MAX_BALANCE = 2_147_483_647;

/** What a test compares of an entry: its amount, reason, balance after and movie's name. */
function summary(entry: CoinEntryShape): [number, string, number, string | null] {
  return [entry.amount, entry.reason, entry.balanceAfter, entry.movie?.name ?? null];
}

describe.each(databases)('coins on %s', (kind) => {
  let server: TestServer;
  let admin: Account;
  let user: Account;
  /** Folders a test made beside its server's, removed once the server is closed. */
  let dirs: string[] = [];
  afterEach(async () => {
    await server?.close();
    await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
    dirs = [];
  });

  async function start(env: Record<string, string> = {}) {
    // No background jobs: this suite counts the queries its requests run.
    server = await startServer(kind, { DOWNLOAD_WAIT_SECONDS: '0', JOB_CONCURRENCY: '0', ...env });
    ({ admin, user } = await adminAndUser(new Client(server.url)));
  }

  async function paidMovies(count: number, seed = 100): Promise<MovieShape[]> {
    const movies = [];
    for (let i = 0; i < count; i++) {
      movies.push(await uploadVideo(admin, { bytes: videoBytes(500, seed + i), isFree: false, name: `paid ${i}` }));
    }
    return movies;
  }

  async function balanceOf(account: Account): Promise<number> {
    return (await account.client.ok(ME)).me.balance;
  }

  describe('the ledger', () => {
    it('writes one entry per change (CREDIT, DEBIT, VIP, paid DOWNLOAD with its movie) and none for free ones', async () => {
      await start({ PRICE_REGULAR: '10', PRICE_VIP: '5', VIP_PRICE: '30' });
      expect((await user.client.ok('{ vipPrice }')).vipPrice).toBe(30);
      const [first, second] = await paidMovies(2);
      const free = await uploadVideo(admin, { bytes: videoBytes(500, 9), isFree: true });

      expect((await admin.client.ok(CREDIT_USER, { id: user.user.id, amount: 100 })).creditUser.balance).toBe(100);
      expect((await admin.client.ok(CREDIT_USER, { id: user.user.id, amount: -20 })).creditUser.balance).toBe(80);
      expect((await download(user.client, first!.id)).price).toBe(10);
      expect((await user.client.ok(BUY_VIP)).buyVip.balance).toBe(40);
      expect((await download(user.client, second!.id)).price).toBe(5);
      // Free, already bought, already VIP: nothing changes, nothing is written.
      await download(user.client, free.id);
      await download(user.client, first!.id);
      await user.client.ok(BUY_VIP);
      await admin.client.ok(DELETE_MOVIE, { id: first!.id });

      const own = await coinHistory(user.client);
      expect(own.map(summary)).toEqual([
        [-5, 'DOWNLOAD', 35, 'paid 1'],
        [-30, 'VIP', 40, null],
        [-10, 'DOWNLOAD', 70, 'paid 0'],
        [-20, 'DEBIT', 80, null],
        [100, 'CREDIT', 100, null],
      ]);
      expect(own[0]!.movie!.id).toBe(second!.id);
      expect(own[2]!.movie!.id).toBe(first!.id);
      for (const entry of own) expect(new Date(entry.createdAt).toISOString()).toBe(entry.createdAt);
      expect(await ledgerOf(admin, user)).toEqual(own);
      expect(await balanceOf(user)).toBe(35);
      expect(await checkLedger(server.db, 'viewer')).toMatchObject({ balance: 35, sum: 35, chained: true });
      expect(await coinHistory(admin.client)).toEqual([]);
    });

    it('shows each user only their own entries, in pages, with the movies loaded in one query', async () => {
      await start();
      const movies = await paidMovies(5);
      const other = await registerAs(new Client(server.url), 'other');
      await credit(admin, user, 100);
      await credit(admin, other, 3);
      for (const movie of movies) await download(user.client, movie.id);

      const { result: all, queries } = await server.queriesDuring(() => coinHistory(user.client));
      expect(all.map((entry) => entry.reason)).toEqual([
        'DOWNLOAD',
        'DOWNLOAD',
        'DOWNLOAD',
        'DOWNLOAD',
        'DOWNLOAD',
        'CREDIT',
      ]);
      expect(queries.filter((sql) => /from [`"]movies[`"]/.test(sql))).toHaveLength(1);

      const page = (await user.client.ok(COIN_HISTORY, { first: 4 })).coinHistory;
      expect(page.totalCount).toBe(6);
      expect(page.pageInfo.hasNextPage).toBe(true);
      const rest = (await user.client.ok(COIN_HISTORY, { first: 4, after: page.pageInfo.endCursor })).coinHistory;
      expect(rest.pageInfo.hasNextPage).toBe(false);
      expect([...page.edges, ...rest.edges].map((edge: { node: CoinEntryShape }) => edge.node)).toEqual(all);
      expect((await coinHistory(other.client)).map(summary)).toEqual([[3, 'CREDIT', 3, null]]);
    });
  });

  describe('debits and limits', () => {
    async function entryCount(): Promise<number> {
      return server.rows('coin_entries');
    }

    it('takes coins back down to 0, never below, writing nothing when refused', async () => {
      await start();
      await credit(admin, user, 10);
      const refused = await admin.client.fails('INSUFFICIENT_FUNDS', CREDIT_USER, { id: user.user.id, amount: -11 });
      expect(refused.message).toContain('10');
      expect(refused.extensions).toMatchObject({ field: 'amount', balance: 10 });
      expect(await balanceOf(user)).toBe(10);
      expect(await entryCount()).toBe(1);
      expect((await admin.client.ok(CREDIT_USER, { id: user.user.id, amount: -10 })).creditUser.balance).toBe(0);
      expect((await coinHistory(user.client)).map(summary)[0]).toEqual([-10, 'DEBIT', 0, null]);
      await admin.client.fails('INSUFFICIENT_FUNDS', CREDIT_USER, { id: user.user.id, amount: -1 });
      expect(await entryCount()).toBe(2);
    });

    it.each([
      ['zero', 0],
      ['more than a million', 1_000_001],
      ['less than minus a million', -1_000_001],
    ])('refuses an amount of %s, saying the limit and writing nothing', async (_what, amount) => {
      await start();
      await credit(admin, user, 10);
      const error = await admin.client.fails('BAD_USER_INPUT', CREDIT_USER, { id: user.user.id, amount });
      expect(error.message).toContain('1000000');
      expect(error.extensions?.field).toBe('amount');
      expect(await balanceOf(user)).toBe(10);
      expect(await entryCount()).toBe(1);
    });

    it('accepts a million either way', async () => {
      await start();
      await credit(admin, user, 1_000_000);
      expect((await admin.client.ok(CREDIT_USER, { id: user.user.id, amount: -1_000_000 })).creditUser.balance).toBe(0);
    });

    it('refuses a balance past 2^31 - 1, saying the limit and writing nothing', async () => {
      await start();
      await server
        .db('users')
        .where('name', 'viewer')
        .update({ balance: MAX_BALANCE - 5 });
      const error = await admin.client.fails('BAD_USER_INPUT', CREDIT_USER, { id: user.user.id, amount: 6 });
      expect(error.message).toContain(String(MAX_BALANCE));
      expect(await entryCount()).toBe(0);
      expect((await admin.client.ok(CREDIT_USER, { id: user.user.id, amount: 5 })).creditUser.balance).toBe(
        MAX_BALANCE,
      );
      expect(await entryCount()).toBe(1);
    });

    it('answers unknown users NOT_FOUND and malformed ids or ids of another kind BAD_USER_INPUT, writing nothing', async () => {
      await start();
      const unknown = Buffer.from('User:999999').toString('base64');
      const movieId = Buffer.from('Movie:1').toString('base64');
      await admin.client.fails('NOT_FOUND', CREDIT_USER, { id: unknown, amount: 5 });
      await admin.client.fails('NOT_FOUND', CREDIT_USER, { id: unknown, amount: -5 });
      await admin.client.fails('NOT_FOUND', USER_COIN_HISTORY, { id: unknown });
      await admin.client.fails('BAD_USER_INPUT', CREDIT_USER, { id: movieId, amount: 5 });
      await admin.client.fails('BAD_USER_INPUT', USER_COIN_HISTORY, { id: movieId });
      await admin.client.fails('BAD_USER_INPUT', CREDIT_USER, { id: '%%%', amount: 5 });
      expect(await entryCount()).toBe(0);
    });

    it.each([
      ['creditUser', CREDIT_USER, { amount: 50 }],
      ['creditUser (a debit)', CREDIT_USER, { amount: -5 }],
      ['userCoinHistory', USER_COIN_HISTORY, {}],
      ['userByName', 'query ($name: String!) { userByName(name: $name) { id name } }', { name: 'admin' }],
    ])(
      'refuses %s to users (FORBIDDEN) and to nobody (UNAUTHENTICATED), writing nothing',
      async (_name, query, vars) => {
        await start();
        await credit(admin, user, 10);
        const variables = { id: user.user.id, ...vars };
        await user.client.fails('FORBIDDEN', query, variables);
        await new Client(server.url).fails('UNAUTHENTICATED', query, variables);
        expect(await balanceOf(user)).toBe(10);
        expect(await entryCount()).toBe(1);
      },
    );
  });

  describe('races', () => {
    /** Every kind of change of one user's balance at once, interleaved; answers what succeeded. */
    async function everythingAtOnce(account: Account, movies: MovieShape[]) {
      const credits = Array.from(
        { length: 8 },
        () => () => admin.client.request(CREDIT_USER, { id: account.user.id, amount: 7 }),
      );
      const debits = Array.from(
        { length: 8 },
        () => () => admin.client.request(CREDIT_USER, { id: account.user.id, amount: -9 }),
      );
      const vips = Array.from({ length: 3 }, () => () => account.client.request(BUY_VIP));
      const downloads = movies.map((movie) => () => account.client.request(DOWNLOAD, { id: movie.id }));
      const lanes = [credits, debits, vips, downloads];
      const calls: (() => Promise<GraphQLResponse>)[] = [];
      for (let i = 0; lanes.some((lane) => i < lane.length); i++) {
        for (const lane of lanes) if (i < lane.length) calls.push(lane[i]!);
      }
      const results = await Promise.all(calls.map((call) => call()));
      for (const result of results) {
        if (result.errors)
          expect(result.errors[0]?.extensions?.code, JSON.stringify(result.errors)).toBe('INSUFFICIENT_FUNDS');
      }
      const succeeded = (lane: unknown[]) => results.filter((r, i) => lane.includes(calls[i]) && !r.errors);
      return {
        credits: succeeded(credits).length,
        debits: succeeded(debits).length,
        paidDownloads: succeeded(downloads).filter((r: any) => r.data.downloadMovie.price > 0).length,
      };
    }

    async function expectConsistent(account: Account, done: Awaited<ReturnType<typeof everythingAtOnce>>) {
      const ledger = await checkLedger(server.db, account.user.name);
      expect(ledger.balance).toBe(ledger.sum);
      expect(ledger.chained).toBe(true);
      expect(ledger.lowestBalanceAfter).toBeGreaterThanOrEqual(0);
      expect(ledger.balance).toBeGreaterThanOrEqual(0);
      const entries = await ledgerOf(admin, account);
      const count = (reason: string) => entries.filter((entry) => entry.reason === reason).length;
      const isVip = (await account.client.ok(ME)).me.isVip as boolean;
      expect(done.credits).toBe(8);
      expect(count('CREDIT')).toBe(1 + done.credits);
      expect(count('DEBIT')).toBe(done.debits);
      expect(count('VIP')).toBe(isVip ? 1 : 0);
      expect(count('DOWNLOAD')).toBe(done.paidDownloads);
      expect(entries[0]!.balanceAfter).toBe(ledger.balance);
    }

    it('keeps one user’s balance equal to the sum of its entries, never negative, whatever runs at once', async () => {
      await start();
      const movies = await paidMovies(6);
      await credit(admin, user, 40);
      const done = await everythingAtOnce(user, movies);
      await expectConsistent(user, done);
    });

    it('keeps two users’ ledgers apart and whole when both change at once', async () => {
      await start();
      const movies = await paidMovies(6);
      const other = await registerAs(new Client(server.url), 'other');
      await credit(admin, user, 40);
      await credit(admin, other, 25);
      const [mine, theirs] = await Promise.all([everythingAtOnce(user, movies), everythingAtOnce(other, movies)]);
      await expectConsistent(user, mine);
      await expectConsistent(other, theirs);
    });
  });

  describe('the migration', () => {
    it('opens the ledger with one CREDIT for each balance that existed before it', async () => {
      const dir = await mkdtemp(join(tmpdir(), 'youku-ledger-'));
      dirs.push(dir);
      const passwordHash = await hashPassword(PASSWORD);
      const url = await databaseBefore(kind, dir, '004-coin-ledger', async (db) => {
        const row = (name: string, role: string, balance: number) => ({
          name,
          name_key: name,
          password_hash: passwordHash,
          role,
          is_vip: false,
          is_locked: false,
          balance,
          registered_at: new Date(),
        });
        await db('users').insert([
          row('boss', 'ADMIN', 0),
          row('saver', 'USER', 25),
          row('whale', 'USER', MAX_BALANCE),
        ]);
      });
      server = await startServer(kind, { DATABASE_URL: url });
      const client = new Client(server.url);
      const login = async (name: string): Promise<Account> => {
        const data = (await client.ok(LOGIN, { name, password: PASSWORD })).login;
        return { ...data, client: client.as(data.token) };
      };
      admin = await login('boss');
      const saver = await login('saver');
      const whale = await login('whale');

      const [opening] = await ledgerOf(admin, saver);
      expect(summary(opening!)).toEqual([25, 'CREDIT', 25, null]);
      expect(Math.abs(Date.parse(opening!.createdAt) - Date.now())).toBeLessThan(60_000);
      expect((await ledgerOf(admin, whale)).map(summary)).toEqual([[MAX_BALANCE, 'CREDIT', MAX_BALANCE, null]]);
      expect(await ledgerOf(admin, admin)).toEqual([]);
      await admin.client.ok(CREDIT_USER, { id: saver.user.id, amount: -5 });
      expect((await coinHistory(saver.client)).map(summary)).toEqual([
        [-5, 'DEBIT', 20, null],
        [25, 'CREDIT', 25, null],
      ]);
      for (const name of ['boss', 'saver', 'whale']) {
        expect(await checkLedger(server.db, name)).toMatchObject({ chained: true });
      }
    });
  });
});
