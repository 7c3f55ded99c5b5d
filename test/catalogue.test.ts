import { PutObjectCommand } from '@aws-sdk/client-s3';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { metadataOf } from '../domain/catalogue/upload-metadata.js';
import { hashPassword } from '../domain/accounts/passwords.js';
import {
  adminAndUser,
  credit,
  LOGIN,
  PASSWORD,
  registerAs,
  USER_FIELDS,
  type Account,
  type UserShape,
} from './support/accounts.js';
import { Client } from './support/client.js';
import { ManualClock } from './support/clock.js';
import { databases } from './support/databases.js';
import { DOWNLOAD, fetchMedia, type Ticket } from './support/downloads.js';
import { databaseBefore } from './support/migrations.js';
import { DELETE_MOVIE, fingerprintOfBytes, MOVIE_FIELDS, uploadVideo, videoBytes } from './support/movies.js';
import { tusUpload, uploadIdOf } from './support/resumable.js';
import { backends } from './support/s3.js';
import { startServer, type TestServer } from './support/server.js';

const SORTED_MOVIES = `query Movies($sort: MovieSort, $type: MovieType, $search: String, $first: Int, $after: String, $last: Int, $before: String) {
  movies(sort: $sort, type: $type, search: $search, first: $first, after: $after, last: $last, before: $before) {
    totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor node { id name } }
  }
}`;
const UPDATE_MOVIE = `mutation Update($id: ID!, $name: String, $description: String, $isFree: Boolean) {
  updateMovie(id: $id, name: $name, description: $description, isFree: $isFree) { ${MOVIE_FIELDS} description }
}`;
const MOVIE_WITH_DESCRIPTION = `query Movie($id: ID!) { movie(id: $id) { ${MOVIE_FIELDS} description } }`;
const UPLOAD_DESCRIBED = `mutation Upload($file: Upload!, $isFree: Boolean!, $fingerprint: String!, $name: String, $description: String) {
  uploadMovie(file: $file, isFree: $isFree, fingerprint: $fingerprint, name: $name, description: $description) { id description }
}`;
const FINISH_DESCRIBED = `mutation Finish($uploadId: String!, $isFree: Boolean!, $fingerprint: String!, $description: String) {
  finishUpload(uploadId: $uploadId, isFree: $isFree, fingerprint: $fingerprint, description: $description) { id name description }
}`;
const SEARCH_USERS = `query Users($search: String, $first: Int, $after: String) {
  users(search: $search, first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { ${USER_FIELDS} } } }
}`;
const FIRST_ACCOUNT = `{ firstAccountBecomesAdmin }`;

type Sort = 'NEWEST' | 'OLDEST' | 'NAME' | 'LONGEST';

interface SortedPage {
  totalCount: number;
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  edges: { cursor: string; node: { id: string; name: string } }[];
}

function rowIdOf(movie: { id: string }): number {
  return Number(Buffer.from(movie.id, 'base64').toString().split(':')[1]);
}

/** A multipart upload with a description, answered as it came (a refusal too). */
async function uploadDescribed(admin: Account, bytes: Buffer, description: string) {
  const form = new FormData();
  const variables = { file: null, isFree: true, fingerprint: await fingerprintOfBytes(bytes), description };
  form.append('operations', JSON.stringify({ query: UPLOAD_DESCRIBED, variables }));
  form.append('map', JSON.stringify({ 0: ['variables.file'] }));
  form.append('0', new Blob([new Uint8Array(bytes)]), 'described.mp4');
  const response = await fetch(`${admin.client.url}/graphql`, {
    method: 'POST',
    headers: { 'x-graphql-yoga-csrf': '1', authorization: `Bearer ${admin.token}` },
    body: form,
  });
  return (await response.json()) as {
    data?: { uploadMovie: { id: string; description: string } } | null;
    errors?: { extensions: { code: string; field?: string } }[];
  };
}

