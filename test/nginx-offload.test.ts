import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MEDIA_FILES_PATH } from '../domain/core/routes.js';
import { adminAndUser, type Account } from './support/accounts.js';
import { Client } from './support/client.js';
import { databaseUrlFor } from './support/databases.js';
import { download } from './support/downloads.js';
import { getRaw, type RawFile } from './support/encodings.js';
import { makeVideo } from './support/media.js';
import { uploadVideo, videoBytes, type MovieShape } from './support/movies.js';
import { nginxAvailable, startNginx, type Nginx } from './support/nginx.js';
import { printedSetupCode, startProcess, type ServerProcess } from './support/server-process.js';
import { processedMovie, streamTicket } from './support/streams.js';

const WEB_CLIENT = fileURLToPath(new URL('../dist/web', import.meta.url));
const NGINX_REQUEST_ID = /^[0-9a-f]{32}$/;
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

const get = (url: string, headers: Record<string, string> = {}, method = 'GET') => getRaw(url, headers, { method });

const errorCode = (answer: RawFile) =>
  (JSON.parse(answer.body.toString()) as { errors: { extensions: { code: string } }[] }).errors[0]!.extensions.code;

describe.skipIf(!nginxAvailable())('nginx sending the bytes (MEDIA_OFFLOAD=x-accel, deploy/nginx.conf)', () => {
  let dir: string;
  let server: ServerProcess;
  let nginx: Nginx;
  let admin: Account;
  let user: Account;
  let bytes: Buffer;
  let movie: MovieShape;
  let ticketUrl: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'youku-nginx-offload-'));
    const mediaDir = join(dir, 'media');
    server = await startProcess(
      {
        DATABASE_URL: databaseUrlFor('sqlite', dir),
        MEDIA_DIR: mediaDir,
        TRUST_PROXY: 'loopback',
        DOWNLOAD_WAIT_SECONDS: '0',
        MEDIA_OFFLOAD: 'x-accel',
        RENDITION_HEIGHTS: '120',
        CORS_ORIGINS: 'https://app.example.com',
      },
      { dir },
    );
    const upstream = `127.0.0.1:${server.port}`;
    nginx = await startNginx({
      upstreams: [upstream, upstream],
      webRoot: WEB_CLIENT,
      maxUploadBytes: 64 * 1024 * 1024,
      mediaDir,
    });
    ({ admin, user } = await adminAndUser(new Client(nginx.url), await printedSetupCode(server)));
    bytes = videoBytes(3 * 1024 * 1024 + 17, 51);
    movie = await uploadVideo(admin, { bytes, filename: 'offloaded.mp4', isFree: true });
    ticketUrl = (await download(user.client, movie.id)).url;
  }, 60_000);

  afterAll(async () => {
    await nginx?.stop();
    await server?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it("sends the whole file with the server's headers, which named the file and sent no byte itself", async () => {
    // Asked directly, the process answers with the file's name for nginx and no body.
    const direct = await get(`${server.url}${new URL(ticketUrl).pathname}`);
    expect(direct.status).toBe(200);
    expect(direct.headers['x-accel-redirect']).toMatch(new RegExp(`^${MEDIA_FILES_PATH}/[a-z]+/`));
    expect(direct.body.length).toBe(0);
    // The name is a storage key: the file it names is the upload, byte for byte.
    const key = (direct.headers['x-accel-redirect'] as string).slice(MEDIA_FILES_PATH.length + 1);
    expect(sha256(await readFile(join(dir, 'media', key)))).toBe(movie.sha256);

    const whole = await get(ticketUrl, { origin: 'https://app.example.com' });
    expect(whole.status).toBe(200);
    expect(sha256(whole.body)).toBe(movie.sha256);
    expect(whole.headers).toMatchObject({
      'content-type': direct.headers['content-type'],
      'content-length': String(bytes.length),
      'content-disposition': 'attachment; filename=offloaded.mp4',
      etag: `"${movie.sha256}"`,
      'cache-control': 'private',
      'x-content-type-options': 'nosniff',
      'accept-ranges': 'bytes',
      'access-control-allow-origin': 'https://app.example.com',
      'access-control-allow-credentials': 'true',
      vary: 'Origin',
    });
    expect(whole.headers['last-modified']).toBe(direct.headers['last-modified']);
    expect(whole.headers['x-request-id']).toMatch(NGINX_REQUEST_ID);
    expect(whole.headers['x-accel-redirect']).toBeUndefined();
  });

  it('answers Range and If-Range as the server does', async () => {
    const part = await get(ticketUrl, { range: 'bytes=1000000-1000099' });
    expect(part.status).toBe(206);
    expect(part.headers['content-range']).toBe(`bytes 1000000-1000099/${bytes.length}`);
    expect(part.headers.etag).toBe(`"${movie.sha256}"`);
    expect(part.body.equals(bytes.subarray(1_000_000, 1_000_100))).toBe(true);
    const suffix = await get(ticketUrl, { range: 'bytes=-10' });
    expect(suffix.status).toBe(206);
    expect(suffix.body.equals(bytes.subarray(bytes.length - 10))).toBe(true);

    const fresh = await get(ticketUrl, { range: 'bytes=0-9', 'if-range': `"${movie.sha256}"` });
    expect(fresh.status).toBe(206);
    expect(fresh.body.equals(bytes.subarray(0, 10))).toBe(true);
    const stale = await get(ticketUrl, { range: 'bytes=0-9', 'if-range': '"not-the-etag"' });
    expect(stale.status).toBe(200);
    expect(stale.body.length).toBe(bytes.length);
  });

  it("answers 416, 304, 412 and HEAD from the server, and refuses a ticket with the server's JSON and no bytes", async () => {
    const outside = await get(ticketUrl, { range: `bytes=${bytes.length + 10}-` });
    expect(outside.status).toBe(416);
    expect(outside.headers['content-range']).toBe(`bytes */${bytes.length}`);
    expect(errorCode(outside)).toBe('BAD_USER_INPUT');

    const unchanged = await get(ticketUrl, { 'if-none-match': `"${movie.sha256}"` });
    expect(unchanged.status).toBe(304);
    expect(unchanged.body.length).toBe(0);
    expect((await get(ticketUrl, { 'if-match': '"another"' })).status).toBe(412);
    const matching = await get(ticketUrl, { 'if-match': `"${movie.sha256}"`, range: 'bytes=5-9' });
    expect(matching.status).toBe(206);
    expect(matching.body.equals(bytes.subarray(5, 10))).toBe(true);

    const head = await get(ticketUrl, {}, 'HEAD');
    expect(head.status).toBe(200);
    expect(head.headers['content-length']).toBe(String(bytes.length));

    const forged = await get(`${nginx.url}/media/${'A'.repeat(43)}`);
    expect(forged.status).toBe(404);
    expect(errorCode(forged)).toBe('NOT_FOUND');
    expect(forged.headers['content-type']).toMatch(/^application\/json/);
  });

  it('never lets a client name a file itself', async () => {
    const direct = await get(`${server.url}${new URL(ticketUrl).pathname}`);
    const internal = `${nginx.url}${direct.headers['x-accel-redirect'] as string}`;
    const answer = await get(internal);
    expect(answer.status).toBe(404);
    expect(sha256(answer.body)).not.toBe(movie.sha256);
  });

  it("sends every byte range of a stream's rendition as its playlist names them", async () => {
    const clip = await makeVideo(dir, 'clip.mp4', { width: 320, height: 240, seconds: 3, rate: 10 });
    const video = await uploadVideo(admin, { bytes: clip, filename: 'clip.mp4', isFree: true });
    await processedMovie(admin.client, video.id);
    const stream = (await streamTicket(user.client, video.id)).streamUrl!;
    const master = await get(stream);
    expect(master.status).toBe(200);
    expect(master.body.toString()).toContain('120.m3u8');
    const playlist = await get(new URL('120.m3u8', stream).href);
    expect(playlist.status).toBe(200);
    expect(playlist.headers['content-type']).toBe('application/vnd.apple.mpegurl');
    const whole = await get(new URL('120.mp4', stream).href);
    expect(whole.status).toBe(200);
    expect(whole.headers['content-type']).toBe('video/mp4');
    const ranges = [...playlist.body.toString().matchAll(/BYTERANGE[=:]"?(\d+)@(\d+)/g)].map(([, length, at]) => ({
      length: Number(length),
      at: Number(at),
    }));
    expect(ranges.length).toBeGreaterThan(1);
    for (const { length, at } of ranges) {
      const segment = await get(new URL('120.mp4', stream).href, { range: `bytes=${at}-${at + length - 1}` });
      expect(segment.status).toBe(206);
      expect(segment.body.equals(whole.body.subarray(at, at + length))).toBe(true);
    }
    expect(await nginx.errors()).not.toMatch(/\[(emerg|alert|crit)\]/);
  }, 120_000);
});
