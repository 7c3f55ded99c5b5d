import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { adminAndUser, credit, ME, registerAs, type Account } from './support/accounts.js';
import { Client } from './support/client.js';
import { databases } from './support/databases.js';
import {
  CHECK_MOVIE,
  DELETE_MOVIE,
  MOVIE,
  MOVIES,
  uploadRequest,
  uploadVideo,
  videoBytes,
  type MovieShape,
} from './support/movies.js';
import { startServer, type TestServer } from './support/server.js';

const BUY_VIP = `mutation { buyVip { isVip balance } }`;
const DOWNLOAD = `mutation Download($id: ID!) { downloadMovie(id: $id) { price } }`;

const SIZE = 2048;

interface Connection {
  totalCount: number;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  edges: { cursor: string; node: MovieShape }[];
}

function globalId(type: string, id: number | string): string {
  return Buffer.from(`${type}:${id}`).toString('base64');
}

/** The database row id behind a Movie's global ID. */
function rowIdOf(movie: { id: string }): number {
  const [type, id] = Buffer.from(movie.id, 'base64').toString().split(':');
  expect(type).toBe('Movie');
  return Number(id);
}

describe.each(databases)('movies on %s', (kind) => {
  let server: TestServer;
  let client: Client;

  beforeEach(async () => {
    // No background jobs: this suite counts the queries its requests run.
    server = await startServer(kind, { JOB_CONCURRENCY: '0' });
    client = new Client(server.url);
  });
  afterEach(() => server.close());

  async function list(viewer: Account, variables: Record<string, unknown> = {}): Promise<Connection> {
    return (await viewer.client.ok<{ movies: Connection }>(MOVIES, variables)).movies;
  }

  async function names(viewer: Account, variables: Record<string, unknown> = {}): Promise<string[]> {
    return (await list(viewer, { first: 100, ...variables })).edges.map((edge) => edge.node.name);
  }

  /** Walks every page of a listing and returns the names in order, checking totalCount on each page. */
  async function walk(viewer: Account, variables: Record<string, unknown>, expectedTotal: number): Promise<string[][]> {
    const pages: string[][] = [];
    let after: string | null = null;
    for (let guard = 0; guard < 50; guard++) {
      const page: Connection = await list(viewer, { ...variables, after });
      expect(page.totalCount).toBe(expectedTotal);
      pages.push(page.edges.map((edge) => edge.node.name));
      expect(page.pageInfo.endCursor).toBe(page.edges.at(-1)?.cursor ?? null);
      if (!page.pageInfo.hasNextPage) return pages;
      after = page.pageInfo.endCursor;
    }
    throw new Error('the listing never ended');
  }

  async function movieRow(movie: { id: string }) {
    return server.db('movies').where('id', rowIdOf(movie)).first();
  }

  async function movieCount(): Promise<number> {
    return server.rows('movies');
  }

  /** Uploads `count` small videos named `${prefix}${i}` (i from 1), oldest first; odd ones free. */
  async function uploadMany(admin: Account, count: number, prefix: string, seedBase = 100): Promise<MovieShape[]> {
    const movies: MovieShape[] = [];
    for (let i = 1; i <= count; i++) {
      movies.push(
        await uploadVideo(admin, { bytes: videoBytes(SIZE, seedBase + i), name: `${prefix}${i}`, isFree: i % 2 === 1 }),
      );
    }
    return movies;
  }

  describe('listing', () => {
    it('lists newest first with a totalCount, to users too, and filters by type', async () => {
      const { admin, user } = await adminAndUser(client);
      const first = await uploadVideo(admin, { bytes: videoBytes(SIZE, 1), name: 'free one', isFree: true });
      await uploadVideo(admin, { bytes: videoBytes(SIZE, 2), name: 'paid one', isFree: false });
      await uploadVideo(admin, { bytes: videoBytes(SIZE, 3), name: 'free two', isFree: true });

      const all = await list(user, { first: 10 });
      expect(all.totalCount).toBe(3);
      expect(all.pageInfo.hasNextPage).toBe(false);
      expect(all.edges.map((e) => e.node.name)).toEqual(['free two', 'paid one', 'free one']);
      expect(all.edges[2]!.node).toEqual({ ...first, price: 0, waitSeconds: 30 });
      expect(await names(user, { type: 'ALL' })).toEqual(['free two', 'paid one', 'free one']);
      // `type` defaults to ALL.
      expect((await user.client.ok(`{ movies { totalCount edges { node { name } } } }`)).movies.totalCount).toBe(3);

      const free = await list(user, { type: 'FREE', first: 10 });
      expect(free.totalCount).toBe(2);
      expect(free.edges.map((e) => e.node.name)).toEqual(['free two', 'free one']);
      expect(free.edges.every((e) => e.node.isFree)).toBe(true);

      const charge = await list(user, { type: 'CHARGE', first: 10 });
      expect(charge.totalCount).toBe(1);
      expect(charge.edges.map((e) => e.node.name)).toEqual(['paid one']);
      expect(charge.edges[0]!.node.isFree).toBe(false);

      await client.fails('UNAUTHENTICATED', MOVIES, { first: 10 });
      expect(await names(user)).toHaveLength(3);
    });

    it('counts the whole list only when totalCount is asked for', async () => {
      const { admin, user } = await adminAndUser(client);
      await uploadMany(admin, 3, 'counted ');
      const isCount = (sql: string) => /count\(/i.test(sql);
      const withCount = await server.queriesDuring(() => list(user, { first: 2 }));
      expect(withCount.result.totalCount).toBe(3);
      expect(withCount.queries.filter(isCount)).toHaveLength(1);
      const page = `query { movies(first: 2) { edges { node { name } } pageInfo { hasNextPage } } }`;
      const without = await server.queriesDuring(() => user.client.ok<{ movies: Connection }>(page));
      expect(without.result.movies.edges).toHaveLength(2);
      expect(without.result.movies.pageInfo.hasNextPage).toBe(true);
      expect(without.queries.filter(isCount)).toEqual([]);
    });

    it.runIf(kind === 'sqlite')('reads a page of all movies from an index, without sorting every row', async () => {
      const { user } = await adminAndUser(client);
      const page = `query { movies(first: 2) { edges { node { name } } } }`;
      const { queries } = await server.queriesDuring(() => user.client.ok(page));
      const listing = queries.find((sql) => /from `movies`/.test(sql))!;
      // Its bindings: the viewer (whose purchases price the page), then is_deleted.
      const viewer = await server.db('users').where('name', 'viewer').first('id');
      const plan: { detail: string }[] = await server.db.raw(`EXPLAIN QUERY PLAN ${listing}`, [viewer.id, false]);
      const steps = plan.map((step) => step.detail).join('\n');
      expect(steps).toMatch(/USING INDEX/);
      expect(steps).not.toMatch(/TEMP B-TREE/);
    });

    it('answers an empty list on a fresh instance', async () => {
      const { user } = await adminAndUser(client);
      expect(await list(user, { first: 5 })).toEqual({
        totalCount: 0,
        pageInfo: { hasNextPage: false, endCursor: null },
        edges: [],
      });
    });

    it('never lists deleted movies, in any filter, and counts without them', async () => {
      const { admin, user } = await adminAndUser(client);
      const [one, two, three] = await uploadMany(admin, 3, 'clip ');
      await admin.client.ok(DELETE_MOVIE, { id: two!.id });
      await admin.client.ok(DELETE_MOVIE, { id: three!.id });

      for (const viewer of [admin, user]) {
        const all = await list(viewer, { first: 10 });
        expect(all.totalCount).toBe(1);
        expect(all.edges.map((e) => e.node.id)).toEqual([one!.id]);
        expect(await names(viewer, { type: 'CHARGE' })).toEqual([]);
        expect((await list(viewer, { type: 'CHARGE', first: 10 })).totalCount).toBe(0);
        expect(await names(viewer, { type: 'FREE' })).toEqual(['clip 1']);
        expect(await names(viewer, { search: 'clip 3' })).toEqual([]);
        expect(await names(viewer, { search: 'CLIP' })).toEqual(['clip 1']);
      }
    });

    it('searches part of the name in any case, taking %, _, ! and \\ literally, quotes and Chinese intact', async () => {
      const { admin, user } = await adminAndUser(client);
      const catalogue: [string, boolean][] = [
        ['Hello World', true],
        ['100% pure', false],
        ['a_c file', true],
        ['abc file', false],
        [`It's "quoted"`, true],
        ['优酷精选 第一集', false],
        ['wow! great', true],
        ['C:\\videos\\clip', false],
        ['Straße ÉTÉ', true],
      ];
      let seed = 10;
      for (const [name, isFree] of catalogue)
        await uploadVideo(admin, { bytes: videoBytes(SIZE, seed++), name, isFree });

      const cases: [string, string[]][] = [
        ['hello', ['Hello World']],
        ['WORLD', ['Hello World']],
        ['o w', ['Hello World']],
        ['%', ['100% pure']],
        ['0%', ['100% pure']],
        ['1%0', []],
        ['_', ['a_c file']],
        ['a_c', ['a_c file']],
        ['A_C', ['a_c file']],
        ['a%c', []],
        ['file', ['abc file', 'a_c file']],
        ['!', ['wow! great']],
        ['!g', []],
        ['\\', ['C:\\videos\\clip']],
        ['\\v', ['C:\\videos\\clip']],
        ["'", [`It's "quoted"`]],
        ['"', [`It's "quoted"`]],
        [`it's "QUOTED"`, [`It's "quoted"`]],
        ['优酷', ['优酷精选 第一集']],
        ['第一集', ['优酷精选 第一集']],
        ['été', ['Straße ÉTÉ']],
        // A substring, not a look-alike: no accent folding (on any database) and no ß = ss.
        ['ete', []],
        // Decomposed accents (e + U+0301) match the composed name.
        ['e\u0301te\u0301', ['Straße ÉTÉ']],
        ['te', [`It's "quoted"`]],
        ['STRASSE', []],
        ['nothing like this', []],
      ];
      for (const [search, expected] of cases) {
        const result = await list(user, { search, first: 100 });
        expect(
          result.edges.map((e) => e.node.name),
          `search ${JSON.stringify(search)}`,
        ).toEqual(expected);
        expect(result.totalCount, `totalCount of search ${JSON.stringify(search)}`).toBe(expected.length);
      }

      // Combined with a type filter.
      expect(await names(user, { search: 'FILE', type: 'FREE' })).toEqual(['a_c file']);
      expect(await names(user, { search: 'file', type: 'CHARGE' })).toEqual(['abc file']);
      expect(await names(user, { search: '%', type: 'FREE' })).toEqual([]);
      // No search lists everything.
      expect(await names(user, { search: null })).toHaveLength(catalogue.length);
    });

    it('caps `first` at 100', async () => {
      const { admin, user } = await adminAndUser(client);
      // 101 movies: one real upload, the rest copies of its row (listing never opens the files).
      const real = await uploadVideo(admin, { bytes: videoBytes(SIZE, 1), name: 'real', isFree: true });
      const template = await movieRow(real);
      const { id: _id, ...columns } = template;
      const copies = Array.from({ length: 100 }, (_, i) => ({
        ...columns,
        name: `copy ${i}`,
        search_key: `copy ${i}`,
        sha256: `${i}`.padStart(64, 'c'),
        live_sha256: `${i}`.padStart(64, 'c'),
        storage_key: `movies/00000000-0000-0000-0000-${`${i}`.padStart(12, '0')}`,
      }));
      for (let i = 0; i < copies.length; i += 25) await server.db('movies').insert(copies.slice(i, i + 25));

      const big = await list(user, { first: 500 });
      expect(big.totalCount).toBe(101);
      expect(big.edges).toHaveLength(100);
      expect(big.pageInfo.hasNextPage).toBe(true);
      expect(big.edges[0]!.node.name).toBe('copy 99');
      const rest = await list(user, { first: 500, after: big.pageInfo.endCursor });
      expect(rest.edges.map((e) => e.node.name)).toEqual(['real']);
      expect(rest.pageInfo.hasNextPage).toBe(false);
      expect((await list(user, { first: 100 })).edges).toHaveLength(100);
    });

    it('refuses control characters in a search on every database, and keeps serving', async () => {
      const { admin, user } = await adminAndUser(client);
      await uploadMany(admin, 2, 'm');
      for (const search of ['\u0000', 'm\u0000', '\u0007', 'm\n1', 'm\u20281']) {
        const error = await user.client.fails('BAD_USER_INPUT', MOVIES, { search });
        expect(error.message).toMatch(/control characters/);
      }
      expect(await names(user, { search: 'm' })).toEqual(['m2', 'm1']);
    });

    it('refuses a negative `first` and forged cursors, and keeps serving', async () => {
      const { admin, user } = await adminAndUser(client);
      await uploadMany(admin, 2, 'm');
      await user.client.fails('BAD_USER_INPUT', MOVIES, { first: -1 });
      const forged = [
        'forged',
        'not base64 at all!',
        Buffer.from('id:abc').toString('base64url'),
        Buffer.from('id:-1').toString('base64url'),
        Buffer.from('id:1.5').toString('base64url'),
        Buffer.from('User:1').toString('base64'),
        Buffer.from('id:99999999999999999999').toString('base64url'),
      ];
      for (const after of forged) {
        const error = await user.client.fails('BAD_USER_INPUT', MOVIES, { first: 2, after });
        expect(error.message).not.toMatch(/at .*\.ts:\d+/);
      }
      expect(await names(user, { first: 2 })).toEqual(['m2', 'm1']);
    });

    it('pages 7 movies by 3 without overlap or gap', async () => {
      const { admin, user } = await adminAndUser(client);
      await uploadMany(admin, 7, 'ep');
      const pages = await walk(user, { first: 3 }, 7);
      expect(pages).toEqual([['ep7', 'ep6', 'ep5'], ['ep4', 'ep3', 'ep2'], ['ep1']]);
    });

    it('pages a type filter and a search without overlap or gap, ending exactly on a full page', async () => {
      const { admin, user } = await adminAndUser(client);
      await uploadMany(admin, 7, 'Show ep');
      await uploadVideo(admin, { bytes: videoBytes(SIZE, 1), name: 'unrelated', isFree: true });
      await uploadVideo(admin, { bytes: videoBytes(SIZE, 2), name: 'other', isFree: false });

      // Free: odd episodes (4) and "unrelated".
      expect(await walk(user, { type: 'FREE', first: 2 }, 5)).toEqual([
        ['unrelated', 'Show ep7'],
        ['Show ep5', 'Show ep3'],
        ['Show ep1'],
      ]);
      // Search and type: exactly two full pages, the last one without a next page.
      expect(await walk(user, { type: 'FREE', search: 'show EP', first: 2 }, 4)).toEqual([
        ['Show ep7', 'Show ep5'],
        ['Show ep3', 'Show ep1'],
      ]);
      expect(await walk(user, { type: 'CHARGE', search: 'SHOW', first: 2 }, 3)).toEqual([
        ['Show ep6', 'Show ep4'],
        ['Show ep2'],
      ]);
      expect(await walk(user, { search: 'show', first: 3 }, 7)).toEqual([
        ['Show ep7', 'Show ep6', 'Show ep5'],
        ['Show ep4', 'Show ep3', 'Show ep2'],
        ['Show ep1'],
      ]);
    });

    it('keeps paging where it was when a movie is uploaded or deleted between pages', async () => {
      const { admin, user } = await adminAndUser(client);
      const movies = await uploadMany(admin, 6, 'ep');
      const first = await list(user, { first: 3 });
      expect(first.edges.map((e) => e.node.name)).toEqual(['ep6', 'ep5', 'ep4']);

      await uploadVideo(admin, { bytes: videoBytes(SIZE, 1), name: 'newcomer', isFree: true });
      await admin.client.ok(DELETE_MOVIE, { id: movies[1]!.id }); // ep2

      const second = await list(user, { first: 3, after: first.pageInfo.endCursor });
      expect(second.edges.map((e) => e.node.name)).toEqual(['ep3', 'ep1']);
      expect(second.pageInfo.hasNextPage).toBe(false);
      expect(second.totalCount).toBe(6);
    });
  });

  describe('movie(id)', () => {
    it('answers a live movie to everyone, a deleted one only to admins, unknown ids with null', async () => {
      const { admin, user } = await adminAndUser(client);
      const movie = await uploadVideo(admin, { bytes: videoBytes(SIZE, 1), name: '优酷 clip', isFree: false });
      expect((await user.client.ok(MOVIE, { id: movie.id })).movie).toEqual({ ...movie, price: 10, waitSeconds: 0 });

      const deleted = (await admin.client.ok(DELETE_MOVIE, { id: movie.id })).deleteMovie;
      expect(deleted).toMatchObject({ id: movie.id, name: '优酷 clip', isDeleted: true });

      const forAdmin = (await admin.client.ok(MOVIE, { id: movie.id })).movie;
      expect(forAdmin).toEqual({ ...movie, isDeleted: true });
      expect((await user.client.ok(MOVIE, { id: movie.id })).movie).toBeNull();

      expect((await user.client.ok(MOVIE, { id: globalId('Movie', 999_999) })).movie).toBeNull();
      expect((await admin.client.ok(MOVIE, { id: globalId('Movie', 999_999) })).movie).toBeNull();
      await client.fails('UNAUTHENTICATED', MOVIE, { id: movie.id });
    });

    it('refuses IDs of another type and garbage as BAD_USER_INPUT, and keeps serving', async () => {
      const { admin, user } = await adminAndUser(client);
      const movie = await uploadVideo(admin, { bytes: videoBytes(SIZE, 1), name: 'target', isFree: true });
      const bad: [string, string][] = [
        ['an ID of another type', globalId('User', rowIdOf(movie))],
        ['a notice ID', globalId('Notice', 1)],
        ['garbage', '%%%'],
        ['an empty ID', ''],
        ['a Movie ID without a number', globalId('Movie', 'abc')],
        ['a Movie ID with a negative number', globalId('Movie', -1)],
        ['a Movie ID with a huge number', globalId('Movie', '9'.repeat(30))],
      ];
      for (const [what, id] of bad) {
        for (const viewer of [user, admin]) {
          const result = await viewer.client.request(MOVIE, { id });
          expect(result.errors?.[0]?.extensions?.code, what).toBe('BAD_USER_INPUT');
          expect(result.data?.movie ?? null, what).toBeNull();
        }
      }
      expect((await user.client.ok(MOVIE, { id: movie.id })).movie.name).toBe('target');
    });
  });

  describe('checkMovie', () => {
    it('tells whether a live movie has the fingerprint, and forgets it once deleted', async () => {
      const { admin } = await adminAndUser(client);
      const bytes = videoBytes(SIZE, 7);
      const movie = await uploadVideo(admin, { bytes, name: 'checked', isFree: true });
      const other = await uploadVideo(admin, { bytes: videoBytes(SIZE, 8), name: 'other', isFree: true });
      expect(movie.fingerprint).not.toBe(other.fingerprint);

      const found = (await admin.client.ok(CHECK_MOVIE, { fingerprint: movie.fingerprint })).checkMovie;
      expect(found.exists).toBe(true);
      expect(found.movie).toEqual(movie);

      const unknown = (await admin.client.ok(CHECK_MOVIE, { fingerprint: '0'.repeat(32) })).checkMovie;
      expect(unknown).toEqual({ exists: false, movie: null });

      await admin.client.ok(DELETE_MOVIE, { id: movie.id });
      const gone = (await admin.client.ok(CHECK_MOVIE, { fingerprint: movie.fingerprint })).checkMovie;
      expect(gone).toEqual({ exists: false, movie: null });
      // The other movie is unaffected.
      expect((await admin.client.ok(CHECK_MOVIE, { fingerprint: other.fingerprint })).checkMovie.exists).toBe(true);

      // Uploaded again, the fingerprint is known again, as the new movie.
      const again = await uploadVideo(admin, { bytes, name: 'checked again', isFree: true });
      const back = (await admin.client.ok(CHECK_MOVIE, { fingerprint: movie.fingerprint })).checkMovie;
      expect(back).toEqual({ exists: true, movie: again });
      expect(again.id).not.toBe(movie.id);
    });

    it('refuses malformed fingerprints as BAD_USER_INPUT and keeps serving', async () => {
      const { admin } = await adminAndUser(client);
      const movie = await uploadVideo(admin, { bytes: videoBytes(SIZE, 1), name: 'known', isFree: true });
      const malformed: [string, string][] = [
        ['empty', ''],
        ['too short', 'abc123'],
        ['33 digits', 'a'.repeat(33)],
        ['not hexadecimal', 'g'.repeat(32)],
        ['a SQL wildcard', '%'],
        ['a SQL wildcard of the right length', '%'.repeat(32)],
        ['a SHA-256', movie.sha256],
      ];
      for (const [what, fingerprint] of malformed) {
        const result = await admin.client.request(CHECK_MOVIE, { fingerprint });
        expect(result.errors?.[0]?.extensions?.code, what).toBe('BAD_USER_INPUT');
        expect(result.errors?.[0]?.extensions?.field, what).toBe('fingerprint');
      }
      expect((await admin.client.ok(CHECK_MOVIE, { fingerprint: movie.fingerprint })).checkMovie.exists).toBe(true);
    });

    it('is for admins: FORBIDDEN to users, UNAUTHENTICATED to anonymous callers', async () => {
      const { admin, user } = await adminAndUser(client);
      const movie = await uploadVideo(admin, { bytes: videoBytes(SIZE, 1), name: 'secret', isFree: true });
      const forbidden = await user.client.request(CHECK_MOVIE, { fingerprint: movie.fingerprint });
      expect(forbidden.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      expect(forbidden.data?.checkMovie ?? null).toBeNull();
      const anonymous = await client.request(CHECK_MOVIE, { fingerprint: movie.fingerprint });
      expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
      expect(anonymous.data?.checkMovie ?? null).toBeNull();
      // The user is still served, and the admin still gets the answer.
      expect(await names(user)).toEqual(['secret']);
      expect((await admin.client.ok(CHECK_MOVIE, { fingerprint: movie.fingerprint })).checkMovie.exists).toBe(true);
    });
  });

  describe('deleteMovie', () => {
    it('is a soft delete: the row stays, the movie leaves the lists, the removal of its file is queued', async () => {
      const { admin, user } = await adminAndUser(client);
      const bytes = videoBytes(SIZE, 3);
      const movie = await uploadVideo(admin, { bytes, name: 'to delete', isFree: true });
      const kept = await uploadVideo(admin, { bytes: videoBytes(SIZE, 4), name: 'kept', isFree: true });
      const before = await movieRow(movie);
      const file = join(server.config.mediaDir, before.storage_key);
      expect(await readFile(file)).toEqual(bytes);

      const deleted = (await admin.client.ok(DELETE_MOVIE, { id: movie.id })).deleteMovie;
      expect(deleted).toEqual({ ...movie, isDeleted: true });

      const row = await movieRow(movie);
      expect(row).toBeDefined();
      expect(Boolean(row.is_deleted)).toBe(true);
      expect(row.name).toBe('to delete');
      expect(row.sha256).toBe(movie.sha256);
      expect(row.storage_key).toBe(before.storage_key);
      expect(await movieCount()).toBe(2);
      expect(Boolean((await movieRow(kept)).is_deleted)).toBe(false);
      expect(await names(user)).toEqual(['kept']);
      // This suite runs no jobs: the file waits for the queued removal (test/streams.test.ts sees it go).
      expect(existsSync(file)).toBe(true);
      expect(await server.db('jobs').where('kind', 'remove').select('unique_key')).toEqual([
        { unique_key: `remove:${row.id}` },
      ]);
    });

    it('is harmless twice: it answers the movie, still deleted', async () => {
      const { admin, user } = await adminAndUser(client);
      const movie = await uploadVideo(admin, { bytes: videoBytes(SIZE, 3), name: 'twice', isFree: false });
      const once = (await admin.client.ok(DELETE_MOVIE, { id: movie.id })).deleteMovie;
      const rowAfterOnce = await movieRow(movie);
      const twice = (await admin.client.ok(DELETE_MOVIE, { id: movie.id })).deleteMovie;
      expect(twice).toEqual(once);
      expect(twice).toEqual({ ...movie, isDeleted: true });
      expect(await movieRow(movie)).toEqual(rowAfterOnce);
      // Many at once are just as harmless.
      const racing = await Promise.all(
        Array.from({ length: 5 }, () => admin.client.ok(DELETE_MOVIE, { id: movie.id })),
      );
      for (const result of racing) expect(result.deleteMovie).toEqual(once);
      expect(await movieRow(movie)).toEqual(rowAfterOnce);
      expect(await movieCount()).toBe(1);
      expect((await user.client.ok(MOVIE, { id: movie.id })).movie).toBeNull();
    });

    it('answers NOT_FOUND for an unknown movie and BAD_USER_INPUT for a bad id, changing nothing', async () => {
      const { admin, user } = await adminAndUser(client);
      const movie = await uploadVideo(admin, { bytes: videoBytes(SIZE, 3), name: 'survivor', isFree: true });
      await admin.client.fails('NOT_FOUND', DELETE_MOVIE, { id: globalId('Movie', rowIdOf(movie) + 1000) });
      await admin.client.fails('BAD_USER_INPUT', DELETE_MOVIE, { id: globalId('User', rowIdOf(movie)) });
      await admin.client.fails('BAD_USER_INPUT', DELETE_MOVIE, { id: 'garbage!' });
      expect(Boolean((await movieRow(movie)).is_deleted)).toBe(false);
      expect(await names(user)).toEqual(['survivor']);
    });

    it('is for admins: a user gets FORBIDDEN, an anonymous caller UNAUTHENTICATED, the movie unchanged', async () => {
      const { admin, user } = await adminAndUser(client);
      const movie = await uploadVideo(admin, { bytes: videoBytes(SIZE, 3), name: 'protected', isFree: true });
      const before = await movieRow(movie);
      const forbidden = await user.client.request(DELETE_MOVIE, { id: movie.id });
      expect(forbidden.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      expect(forbidden.data ?? null).toBeNull();
      await client.fails('UNAUTHENTICATED', DELETE_MOVIE, { id: movie.id });

      expect(await movieRow(movie)).toEqual(before);
      expect((await user.client.ok(MOVIE, { id: movie.id })).movie).toMatchObject({ isDeleted: false });
      expect(await names(user)).toEqual(['protected']);
      expect((await user.client.ok(ME)).me.role).toBe('USER');
    });

    it('lets the same bytes be uploaded again after a delete, as a new movie', async () => {
      const { admin, user } = await adminAndUser(client);
      const bytes = videoBytes(SIZE, 5);
      const movie = await uploadVideo(admin, { bytes, name: 'original', isFree: true });
      const duplicate = await uploadRequest(admin.client, { bytes, name: 'too soon', isFree: true });
      expect(duplicate.errors?.[0]?.extensions?.code).toBe('CONFLICT');
      expect(await movieCount()).toBe(1);

      await admin.client.ok(DELETE_MOVIE, { id: movie.id });
      const again = await uploadVideo(admin, { bytes, name: 'back again', isFree: false });
      expect(again.id).not.toBe(movie.id);
      expect(again).toMatchObject({ sha256: movie.sha256, fingerprint: movie.fingerprint, isDeleted: false });
      expect(await movieCount()).toBe(2);
      expect(await names(user)).toEqual(['back again']);
      expect((await admin.client.ok(MOVIE, { id: movie.id })).movie).toMatchObject({
        name: 'original',
        isDeleted: true,
      });

      // Both files are there: the deleted movie's and the new one's.
      const rows = await server.db('movies').orderBy('id');
      expect(rows[0].storage_key).not.toBe(rows[1].storage_key);
      for (const row of rows) expect(await readFile(join(server.config.mediaDir, row.storage_key))).toEqual(bytes);
    });
  });
});

describe.each(databases)('movie prices and waits on %s', (kind) => {
  let server: TestServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  async function fieldsFor(viewer: Account, movie: MovieShape) {
    const one = (await viewer.client.ok(MOVIE, { id: movie.id })).movie;
    const listed = (await viewer.client.ok<{ movies: Connection }>(MOVIES, { first: 10 })).movies.edges.find(
      (edge) => edge.node.id === movie.id,
    )!.node;
    expect(listed).toEqual(one);
    return { price: one.price, waitSeconds: one.waitSeconds };
  }

  it('uses the defaults: a free movie costs 0 and waits 30 s, a paid one costs 10 and does not wait', async () => {
    server = await startServer(kind);
    const { admin, user } = await adminAndUser(new Client(server.url));
    const free = await uploadVideo(admin, { bytes: videoBytes(SIZE, 1), name: 'free', isFree: true });
    const paid = await uploadVideo(admin, { bytes: videoBytes(SIZE, 2), name: 'paid', isFree: false });
    expect(await fieldsFor(user, free)).toEqual({ price: 0, waitSeconds: 30 });
    expect(await fieldsFor(user, paid)).toEqual({ price: 10, waitSeconds: 0 });
  });

  it('follows PRICE_REGULAR and DOWNLOAD_WAIT_SECONDS', async () => {
    server = await startServer(kind, { PRICE_REGULAR: '13', PRICE_VIP: '4', DOWNLOAD_WAIT_SECONDS: '7' });
    const { admin, user } = await adminAndUser(new Client(server.url));
    const free = await uploadVideo(admin, { bytes: videoBytes(SIZE, 1), name: 'free', isFree: true });
    const paid = await uploadVideo(admin, { bytes: videoBytes(SIZE, 2), name: 'paid', isFree: false });
    expect(await fieldsFor(user, free)).toEqual({ price: 0, waitSeconds: 7 });
    expect(await fieldsFor(user, paid)).toEqual({ price: 13, waitSeconds: 0 });
  });

  it('charges a VIP PRICE_VIP and makes no VIP wait', async () => {
    server = await startServer(kind, {
      PRICE_REGULAR: '13',
      PRICE_VIP: '4',
      DOWNLOAD_WAIT_SECONDS: '7',
      VIP_PRICE: '30',
    });
    const { admin, user } = await adminAndUser(new Client(server.url));
    const free = await uploadVideo(admin, { bytes: videoBytes(SIZE, 1), name: 'free', isFree: true });
    const paid = await uploadVideo(admin, { bytes: videoBytes(SIZE, 2), name: 'paid', isFree: false });
    await credit(admin, user, 30);
    expect((await user.client.ok(BUY_VIP)).buyVip).toEqual({ isVip: true, balance: 0 });
    expect(await fieldsFor(user, free)).toEqual({ price: 0, waitSeconds: 0 });
    expect(await fieldsFor(user, paid)).toEqual({ price: 4, waitSeconds: 0 });
  });

  it('makes a paid movie cost 0 to the user who bought it, and only to that user', async () => {
    server = await startServer(kind, { PRICE_REGULAR: '6' });
    const client = new Client(server.url);
    const { admin, user } = await adminAndUser(client);
    const other = await registerAs(client, 'other viewer');
    const paid = await uploadVideo(admin, { bytes: videoBytes(SIZE, 1), name: 'paid', isFree: false });
    const unbought = await uploadVideo(admin, { bytes: videoBytes(SIZE, 2), name: 'paid too', isFree: false });
    await credit(admin, user, 6);
    expect((await user.client.ok(DOWNLOAD, { id: paid.id })).downloadMovie.price).toBe(6);

    expect(await fieldsFor(user, paid)).toEqual({ price: 0, waitSeconds: 0 });
    expect(await fieldsFor(user, unbought)).toEqual({ price: 6, waitSeconds: 0 });
    expect(await fieldsFor(other, paid)).toEqual({ price: 6, waitSeconds: 0 });
  });
});