describe.each(databases)('the catalogue as admins keep it, on %s', (kind) => {
  let server: TestServer;
  let admin: Account;
  let user: Account;
  let seed = 1;

  beforeEach(async () => {
    // No background jobs: durations are set by the tests, not by a probe of random bytes.
    server = await startServer(kind, { JOB_CONCURRENCY: '0' });
    ({ admin, user } = await adminAndUser(new Client(server.url)));
  });
  afterEach(() => server.close());

  async function upload(name: string, durationSeconds: number | null = null, isFree = true) {
    const movie = await uploadVideo(admin, { bytes: videoBytes(500 + seed, seed++), name, isFree });
    if (durationSeconds !== null) {
      await server.db('movies').where('id', rowIdOf(movie)).update({ duration_seconds: durationSeconds });
    }
    return movie;
  }

  async function page(viewer: Account, variables: Record<string, unknown>): Promise<SortedPage> {
    return (await viewer.client.ok<{ movies: SortedPage }>(SORTED_MOVIES, variables)).movies;
  }

  async function namesIn(sort: Sort, variables: Record<string, unknown> = {}): Promise<string[]> {
    return (await page(user, { sort, first: 100, ...variables })).edges.map((edge) => edge.node.name);
  }

  describe('movies(sort:)', () => {
    it('sorts newest, oldest, by name in any case, and longest with unknown durations last', async () => {
      await upload('banana', 60);
      await upload('Apple', 5.5);
      await upload('日出', null);
      await upload('cherry', 60);
      await upload('apple pie', null);
      expect(await namesIn('NEWEST')).toEqual(['apple pie', 'cherry', '日出', 'Apple', 'banana']);
      expect(await namesIn('OLDEST')).toEqual(['banana', 'Apple', '日出', 'cherry', 'apple pie']);
      expect(await namesIn('NAME')).toEqual(['Apple', 'apple pie', 'banana', 'cherry', '日出']);
      // Equal durations: the newer first; no duration yet: last, newer first.
      expect(await namesIn('LONGEST')).toEqual(['cherry', 'banana', 'Apple', 'apple pie', '日出']);
      // Without `sort`, as before: newest first.
      expect((await page(user, { first: 100 })).edges.map((edge) => edge.node.name)).toEqual(await namesIn('NEWEST'));
    });

    it('sorts within the type filter and the search, counting only those', async () => {
      await upload('Zeta paid', 10, false);
      await upload('alpha free', 20, true);
      await upload('Beta paid', 30, false);
      await upload('gamma free', null, true);
      expect(await namesIn('NAME', { type: 'CHARGE' })).toEqual(['Beta paid', 'Zeta paid']);
      expect(await namesIn('LONGEST', { type: 'FREE' })).toEqual(['alpha free', 'gamma free']);
      const searched = await page(user, { sort: 'OLDEST', search: 'PAID', first: 1 });
      expect(searched.totalCount).toBe(2);
      expect(searched.edges.map((edge) => edge.node.name)).toEqual(['Zeta paid']);
    });

    for (const sort of ['NEWEST', 'OLDEST', 'NAME', 'LONGEST'] as const) {
      it(`keeps ${sort} pages where they were while videos are added, forwards and backwards`, async () => {
        const originals = ['m', 'c', 'x', 'f', 'q', 'a', 'k'];
        for (const [index, name] of originals.entries()) await upload(name, index % 3 === 0 ? null : 10 * index);
        const idsOf = (listed: SortedPage) => listed.edges.map((edge) => edge.node.id);
        const originalIds = idsOf(await page(user, { sort, first: 100 }));
        const seen: string[] = [];
        let after: string | null = null;
        for (let added = 0; added < 20; added++) {
          const current: SortedPage = await page(user, { sort, first: 2, after });
          seen.push(...idsOf(current));
          // Between pages, videos that sort anywhere: early, last, and level with the page's end.
          await upload(`b${added}`, 5);
          await upload(`z${added}`, null);
          await upload(current.edges.at(-1)!.node.name, 10 * (added + 1));
          if (!current.pageInfo.hasNextPage) break;
          after = current.pageInfo.endCursor;
        }
        // Each video once; every one there at the start, in its order; the whole walk in the list's order.
        expect(new Set(seen).size).toBe(seen.length);
        expect(seen.filter((id) => originalIds.includes(id))).toEqual(originalIds);
        const finalIds = idsOf(await page(user, { sort, first: 100 }));
        expect(finalIds.filter((id) => seen.includes(id))).toEqual(seen);
        const ids = await page(user, { sort, first: 100 });
        // Walking back from the end gives the same list, reversed page by page.
        const walkedBack: string[] = [];
        let before: string | null = ids.edges.at(-1)!.cursor;
        for (let guard = 0; guard < 50 && before; guard++) {
          const current: SortedPage = await page(user, { sort, last: 3, before });
          walkedBack.unshift(...current.edges.map((edge) => edge.node.id));
          before = current.pageInfo.hasPreviousPage ? current.pageInfo.startCursor : null;
        }
        expect(walkedBack).toEqual(ids.edges.slice(0, -1).map((edge) => edge.node.id));
      });
    }

    it('refuses a cursor of another sort, or one forged, and keeps serving', async () => {
      for (const name of ['a', 'b', 'c']) await upload(name, 1);
      const byName = await page(user, { sort: 'NAME', first: 1 });
      const newest = await page(user, { sort: 'NEWEST', first: 1 });
      const cases: [Sort, string][] = [
        ['NEWEST', byName.pageInfo.endCursor!],
        ['LONGEST', byName.pageInfo.endCursor!],
        ['NAME', newest.pageInfo.endCursor!],
        ['NAME', Buffer.from('["NAME",5,1]').toString('base64url')],
        ['LONGEST', Buffer.from('["LONGEST","long",1]').toString('base64url')],
        ['OLDEST', Buffer.from('["OLDEST",null,1.5]').toString('base64url')],
        ['NAME', Buffer.from('[ "NAME","a",1]').toString('base64url')],
      ];
      for (const [sort, after] of cases) {
        const error = await user.client.fails('BAD_USER_INPUT', SORTED_MOVIES, { sort, first: 1, after });
        expect(error.extensions?.field).toBe('after');
      }
      await user.client.fails('BAD_USER_INPUT', SORTED_MOVIES, { sort: 'SHORTEST', first: 1 });
      expect(await namesIn('NAME')).toEqual(['a', 'b', 'c']);
    });
  });

  describe('descriptions', () => {
    it('are kept from uploadMovie and finishUpload: trimmed, line ends as \\n, empty when not given', async () => {
      const described = await uploadDescribed(admin, videoBytes(700, 70), '  First line\r\nsecond 第二行\t.  ');
      expect(described.data?.uploadMovie.description).toBe('First line\nsecond 第二行\t.');
      const plain = await uploadVideo(admin, { bytes: videoBytes(701, 71), name: 'Plain' });
      const read = await user.client.ok(MOVIE_WITH_DESCRIPTION, { id: plain.id });
      expect(read.movie.description).toBe('');

      const bytes = videoBytes(5000, 72);
      const url = await tusUpload(admin.client, {
        bytes,
        metadata: metadataOf({ name: 'Resumed', description: 'From the metadata' }),
      });
      const finished = await admin.client.ok(FINISH_DESCRIBED, {
        uploadId: uploadIdOf(url),
        isFree: true,
        fingerprint: await fingerprintOfBytes(bytes),
        description: 'Given to finishUpload',
      });
      // The arguments decide, as for the name: the metadata only remembers what a client chose.
      expect(finished.finishUpload.description).toBe('Given to finishUpload');
    });

    it('refuses one too long or with control characters: BAD_USER_INPUT, no video, no bytes', async () => {
      for (const description of ['x'.repeat(5001), 'bell\u0007', 'nul\u0000']) {
        const answer = await uploadDescribed(admin, videoBytes(800, 80), description);
        expect(answer.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'description' });
      }
      expect(await server.rows('movies')).toBe(0);
      const bytes = videoBytes(900, 81);
      const url = await tusUpload(admin.client, { bytes });
      const error = await admin.client.fails('BAD_USER_INPUT', FINISH_DESCRIBED, {
        uploadId: uploadIdOf(url),
        isFree: true,
        fingerprint: await fingerprintOfBytes(bytes),
        description: 'y'.repeat(5001),
      });
      expect(error.extensions?.field).toBe('description');
      expect(await server.rows('movies')).toBe(0);
      expect(await server.stored()).toEqual([]);
      // 5000 characters, any script, is the limit.
      expect((await uploadDescribed(admin, videoBytes(800, 82), '字'.repeat(5000))).errors).toBeUndefined();
    });
  });

  describe('updateMovie', () => {
    it('changes only what is given: the name (search and NAME sort follow), the description, the price type', async () => {
      const movie = await upload('Old name', 3);
      await upload('middle', 3);
      const renamed = await admin.client.ok(UPDATE_MOVIE, { id: movie.id, name: '  Zebra 斑马 ' });
      expect(renamed.updateMovie).toMatchObject({ name: 'Zebra 斑马', description: '', isFree: true });
      expect(await namesIn('NAME')).toEqual(['middle', 'Zebra 斑马']);
      expect(await namesIn('NEWEST', { search: 'zebra' })).toEqual(['Zebra 斑马']);
      expect(await namesIn('NEWEST', { search: 'old' })).toEqual([]);

      const described = await admin.client.ok(UPDATE_MOVIE, { id: movie.id, description: 'About it.' });
      expect(described.updateMovie).toMatchObject({ name: 'Zebra 斑马', description: 'About it.', isFree: true });
      const paid = await admin.client.ok(UPDATE_MOVIE, { id: movie.id, isFree: false, name: null });
      expect(paid.updateMovie).toMatchObject({ name: 'Zebra 斑马', description: 'About it.', isFree: false });
      expect((await user.client.ok(MOVIE_WITH_DESCRIPTION, { id: movie.id })).movie.price).toBe(10);
      const cleared = await admin.client.ok(UPDATE_MOVIE, { id: movie.id, description: '' });
      expect(cleared.updateMovie.description).toBe('');
      // Nothing given: nothing changes.
      expect((await admin.client.ok(UPDATE_MOVIE, { id: movie.id })).updateMovie).toMatchObject({
        name: 'Zebra 斑马',
        isFree: false,
      });
    });

    it('lets a viewer who bought a video keep it when it turns free and paid again; others pay', async () => {
      const movie = await upload('Bought', 2, false);
      await credit(admin, user, 10);
      expect((await user.client.ok<{ downloadMovie: Ticket }>(DOWNLOAD, { id: movie.id })).downloadMovie.price).toBe(
        10,
      );
      await admin.client.ok(UPDATE_MOVIE, { id: movie.id, isFree: true });
      await admin.client.ok(UPDATE_MOVIE, { id: movie.id, isFree: false });
      const other = await registerAs(new Client(server.url), 'other');
      expect((await user.client.ok(MOVIE_WITH_DESCRIPTION, { id: movie.id })).movie.price).toBe(0);
      expect((await other.client.ok(MOVIE_WITH_DESCRIPTION, { id: movie.id })).movie.price).toBe(10);
      const again = await user.client.ok<{ downloadMovie: Ticket }>(DOWNLOAD, { id: movie.id });
      expect(again.downloadMovie.price).toBe(0);
      expect((await user.client.ok(`{ me { balance } }`)).me.balance).toBe(0);
    });

    it('is for admins: FORBIDDEN to users, UNAUTHENTICATED to anonymous callers, nothing changed', async () => {
      const movie = await upload('Kept', 1);
      await user.client.fails('FORBIDDEN', UPDATE_MOVIE, { id: movie.id, name: 'Taken over' });
      await new Client(server.url).fails('UNAUTHENTICATED', UPDATE_MOVIE, { id: movie.id, isFree: false });
      const row = await server.db('movies').where('id', rowIdOf(movie)).first();
      expect(row).toMatchObject({ name: 'Kept', description: '' });
      expect(Boolean(row.is_free)).toBe(true);
    });

    it('refuses bad names, descriptions and ids with a field, unknown and deleted videos as NOT_FOUND, changing nothing', async () => {
      const movie = await upload('Steady', 1);
      const refusals: [Record<string, unknown>, string, string | undefined][] = [
        [{ name: '   ' }, 'BAD_USER_INPUT', 'name'],
        [{ name: 'line\nbreak' }, 'BAD_USER_INPUT', 'name'],
        [{ name: 'x'.repeat(256) }, 'BAD_USER_INPUT', 'name'],
        [{ name: 'evil\u202Egnp.exe' }, 'BAD_USER_INPUT', 'name'],
        [{ description: 'd'.repeat(5001) }, 'BAD_USER_INPUT', 'description'],
        [{ description: 'escape\u001b[31m' }, 'BAD_USER_INPUT', 'description'],
        // A good change beside a bad one is not made either.
        [{ isFree: false, name: '' }, 'BAD_USER_INPUT', 'name'],
        [{ id: 'not an id', name: 'New' }, 'BAD_USER_INPUT', 'id'],
        [{ id: Buffer.from('User:1').toString('base64'), name: 'New' }, 'BAD_USER_INPUT', 'id'],
        [{ id: Buffer.from('Movie:999').toString('base64'), name: 'New' }, 'NOT_FOUND', undefined],
      ];
      for (const [variables, code, field] of refusals) {
        const error = await admin.client.fails(code, UPDATE_MOVIE, { id: movie.id, ...variables });
        expect(error.extensions?.field).toBe(field);
      }
      await admin.client.ok(DELETE_MOVIE, { id: movie.id });
      await admin.client.fails('NOT_FOUND', UPDATE_MOVIE, { id: movie.id, name: 'Revived' });
      const row = await server.db('movies').where('id', rowIdOf(movie)).first();
      expect(row).toMatchObject({ name: 'Steady', search_key: 'steady', name_order: 'steady', description: '' });
      expect(Boolean(row.is_free)).toBe(true);
    });
  });

  describe('users(search:)', () => {
    const names = ['Alice', 'alicia', 'Bob', '小明', 'Ma_lice', '100%'];

    beforeEach(async () => {
      const anonymous = new Client(server.url);
      for (const name of names) await registerAs(anonymous, name);
    });

    async function found(search: string | null, first = 100): Promise<string[]> {
      const data = await admin.client.ok<{ users: { edges: { node: UserShape }[] } }>(SEARCH_USERS, {
        search,
        first,
      });
      return data.users.edges.map((edge) => edge.node.name);
    }

    it('lists the names containing the search, compared as at registration, newest first', async () => {
      expect(await found('LIC')).toEqual(['Ma_lice', 'alicia', 'Alice']);
      expect(await found('  alice ')).toEqual(['Alice']);
      expect(await found('小')).toEqual(['小明']);
      // LIKE's own characters are taken literally.
      expect(await found('_')).toEqual(['Ma_lice']);
      expect(await found('%')).toEqual(['100%']);
      expect(await found('nobody')).toEqual([]);
      // No search, or only spaces: every account.
      expect(await found(null)).toHaveLength(names.length + 2);
      expect(await found('   ')).toHaveLength(names.length + 2);
    });

    it('pages a search and counts it', async () => {
      const first = await admin.client.ok(SEARCH_USERS, { search: 'a', first: 2 });
      expect(first.users.totalCount).toBe(4);
      const second = await admin.client.ok(SEARCH_USERS, {
        search: 'a',
        first: 2,
        after: first.users.pageInfo.endCursor,
      });
      const pages = [...first.users.edges, ...second.users.edges].map((edge: { node: UserShape }) => edge.node.name);
      expect(pages).toEqual(['Ma_lice', 'alicia', 'Alice', 'admin']);
      expect(second.users.pageInfo.hasNextPage).toBe(false);
    });

    it('refuses a search longer than a name or with control characters; is for admins only', async () => {
      for (const search of ['x'.repeat(33), 'tab\there']) {
        const error = await admin.client.fails('BAD_USER_INPUT', SEARCH_USERS, { search });
        expect(error.extensions?.field).toBe('search');
      }
      await user.client.fails('FORBIDDEN', SEARCH_USERS, { search: 'a' });
      await new Client(server.url).fails('UNAUTHENTICATED', SEARCH_USERS, { search: 'a' });
      expect(await found('x'.repeat(32))).toEqual([]);
    });
  });
});

