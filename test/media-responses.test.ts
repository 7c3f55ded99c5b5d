import { mkdir, mkdtemp, readdir, readlink, rm, truncate } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { adminAndUser, type Account } from './support/accounts.js';
import { Client } from './support/client.js';
import { databases } from './support/databases.js';
import { download, fetchMedia, type Ticket } from './support/downloads.js';
import { eventually, makeVideo, probedMovie } from './support/media.js';
import { uploadVideo, videoBytes, type MovieShape } from './support/movies.js';
import { localStorageOf, startServer, type TestServer } from './support/server.js';

/**
 * Descriptors this process holds other than sockets: the test server runs in it, so an open file of
 * a download counts (sockets come and go with the client's connection pool).
 */
async function openFiles(): Promise<number> {
  const fds = await readdir('/proc/self/fd');
  const targets = await Promise.all(fds.map((fd) => readlink(`/proc/self/fd/${fd}`).catch(() => 'socket:gone')));
  return targets.filter((target) => !target.startsWith('socket:')).length;
}

/** Polls `read` a while until it gives at most `level` (the file closes at once when the request ends). */
async function settlesAt(read: () => Promise<number>, level: number): Promise<number> {
  let value = await read();
  for (let i = 0; i < 50 && value > level; i++) {
    await new Promise((resolve) => setTimeout(resolve, 20));
    value = await read();
  }
  return value;
}

/** Waits until the server logged `count` lines for /media requests (the last one once it ended). */
async function mediaLogLines(server: TestServer, count: number): Promise<void> {
  const logged = () => server.logs.filter((line) => line.req?.url === '/media/…').length;
  for (let i = 0; i < 500 && logged() < count; i++) await new Promise((resolve) => setTimeout(resolve, 20));
  expect(logged()).toBe(count);
}

