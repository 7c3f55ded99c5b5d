import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdir, readFile, readlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { adminAndUser, credit, LOCK_USER, ME, registerAs, type Account } from './support/accounts.js';
import { Client } from './support/client.js';
import { BUY_VIP, DOWNLOAD, download, fetchMedia, RECORDS, type Ticket } from './support/downloads.js';
import { DELETE_MOVIE, MOVIE, MOVIES, uploadVideo, videoBytes, type MovieShape } from './support/movies.js';
import { ManualClock } from './support/clock.js';
import { eventually } from './support/media.js';
import { backends } from './support/s3.js';
import { localStorageOf, setupCodeOf, startServer, type TestServer } from './support/server.js';

const sha256 = (bytes: Buffer | ArrayBuffer) =>
  createHash('sha256')
    .update(Buffer.from(bytes as ArrayBuffer))
    .digest('hex');

describe.each(backends)('downloads on %s with %s storage', (kind, storage) => {
  let server: TestServer;
  let admin: Account;
  let user: Account;
  let clock: ManualClock;
  afterEach(() => server?.close());

  async function start(env: Record<string, string> = {}) {
    clock = new ManualClock();
    server = await startServer(kind, { DOWNLOAD_WAIT_SECONDS: '0', ...env }, { clock, storage });
    ({ admin, user } = await adminAndUser(new Client(server.url), setupCodeOf(server)));
  }

  async function balanceOf(account: Account): Promise<number> {
    return (await account.client.ok(ME)).me.balance;
  }

  async function recordCount(): Promise<number> {
    return server.rows('download_records');
  }

  describe('prices and waits', () => {
    it('charges users who are not VIP the regular price and makes them wait only for free videos', async () => {
      await start({ DOWNLOAD_WAIT_SECONDS: '30' });
      const free = await uploadVideo(admin, { bytes: videoBytes(1000, 1), isFree: true });
      const paid = await uploadVideo(admin, { bytes: videoBytes(1000, 2), isFree: false });
      await credit(admin, user, 25);

      const seen = await user.client.ok(MOVIES, {});
      const byId = new Map(seen.movies.edges.map((e: { node: MovieShape }) => [e.node.id, e.node]));
      expect(byId.get(free.id)).toMatchObject({ price: 0, waitSeconds: 30 });
      expect(byId.get(paid.id)).toMatchObject({ price: 10, waitSeconds: 0 });

      const freeTicket = await download(user.client, free.id);
      expect(freeTicket).toMatchObject({ price: 0, waitSeconds: 30 });
      expect(Date.parse(freeTicket.availableAt) - clock.now().getTime()).toBe(30_000);
      expect(Date.parse(freeTicket.expiresAt) - Date.parse(freeTicket.availableAt)).toBe(3600_000);

      const paidTicket = await download(user.client, paid.id);
      expect(paidTicket).toMatchObject({ price: 10, waitSeconds: 0 });
      expect(await balanceOf(user)).toBe(15);

      // Bought once: later downloads cost nothing, and the list shows it.
      const again = await download(user.client, paid.id);
      expect(again.price).toBe(0);
      expect(await balanceOf(user)).toBe(15);
      expect((await user.client.ok(MOVIE, { id: paid.id })).movie.price).toBe(0);
    });

    it('gives VIP users the VIP price and no wait', async () => {
      await start({ DOWNLOAD_WAIT_SECONDS: '30', VIP_PRICE: '30', PRICE_VIP: '5' });
      const free = await uploadVideo(admin, { bytes: videoBytes(1000, 1), isFree: true });
      const paid = await uploadVideo(admin, { bytes: videoBytes(1000, 2), isFree: false });
      await credit(admin, user, 40);
      const vip = await user.client.ok(BUY_VIP);
      expect(vip.buyVip).toMatchObject({ isVip: true, balance: 10 });
      expect((await user.client.ok(MOVIE, { id: free.id })).movie).toMatchObject({ price: 0, waitSeconds: 0 });
      expect((await user.client.ok(MOVIE, { id: paid.id })).movie).toMatchObject({ price: 5, waitSeconds: 0 });
      expect(await download(user.client, free.id)).toMatchObject({ price: 0, waitSeconds: 0 });
      expect(await download(user.client, paid.id)).toMatchObject({ price: 5, waitSeconds: 0 });
      expect(await balanceOf(user)).toBe(5);
    });

    it('charges the VIP price once and never again', async () => {
      await start();
      await credit(admin, user, 100);
      await user.client.ok(BUY_VIP);
      const again = await user.client.ok(BUY_VIP);
      expect(again.buyVip).toMatchObject({ isVip: true, balance: 70 });
    });

    it('refuses VIP without the coins, changing nothing', async () => {
      await start();
      await credit(admin, user, 29);
      await user.client.fails('INSUFFICIENT_FUNDS', BUY_VIP);
      expect((await user.client.ok(ME)).me).toMatchObject({ isVip: false, balance: 29 });
    });
  });

  describe('admins', () => {
    it('download any video at price 0 and without a wait, recorded at price 0 with no ledger entry', async () => {
      await start({ DOWNLOAD_WAIT_SECONDS: '30' });
      const free = await uploadVideo(admin, { bytes: videoBytes(1000, 1), isFree: true });
      const paid = await uploadVideo(admin, { bytes: videoBytes(1000, 2), isFree: false });
      await credit(admin, admin, 50);

      const listed = (await admin.client.ok(MOVIES, {})).movies.edges.map((e: { node: MovieShape }) => e.node);
      expect(listed.map((movie: MovieShape) => [movie.price, movie.waitSeconds])).toEqual([
        [0, 0],
        [0, 0],
      ]);
      for (const movie of [paid, free]) {
        const ticket = await download(admin.client, movie.id);
        expect(ticket).toMatchObject({ price: 0, waitSeconds: 0 });
        expect(Date.parse(ticket.availableAt)).toBe(clock.now().getTime());
        const response = await fetchMedia(server.url, ticket);
        expect(response.status).toBe(200);
        expect(sha256(await response.arrayBuffer())).toBe(movie.sha256);
      }

      const records = (await admin.client.ok(RECORDS)).downloadRecords.edges.map((e: any) => e.node.price);
      expect(records).toEqual([0, 0]);
      expect(await balanceOf(admin)).toBe(50);
      expect(await server.rows('coin_entries')).toBe(1);
      expect(await server.rows('purchases')).toBe(0);
      // Users still pay and wait.
      expect((await user.client.ok(MOVIE, { id: paid.id })).movie).toMatchObject({ price: 10, waitSeconds: 0 });
      expect((await user.client.ok(MOVIE, { id: free.id })).movie).toMatchObject({ price: 0, waitSeconds: 30 });
    });
  });

  describe('ticket URLs', () => {
    const FORWARDED = { 'x-forwarded-proto': 'https', 'x-forwarded-host': 'video.example.com' };

    async function ticketUrl(headers: Record<string, string> = {}): Promise<string> {
      const movie = await uploadVideo(admin, { bytes: videoBytes(1000, 5), isFree: true });
      const result = await user.client.request(DOWNLOAD, { id: movie.id }, headers);
      expect(result.errors).toBeUndefined();
      return (result.data as { downloadMovie: Ticket }).downloadMovie.url;
    }

    it('are absolute on the origin the request came to, and serve the bytes as they are', async () => {
      await start();
      const url = await ticketUrl();
      expect(new URL(url).origin).toBe(server.url);
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/media\/[A-Za-z0-9_-]{43}$/);
      expect((await fetch(url)).status).toBe(200);
    });

    it('ignore X-Forwarded-Proto and -Host unless TRUST_PROXY is on', async () => {
      await start();
      expect(new URL(await ticketUrl(FORWARDED)).origin).toBe(server.url);
      await server.close();
      await start({ TRUST_PROXY: 'true' });
      expect(await ticketUrl(FORWARDED)).toMatch(/^https:\/\/video\.example\.com\/media\/[A-Za-z0-9_-]{43}$/);
    });

    it('are built from PUBLIC_URL when it is set, whatever the request says', async () => {
      await start({ PUBLIC_URL: 'https://cdn.example.com:8443/', TRUST_PROXY: 'true' });
      const url = await ticketUrl(FORWARDED);
      expect(url).toMatch(/^https:\/\/cdn\.example\.com:8443\/media\/[A-Za-z0-9_-]{43}$/);
      expect((await fetch(new URL(new URL(url).pathname, server.url))).status).toBe(200);
    });
  });

  describe('refusals', () => {
    it('refuses a paid download without the coins, recording and charging nothing', async () => {
      await start();
      const paid = await uploadVideo(admin, { bytes: videoBytes(1000, 2), isFree: false });
      await credit(admin, user, 9);
      await user.client.fails('INSUFFICIENT_FUNDS', DOWNLOAD, { id: paid.id });
      expect(await balanceOf(user)).toBe(9);
      expect(await recordCount()).toBe(0);
      expect((await user.client.ok(RECORDS)).downloadRecords.totalCount).toBe(0);
    });

    it('refuses deleted, unknown and malformed ids with nothing recorded', async () => {
      await start();
      const movie = await uploadVideo(admin, { bytes: videoBytes(1000, 3), isFree: false });
      await credit(admin, user, 50);
      await admin.client.ok(DELETE_MOVIE, { id: movie.id });
      await user.client.fails('NOT_FOUND', DOWNLOAD, { id: movie.id });
      await user.client.fails('NOT_FOUND', DOWNLOAD, { id: Buffer.from('Movie:424242').toString('base64') });
      await user.client.fails('BAD_USER_INPUT', DOWNLOAD, { id: Buffer.from('User:1').toString('base64') });
      await user.client.fails('BAD_USER_INPUT', DOWNLOAD, { id: '!!' });
      await new Client(server.url).fails('UNAUTHENTICATED', DOWNLOAD, { id: movie.id });
      expect(await balanceOf(user)).toBe(50);
      expect(await recordCount()).toBe(0);
    });
  });

  describe('the media endpoint', () => {
    const size = 300_000;
    let bytes: Buffer;
    let movie: MovieShape;

    async function ready(env: Record<string, string> = {}) {
      await start(env);
      bytes = videoBytes(size, 21);
      movie = await uploadVideo(admin, { bytes, filename: 'x.mp4', name: '功夫 "熊猫".mp4', isFree: true });
    }

    it('serves exact bytes with the headers of a download', async () => {
      await ready();
      const ticket = await download(user.client, movie.id);
      const response = await fetchMedia(server.url, ticket);
      expect(response.status).toBe(200);
      const body = await response.arrayBuffer();
      expect(sha256(body)).toBe(sha256(bytes));
      expect(response.headers.get('content-length')).toBe(String(size));
      expect(response.headers.get('accept-ranges')).toBe('bytes');
      expect(response.headers.get('etag')).toBe(`"${movie.sha256}"`);
      expect(response.headers.get('last-modified')).toBeTruthy();
      // Random bytes: no probe finds media in them, whatever their name says.
      expect(response.headers.get('content-type')).toBe('application/octet-stream');
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('cache-control')).toBe('private');
      const token = ticket.url.split('/').pop()!;
      expect(JSON.stringify(server.logs)).not.toContain(token);
      expect(server.logs.some((line) => line.req?.url === '/media/…')).toBe(true);
      const disposition = response.headers.get('content-disposition')!;
      expect(disposition).toMatch(/^attachment; filename="(\\.|[^"\\])*"; filename\*=UTF-8''/);
      expect(decodeURIComponent(disposition.split("UTF-8''")[1]!)).toBe('功夫 "熊猫".mp4');
    });

    it('looks up a ticket and its movie in one query per request', async () => {
      // No job worker: its probe of the new movie would read the movie row meanwhile.
      await ready({ JOB_CONCURRENCY: '0' });
      const ticket = await download(user.client, movie.id);
      const range = { headers: { range: 'bytes=0-99' } };
      const { result, queries } = await server.queriesDuring(() => fetchMedia(server.url, ticket, range));
      expect(result.status).toBe(206);
      expect((await result.arrayBuffer()).byteLength).toBe(100);
      expect(queries, queries.join('\n')).toHaveLength(1);
    });

    it('answers single ranges: start, middle, end, suffix and open', async () => {
      await ready();
      const ticket = await download(user.client, movie.id);
      const cases: [string, number, number][] = [
        ['bytes=0-99', 0, 99],
        ['bytes=150000-150999', 150_000, 150_999],
        [`bytes=${size - 100}-${size - 1}`, size - 100, size - 1],
        ['bytes=-500', size - 500, size - 1],
        ['bytes=1000-', 1000, size - 1],
        [`bytes=${size - 10}-${size + 1000}`, size - 10, size - 1],
      ];
      for (const [range, start, end] of cases) {
        const response = await fetchMedia(server.url, ticket, { headers: { range } });
        expect(response.status, range).toBe(206);
        expect(response.headers.get('content-range')).toBe(`bytes ${start}-${end}/${size}`);
        expect(response.headers.get('content-length')).toBe(String(end - start + 1));
        expect(Buffer.from(await response.arrayBuffer()).equals(bytes.subarray(start, end + 1))).toBe(true);
      }
    });

    it('answers 416 to an unsatisfiable range, and HEAD with headers only', async () => {
      await ready();
      const ticket = await download(user.client, movie.id);
      const unsatisfiable = await fetchMedia(server.url, ticket, { headers: { range: `bytes=${size}-` } });
      expect(unsatisfiable.status).toBe(416);
      expect(unsatisfiable.headers.get('content-range')).toBe(`bytes */${size}`);
      expect(unsatisfiable.headers.get('content-type')).toMatch(/^application\/json/);
      expect(unsatisfiable.headers.get('content-disposition')).toBeNull();
      expect((await unsatisfiable.json()).errors[0].extensions.code).toBe('BAD_USER_INPUT');
      const head = await fetchMedia(server.url, ticket, { method: 'HEAD' });
      expect(head.status).toBe(200);
      expect(head.headers.get('content-length')).toBe(String(size));
      expect((await head.arrayBuffer()).byteLength).toBe(0);
    });

    it('honours If-Range and If-None-Match', async () => {
      await ready();
      const ticket = await download(user.client, movie.id);
      const etag = `"${movie.sha256}"`;
      const fresh = await fetchMedia(server.url, ticket, { headers: { range: 'bytes=0-9', 'if-range': etag } });
      expect(fresh.status).toBe(206);
      const stale = await fetchMedia(server.url, ticket, {
        headers: { range: 'bytes=0-9', 'if-range': `"${'0'.repeat(64)}"` },
      });
      expect(stale.status).toBe(200);
      expect((await stale.arrayBuffer()).byteLength).toBe(size);
      // fetch() adds `Cache-Control: no-cache` to a conditional request unless one is given.
      const unchanged = await fetchMedia(server.url, ticket, {
        headers: { 'if-none-match': etag, 'cache-control': 'max-age=0' },
      });
      expect(unchanged.status).toBe(304);
    });

    it('answers 425 with Retry-After before the wait is over, then the bytes', async () => {
      await ready({ DOWNLOAD_WAIT_SECONDS: '30' });
      const ticket = await download(user.client, movie.id);
      expect(ticket.waitSeconds).toBe(30);
      const early = await fetchMedia(server.url, ticket);
      expect(early.status).toBe(425);
      expect(early.headers.get('retry-after')).toBe('30');
      expect((await early.json()).errors[0].extensions.code).toBe('TOO_EARLY');
      clock.advance(29);
      expect((await fetchMedia(server.url, ticket)).headers.get('retry-after')).toBe('1');
      clock.advance(1);
      const served = await fetchMedia(server.url, ticket);
      expect(served.status).toBe(200);
      expect(sha256(await served.arrayBuffer())).toBe(movie.sha256);
    });

    it('answers 410 for an expired ticket or a video deleted since, and 404 for a forged one', async () => {
      await ready({ TICKET_TTL_SECONDS: '60' });
      const ticket = await download(user.client, movie.id);
      const other = await download(user.client, movie.id);
      expect((await fetchMedia(server.url, ticket)).status).toBe(200);
      clock.advance(59);
      expect((await fetchMedia(server.url, ticket)).status).toBe(200);
      clock.advance(1);
      expect((await fetchMedia(server.url, ticket)).status).toBe(410);

      const fresh = await download(user.client, movie.id);
      await admin.client.ok(DELETE_MOVIE, { id: movie.id });
      expect((await fetchMedia(server.url, fresh)).status).toBe(410);

      const forged = { ...other, url: `/media/${'A'.repeat(43)}` };
      expect((await fetchMedia(server.url, forged)).status).toBe(404);
      expect((await fetchMedia(server.url, { ...other, url: '/media/..%2F..%2Fetc%2Fpasswd' })).status).toBe(404);
      expect((await fetchMedia(server.url, { ...other, url: '/media/' })).status).toBe(404);
    });
  });

  describe('a locked holder', () => {
    /** The ticket's answer, asked until the process's remembered one (TICKET_CHECK_CACHE_MS) has given way. */
    const statusBecomes = (ticket: Ticket, status: number) =>
      eventually(
        async () => (await fetchMedia(server.url, ticket)).status,
        (seen) => seen === status,
      );

    it('gets 403 ACCOUNT_LOCKED from its tickets (within TICKET_CHECK_CACHE_MS for one in use), and the bytes again once unlocked while they are valid', async () => {
      await start({ DOWNLOAD_WAIT_SECONDS: '30', TICKET_TTL_SECONDS: '60', TICKET_CHECK_CACHE_MS: '100' });
      const movie = await uploadVideo(admin, { bytes: videoBytes(5000, 31), isFree: true });
      const ready = await download(admin.client, movie.id);
      const ticket = await download(user.client, movie.id);
      clock.advance(30);
      // Not yet available: locked says more than early.
      const later = await download(user.client, movie.id);
      expect((await fetchMedia(server.url, ticket)).status).toBe(200);

      await admin.client.ok(LOCK_USER, { id: user.user.id, locked: true });
      // Never asked before: refused at once.
      expect((await fetchMedia(server.url, later)).status).toBe(403);
      await statusBecomes(ticket, 403);
      for (const [held, init] of [
        [ticket, {}],
        [ticket, { method: 'HEAD' }],
        [ticket, { headers: { range: 'bytes=0-9' } }],
        [later, {}],
      ] as const) {
        const refused = await fetchMedia(server.url, held, init);
        expect(refused.status).toBe(403);
        expect(refused.headers.get('content-range')).toBeNull();
        if (init.method !== 'HEAD') {
          expect((await refused.json()).errors[0]).toMatchObject({
            message: expect.stringMatching(/account .* is locked/),
            extensions: { code: 'ACCOUNT_LOCKED' },
          });
        }
      }
      // Another holder's ticket of the same video still serves.
      expect((await fetchMedia(server.url, ready)).status).toBe(200);

      // A ticket is valid for its own window: unlocked within it, it serves again; after it, it has expired.
      await admin.client.ok(LOCK_USER, { id: user.user.id, locked: false });
      await statusBecomes(ticket, 200);
      const served = await fetchMedia(server.url, ticket);
      expect(sha256(await served.arrayBuffer())).toBe(movie.sha256);
      // An expiry needs no new answer of the database: at once.
      clock.advance(60);
      expect((await fetchMedia(server.url, ticket)).status).toBe(410);
    });

    it('is read in the one query that looks the ticket up', async () => {
      await start({ JOB_CONCURRENCY: '0' });
      const movie = await uploadVideo(admin, { bytes: videoBytes(5000, 32), isFree: true });
      const ticket = await download(user.client, movie.id);
      await admin.client.ok(LOCK_USER, { id: user.user.id, locked: true });
      const { result, queries } = await server.queriesDuring(() => fetchMedia(server.url, ticket));
      expect(result.status).toBe(403);
      expect(queries, queries.join('\n')).toHaveLength(1);
    });
  });

  describe('answers about a ticket reused for TICKET_CHECK_CACHE_MS', () => {
    const range = { headers: { range: 'bytes=0-99' } };

    it('asks the database once for the ranges of a ticket in use, and every time for a token it does not know', async () => {
      // No job worker: its probe of the new movie would read the movie row meanwhile.
      await start({ JOB_CONCURRENCY: '0', TICKET_CHECK_CACHE_MS: '2000' });
      const movie = await uploadVideo(admin, { bytes: videoBytes(5000, 33), isFree: true });
      const ticket = await download(user.client, movie.id);
      expect((await fetchMedia(server.url, ticket, range)).status).toBe(206);
      const again = await server.queriesDuring(() => fetchMedia(server.url, ticket, range));
      expect(again.result.status).toBe(206);
      expect(again.queries, again.queries.join('\n')).toHaveLength(0);

      const forged = { ...ticket, url: `/media/${'B'.repeat(43)}` };
      for (let i = 0; i < 2; i++) {
        const refused = await server.queriesDuring(() => fetchMedia(server.url, forged, range));
        expect(refused.result.status).toBe(404);
        expect(refused.queries, refused.queries.join('\n')).toHaveLength(1);
      }
    });

    it('refuses a ticket in use once its video is deleted, within the bound; a new ticket at once', async () => {
      // No job worker: the bytes stay, so that only the ticket rule can refuse them.
      await start({ JOB_CONCURRENCY: '0', TICKET_CHECK_CACHE_MS: '100' });
      const movie = await uploadVideo(admin, { bytes: videoBytes(5000, 34), isFree: true });
      const inUse = await download(user.client, movie.id);
      const unused = await download(user.client, movie.id);
      expect((await fetchMedia(server.url, inUse, range)).status).toBe(206);
      await admin.client.ok(DELETE_MOVIE, { id: movie.id });
      expect((await fetchMedia(server.url, unused, range)).status).toBe(410);
      await eventually(
        async () => (await fetchMedia(server.url, inUse, range)).status,
        (status) => status === 410,
      );
    });
  });

  describe('streaming', () => {
    /** Descriptors of this process (the in-process test server's) open on `path`. */
    async function descriptorsOn(path: string): Promise<number> {
      const fds = await readdir('/proc/self/fd');
      const targets = await Promise.all(fds.map((fd) => readlink(`/proc/self/fd/${fd}`).catch(() => '')));
      return targets.filter((target) => target === path).length;
    }

    // The descriptors of a local file show it; a bucket's GET has none to count.
    it.skipIf(storage === 's3')(
      'lets go of the file when a client leaves mid-body and the video is deleted',
      async () => {
        await start();
        const movie = await uploadVideo(admin, { bytes: videoBytes(8 * 1024 * 1024, 31), isFree: true });
        const row = await server.db('movies').where('sha256', movie.sha256).first();
        const path = localStorageOf(server).localPath(row.storage_key);
        const ticket = await download(user.client, movie.id);
        const controller = new AbortController();
        const response = await fetchMedia(server.url, ticket, { signal: controller.signal });
        const reader = response.body!.getReader();
        await reader.read();
        expect(await descriptorsOn(path)).toBe(1);
        controller.abort();
        await admin.client.ok(DELETE_MOVIE, { id: movie.id });
        // Nothing holds the deleted file open: its disk space is free at once.
        for (let i = 0; i < 100 && (await descriptorsOn(path)) > 0; i++) await new Promise((r) => setTimeout(r, 20));
        expect(await descriptorsOn(path)).toBe(0);
      },
    );

    it('lets `curl -C -` resume a broken download byte-exactly', async () => {
      await start();
      const bytes = videoBytes(2 * 1024 * 1024, 32);
      const movie = await uploadVideo(admin, { bytes, isFree: true });
      const ticket = await download(user.client, movie.id);
      const url = new URL(ticket.url, server.url).toString();
      const out = join(server.dir, 'partial.mp4');
      await writeFile(out, bytes.subarray(0, 700_000));
      await promisify(execFile)('curl', ['-sS', '-f', '-C', '-', '-o', out, url]);
      expect(sha256(await readFile(out))).toBe(movie.sha256);
    });

    it('prices a whole page of movies in the query that reads the page', async () => {
      await start({ JOB_CONCURRENCY: '0' });
      await credit(admin, user, 100);
      const movies = [];
      for (let i = 0; i < 8; i++)
        movies.push(await uploadVideo(admin, { bytes: videoBytes(500, 200 + i), isFree: false }));
      await download(user.client, movies[0]!.id);
      await download(user.client, movies[5]!.id);
      const { result: page, queries } = await server.queriesDuring(() => user.client.ok(MOVIES, { first: 8 }));
      const prices = page.movies.edges.map((e: { node: MovieShape }) => [e.node.id, e.node.price]);
      const bought = [movies[0]!.id, movies[5]!.id];
      expect(prices).toEqual(movies.map(({ id }) => [id, bought.includes(id) ? 0 : 10]).reverse());
      const pageQueries = queries.filter((sql) => /from [`"]movies[`"]/.test(sql) && !/count\(/i.test(sql));
      expect(pageQueries).toHaveLength(1);
      expect(queries.filter((sql) => sql.includes('purchases'))).toEqual(pageQueries);
    });
  });

  describe('history', () => {
    it('lists only the viewer’s own downloads, newest first, with prices and deleted movies', async () => {
      await start();
      const free = await uploadVideo(admin, { bytes: videoBytes(1000, 1), isFree: true, name: 'free one' });
      const paid = await uploadVideo(admin, { bytes: videoBytes(1000, 2), isFree: false, name: 'paid one' });
      await credit(admin, user, 10);
      await download(user.client, free.id);
      await download(user.client, paid.id);
      await download(user.client, paid.id);
      const other = await registerAs(new Client(server.url), 'other');
      await download(other.client, free.id);
      await admin.client.ok(DELETE_MOVIE, { id: paid.id });

      const records = (await user.client.ok(RECORDS)).downloadRecords;
      expect(records.totalCount).toBe(3);
      expect(records.edges.map((e: any) => [e.node.movie.name, e.node.price, e.node.movie.isDeleted])).toEqual([
        ['paid one', 0, true],
        ['paid one', 10, true],
        ['free one', 0, false],
      ]);
      const theirs = (await other.client.ok(RECORDS)).downloadRecords;
      expect(theirs.totalCount).toBe(1);
      const page = (await user.client.ok(RECORDS, { first: 2 })).downloadRecords;
      const rest = (await user.client.ok(RECORDS, { first: 2, after: page.pageInfo.endCursor })).downloadRecords;
      expect([...page.edges, ...rest.edges].map((e: any) => e.node.id)).toEqual(
        records.edges.map((e: any) => e.node.id),
      );
    });
  });

  describe('races', () => {
    it('lets a user who can afford two of six concurrent paid downloads have exactly two', async () => {
      await start();
      const movies = [];
      for (let i = 0; i < 6; i++)
        movies.push(await uploadVideo(admin, { bytes: videoBytes(1000, 100 + i), isFree: false }));
      await credit(admin, user, 20);
      const results = await Promise.all(movies.map((m) => user.client.request(DOWNLOAD, { id: m.id })));
      expect(results.filter((r) => !r.errors)).toHaveLength(2);
      expect(results.filter((r) => r.errors?.[0]?.extensions?.code === 'INSUFFICIENT_FUNDS')).toHaveLength(4);
      expect(await balanceOf(user)).toBe(0);
      expect(await recordCount()).toBe(2);
    });

    it('charges once for six concurrent downloads of the same paid video', async () => {
      await start();
      const movie = await uploadVideo(admin, { bytes: videoBytes(1000, 7), isFree: false });
      await credit(admin, user, 100);
      const results = await Promise.all(
        Array.from({ length: 6 }, () => user.client.request(DOWNLOAD, { id: movie.id })),
      );
      expect(results.every((r) => !r.errors)).toBe(true);
      expect(results.map((r: any) => r.data.downloadMovie.price).sort()).toEqual([0, 0, 0, 0, 0, 10]);
      expect(await balanceOf(user)).toBe(90);
    });

    it('charges VIP once when two buyVip race', async () => {
      await start();
      await credit(admin, user, 100);
      const results = await Promise.all([user.client.request(BUY_VIP), user.client.request(BUY_VIP)]);
      expect(results.every((r) => !r.errors)).toBe(true);
      expect(await balanceOf(user)).toBe(70);
    });

    it('keeps a download racing deleteMovie consistent: refused and free, or a ticket that no longer serves', async () => {
      await start();
      const movie = await uploadVideo(admin, { bytes: videoBytes(1000, 9), isFree: false });
      await credit(admin, user, 10);
      const [downloaded] = await Promise.all([
        user.client.request(DOWNLOAD, { id: movie.id }),
        admin.client.request(DELETE_MOVIE, { id: movie.id }),
      ]);
      if (downloaded.errors) {
        expect(downloaded.errors[0]?.extensions?.code).toBe('NOT_FOUND');
        expect(await balanceOf(user)).toBe(10);
        expect(await recordCount()).toBe(0);
      } else {
        expect(await balanceOf(user)).toBe(0);
        const response = await fetchMedia(server.url, (downloaded.data as any).downloadMovie);
        expect(response.status).toBe(410);
      }
    });
  });
});