describe.each(databases)('the first account on %s', (kind) => {
  let server: TestServer | undefined;
  afterEach(() => server?.close());

  it('is announced to anyone while the instance has no admin, and no longer once it has one', async () => {
    server = await startServer(kind);
    const anonymous = new Client(server.url);
    expect((await anonymous.ok(FIRST_ACCOUNT)).firstAccountBecomesAdmin).toBe(true);
    const { admin, user } = await adminAndUser(anonymous);
    for (const client of [anonymous, admin.client, user.client]) {
      expect((await client.ok(FIRST_ACCOUNT)).firstAccountBecomesAdmin).toBe(false);
    }
  });

  it('is not announced once ADMIN_NAME made the admin at start', async () => {
    server = await startServer(kind, { ADMIN_NAME: 'boss', ADMIN_PASSWORD: PASSWORD });
    expect((await new Client(server.url).ok(FIRST_ACCOUNT)).firstAccountBecomesAdmin).toBe(false);
  });
});

describe.each(databases)('the catalogue migration on %s', (kind) => {
  let server: TestServer | undefined;
  afterEach(() => server?.close());

  it('gives existing videos an empty description and their name’s sort key', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'youku-test-'));
    const url = await databaseBefore(kind, dir, '010-catalogue', async (db) => {
      const [adminId] = await db('users').insert({
        name: 'boss',
        name_key: 'boss',
        password_hash: await hashPassword(PASSWORD),
        role: 'ADMIN',
        is_vip: false,
        is_locked: false,
        balance: 0,
        registered_at: new Date(),
      });
      const movie = (name: string, n: number) => ({
        name,
        search_key: name.toLowerCase(),
        is_free: true,
        size: 1,
        fingerprint: 'a'.repeat(32),
        sha256: String(n).repeat(64),
        live_sha256: String(n).repeat(64),
        storage_key: `movies/00000000-0000-0000-0000-00000000000${n}`,
        uploader_id: adminId,
        uploaded_at: new Date(),
        is_deleted: false,
      });
      await db('movies').insert([movie('Beta', 1), movie('alpha', 2), movie('L'.repeat(255), 3)]);
    });
    server = await startServer(kind, { DATABASE_URL: url });
    const client = new Client(server.url);
    const { login } = await client.ok(LOGIN, { name: 'boss', password: PASSWORD });
    const data = await client.as(login.token).ok<{ movies: SortedPage }>(SORTED_MOVIES, { sort: 'NAME' });
    expect(data.movies.edges.map((edge) => edge.node.name)).toEqual(['alpha', 'Beta', 'L'.repeat(255)]);
    const rows = await server.db('movies').orderBy('id').select('description', 'name_order');
    expect(rows).toEqual([
      { description: '', name_order: 'beta' },
      { description: '', name_order: 'alpha' },
      { description: '', name_order: 'l'.repeat(255) },
    ]);
  });
});