describe.each(databases)('the media endpoint’s conditional and ranged answers on %s', (kind) => {
  const size = 200_000;
  let server: TestServer;
  let admin: Account;
  let user: Account;
  let bytes: Buffer;
  let movie: MovieShape;
  let ticket: Ticket;
  afterEach(() => server?.close());

  async function ready(videoSize = size) {
    server = await startServer(kind, { DOWNLOAD_WAIT_SECONDS: '0' });
    ({ admin, user } = await adminAndUser(new Client(server.url)));
    bytes = videoBytes(videoSize, 41);
    movie = await uploadVideo(admin, { bytes, isFree: true });
    ticket = await download(user.client, movie.id);
  }

  const get = (headers: Record<string, string>, method = 'GET') =>
    fetchMedia(server.url, ticket, { method, headers: { 'cache-control': 'max-age=0', ...headers } });

  it('serves a suffix range of the last 100 bytes', async () => {
    await ready();
    const response = await get({ range: 'bytes=-100' });
    expect(response.status).toBe(206);
    expect(response.headers.get('content-range')).toBe(`bytes ${size - 100}-${size - 1}/${size}`);
    expect(Buffer.from(await response.arrayBuffer()).equals(bytes.subarray(size - 100))).toBe(true);
  });

  it('answers several ranges with the whole file (200), as for no range', async () => {
    await ready();
    const response = await get({ range: 'bytes=0-9,100-109' });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-range')).toBeNull();
    expect(Buffer.from(await response.arrayBuffer()).equals(bytes)).toBe(true);
  });

  it('answers HEAD with a range: 206 and the range’s headers, no body', async () => {
    await ready();
    const response = await get({ range: 'bytes=10-19' }, 'HEAD');
    expect(response.status).toBe(206);
    expect(response.headers.get('content-range')).toBe(`bytes 10-19/${size}`);
    expect(response.headers.get('content-length')).toBe('10');
    expect(response.headers.get('etag')).toBe(`"${movie.sha256}"`);
    expect(response.headers.get('content-disposition')).toMatch(/^attachment;/);
    expect((await response.arrayBuffer()).byteLength).toBe(0);
  });

  it('serves a range under If-Range only for this exact ETag or a date not before the file’s', async () => {
    await ready();
    const etag = `"${movie.sha256}"`;
    const lastModified = (await get({}, 'HEAD')).headers.get('last-modified')!;
    const cases: [string, number][] = [
      [etag, 206],
      [`"${'0'.repeat(64)}"`, 200],
      // A weak validator never matches If-Range.
      [`W/${etag}`, 200],
      [lastModified, 206],
      [new Date(Date.parse(lastModified) - 60_000).toUTCString(), 200],
    ];
    for (const [ifRange, status] of cases) {
      const response = await get({ range: 'bytes=0-9', 'if-range': ifRange });
      expect(response.status, ifRange).toBe(status);
      expect((await response.arrayBuffer()).byteLength, ifRange).toBe(status === 206 ? 10 : size);
    }
  });

  it('answers 304 to If-None-Match and If-Modified-Since for the stored file, with its validators', async () => {
    await ready();
    const etag = `"${movie.sha256}"`;
    const unchanged = await get({ 'if-none-match': `"other", ${etag}` });
    expect(unchanged.status).toBe(304);
    expect(unchanged.headers.get('etag')).toBe(etag);
    expect(unchanged.headers.get('content-type')).toBeNull();
    expect((await unchanged.arrayBuffer()).byteLength).toBe(0);
    expect((await get({ 'if-none-match': '"other"' })).status).toBe(200);
    const lastModified = (await get({}, 'HEAD')).headers.get('last-modified')!;
    expect((await get({ 'if-modified-since': lastModified })).status).toBe(304);
  });

  it('answers 412 when If-Match names another ETag, and the bytes when it names this one', async () => {
    await ready();
    const refused = await get({ 'if-match': '"other"' });
    expect(refused.status).toBe(412);
    expect((await refused.json()).errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(refused.headers.get('content-disposition')).toBeNull();
    expect((await get({ 'if-match': `"other", "${movie.sha256}"` })).status).toBe(200);
  });

  it('answers 410 when the stored file is gone under a valid ticket', async () => {
    await ready();
    const row = await server.db('movies').where('sha256', movie.sha256).first();
    await rm(localStorageOf(server).localPath(row.storage_key));
    for (const method of ['GET', 'HEAD']) {
      const response = await get({}, method);
      expect(response.status, method).toBe(410);
      expect(response.headers.get('content-disposition'), method).toBeNull();
    }
  });

  it('keeps one descriptor on a file however many clients leave mid-body', async () => {
    await ready(8 * 1024 * 1024);
    // Once the probe of the upload is over, nothing else opens files meanwhile.
    await eventually(
      () => server.db('movies').where('sha256', movie.sha256).first(),
      (row) => row.probed_at !== null,
    );
    const level = await openFiles();
    for (let client = 1; client <= 3; client++) {
      const controller = new AbortController();
      const response = await fetchMedia(server.url, ticket, { signal: controller.signal });
      await response.body!.getReader().read();
      controller.abort();
      await mediaLogLines(server, client);
      // The file stays open for the next reader (a player's next range): one descriptor, never one per client.
      expect(await settlesAt(openFiles, level + 1)).toBe(level + 1);
    }
  });

  it('answers 500 when the read fails before the answer, and goes on serving', async () => {
    await ready();
    const row = await server.db('movies').where('sha256', movie.sha256).first();
    const path = localStorageOf(server).localPath(row.storage_key);
    // A folder in the file's place: it opens, and its first read fails (EISDIR).
    await rm(path);
    await mkdir(path);
    const failed = await fetchMedia(server.url, ticket);
    expect(failed.status).toBe(500);
    expect((await failed.json()).errors[0].extensions.code).toBe('INTERNAL_SERVER_ERROR');
    await rm(path, { recursive: true });
    // A file removed behind the server's back is noticed within TICKET_CHECK_CACHE_MS.
    const gone = await eventually(
      async () => (await fetchMedia(server.url, ticket)).status,
      (status) => status !== 500,
    );
    expect(gone).toBe(410);
    const other = await uploadVideo(admin, { bytes: videoBytes(1000, 42), isFree: true });
    expect((await fetchMedia(server.url, await download(user.client, other.id))).status).toBe(200);
  });

  it('cuts the answer off when the file ends before the bytes it announced, and goes on serving', async () => {
    await ready(16 * 1024 * 1024);
    const row = await server.db('movies').where('sha256', movie.sha256).first();
    const path = localStorageOf(server).localPath(row.storage_key);
    const response = await fetchMedia(server.url, ticket);
    expect(response.headers.get('content-length')).toBe(String(16 * 1024 * 1024));
    const reader = response.body!.getReader();
    await reader.read();
    // Cut short under the reader (a disk error, an operator's mistake): never a short answer
    // that a kept-alive connection would take for complete.
    await truncate(path, 0);
    await expect(
      (async () => {
        while (!(await reader.read()).done);
      })(),
    ).rejects.toThrow();
    expect(server.logs.some((line) => line.msg === 'reading stored bytes failed mid-answer')).toBe(true);
    const other = await uploadVideo(admin, { bytes: videoBytes(1000, 43), isFree: true });
    expect((await fetchMedia(server.url, await download(user.client, other.id))).status).toBe(200);
  });
});

describe.each(databases)('posters on %s', (kind) => {
  let dir: string;
  let clip: Buffer;
  let server: TestServer;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'poster-clip-'));
    clip = await makeVideo(dir, 'clip.mp4', { width: 320, height: 240, seconds: 2 });
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));
  afterEach(() => server?.close());

  it('are served with their ETag, answer 304 to it, and 404 once the file is gone', async () => {
    server = await startServer(kind);
    const { admin, user } = await adminAndUser(new Client(server.url));
    const uploaded = await uploadVideo(admin, { bytes: clip, filename: 'clip.mp4' });
    const movie = await probedMovie(user.client, uploaded.id, true);
    const auth = { authorization: `Bearer ${user.token}` };
    const poster = await fetch(movie.posterUrl!, { headers: auth });
    expect(poster.status).toBe(200);
    const etag = poster.headers.get('etag')!;
    expect(etag).toMatch(/^"posters\/[0-9a-f-]{36}\.jpg"$/);
    expect(poster.headers.get('content-length')).toBe(String((await poster.arrayBuffer()).byteLength));
    const again = await fetch(movie.posterUrl!, {
      headers: { ...auth, 'if-none-match': etag, 'cache-control': 'max-age=0' },
    });
    expect(again.status).toBe(304);
    await rm(localStorageOf(server).localPath(JSON.parse(etag)));
    // Removed behind the server's back: noticed within TICKET_CHECK_CACHE_MS.
    const gone = await eventually(
      async () => (await fetch(movie.posterUrl!, { headers: auth })).status,
      (status) => status !== 200,
    );
    expect(gone).toBe(404);
  });
});