describe.each(databases)('tickets after a catalogue edit on %s', (kind) => {
  let server: TestServer;
  let clock: ManualClock;
  let admin: Account;
  let user: Account;

  beforeEach(async () => {
    clock = new ManualClock();
    server = await startServer(kind, { DOWNLOAD_WAIT_SECONDS: '30', JOB_CONCURRENCY: '0' }, { clock });
    ({ admin, user } = await adminAndUser(new Client(server.url)));
  });
  afterEach(() => server.close());

  it('keep their terms: a free ticket keeps its wait and costs nothing once the video is paid; a paid one serves at once when it turns free', async () => {
    const free = await uploadVideo(admin, { bytes: videoBytes(3000, 90), name: 'Free first', isFree: true });
    const ticket = (await user.client.ok<{ downloadMovie: Ticket }>(DOWNLOAD, { id: free.id })).downloadMovie;
    expect(ticket).toMatchObject({ price: 0, waitSeconds: 30 });
    await admin.client.ok(UPDATE_MOVIE, { id: free.id, isFree: false, name: 'Now paid' });
    expect((await fetchMedia(server.url, ticket)).status).toBe(425);
    clock.advance(30);
    const served = await fetchMedia(server.url, ticket);
    expect(served.status).toBe(200);
    expect((await served.arrayBuffer()).byteLength).toBe(3000);
    expect((await user.client.ok(`{ me { balance } }`)).me.balance).toBe(0);

    const paid = await uploadVideo(admin, { bytes: videoBytes(3100, 91), name: 'Paid first', isFree: false });
    await credit(admin, user, 10);
    const bought = (await user.client.ok<{ downloadMovie: Ticket }>(DOWNLOAD, { id: paid.id })).downloadMovie;
    expect(bought).toMatchObject({ price: 10, waitSeconds: 0 });
    await admin.client.ok(UPDATE_MOVIE, { id: paid.id, isFree: true });
    expect((await fetchMedia(server.url, bought)).status).toBe(200);
    // A new ticket follows the video as it is now: free, with the wait.
    const fresh = (await user.client.ok<{ downloadMovie: Ticket }>(DOWNLOAD, { id: paid.id })).downloadMovie;
    expect(fresh).toMatchObject({ price: 0, waitSeconds: 30 });
  });
});

const STORAGE_USAGE = `{ storageUsage { bytes originals renditions pictures unfinishedUploads measuredAt } }`;

interface UsageShape {
  bytes: number;
  originals: number;
  renditions: number;
  pictures: number;
  unfinishedUploads: number;
  measuredAt: string;
}

describe.each(backends)('storageUsage on %s with %s storage', (kind, storage) => {
  let server: TestServer;
  let clock: ManualClock;
  let admin: Account;
  let user: Account;

  async function start(maxAgeSeconds: number) {
    clock = new ManualClock();
    const env = { JOB_CONCURRENCY: '0', STORAGE_USAGE_MAX_AGE_SECONDS: String(maxAgeSeconds) };
    server = await startServer(kind, env, { clock, storage });
    ({ admin, user } = await adminAndUser(new Client(server.url)));
  }
  afterEach(() => server.close());

  /** Bytes written under `key` as another part of the system would (the stream and preview makers, say). */
  async function put(key: string, bytes: Buffer): Promise<void> {
    if (server.bucket) {
      await server.bucket.client.send(
        new PutObjectCommand({ Bucket: server.bucket.location.bucket, Key: key, Body: bytes }),
      );
      return;
    }
    const path = join(server.config.mediaDir, key);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, bytes);
  }

  async function usage(): Promise<UsageShape> {
    return (await admin.client.ok<{ storageUsage: UsageShape }>(STORAGE_USAGE)).storageUsage;
  }

  it('counts originals, renditions, pictures and unfinished uploads by what storage holds', async () => {
    await start(0);
    expect(await usage()).toMatchObject({ bytes: 0, originals: 0, renditions: 0, pictures: 0, unfinishedUploads: 0 });
    const movie = await uploadVideo(admin, { bytes: videoBytes(4000, 1), name: 'One' });
    await uploadVideo(admin, { bytes: videoBytes(1000, 2), name: 'Two' });
    await put('posters/00000000-0000-4000-8000-000000000001.jpg', Buffer.alloc(300));
    await put('previews/00000000-0000-4000-8000-000000000001/previews.vtt', Buffer.alloc(20));
    await put('previews/00000000-0000-4000-8000-000000000001/sprite-0.jpg', Buffer.alloc(700));
    await put('streams/00000000-0000-4000-8000-000000000001/360.mp4', Buffer.alloc(2500));
    await put('streams/00000000-0000-4000-8000-000000000001/360.m3u8', Buffer.alloc(50));
    await tusUpload(admin.client, { bytes: videoBytes(60_000, 3), chunkSize: 10_000, stopAfter: 20_000 });
    expect(await usage()).toMatchObject({
      originals: 5000,
      renditions: 2550,
      pictures: 1020,
      unfinishedUploads: 20_000,
      bytes: 5000 + 2550 + 1020 + 20_000,
    });
    // Deleting keeps the bytes today: they are counted while storage holds them.
    await admin.client.ok(DELETE_MOVIE, { id: movie.id });
    expect((await usage()).originals).toBe(5000);
    // Another admin's unfinished upload is storage too.
    const other = await registerAs(new Client(server.url), 'second');
    await server.db('users').where('name', 'second').update({ role: 'ADMIN' });
    await tusUpload(other.client, { bytes: videoBytes(30_000, 4), chunkSize: 10_000, stopAfter: 10_000 });
    expect((await usage()).unfinishedUploads).toBe(30_000);
  });

  it('answers the kept measure until it is STORAGE_USAGE_MAX_AGE_SECONDS old, then measures again', async () => {
    await start(300);
    await uploadVideo(admin, { bytes: videoBytes(1000, 5), name: 'Before' });
    const first = await usage();
    expect(first.originals).toBe(1000);
    expect(Date.parse(first.measuredAt)).toBe(clock.now().getTime());
    await uploadVideo(admin, { bytes: videoBytes(2000, 6), name: 'After' });
    clock.advance(299);
    expect(await usage()).toEqual(first);
    clock.advance(1);
    const second = await usage();
    expect(second.originals).toBe(3000);
    expect(Date.parse(second.measuredAt)).toBe(clock.now().getTime());
    // Kept in the database: every process answers the same measure.
    expect(await server.rows('storage_usage')).toBe(1);
  });

  it('is for admins: FORBIDDEN to users, UNAUTHENTICATED to anonymous callers', async () => {
    await start(0);
    await user.client.fails('FORBIDDEN', STORAGE_USAGE);
    await new Client(server.url).fails('UNAUTHENTICATED', STORAGE_USAGE);
    expect(await server.rows('storage_usage')).toBe(0);
  });
});
