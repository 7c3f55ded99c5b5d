import { createHash } from 'node:crypto';
import { stat } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { adminAndUser, CREATE_ADMIN, LOGIN, PASSWORD, type Account } from './support/accounts.js';
import { Client } from './support/client.js';
import { fingerprintOfBytes, uploadVideo, videoBytes } from './support/movies.js';
import { metadataOf } from '../domain/catalogue/upload-metadata.js';
import { ManualClock } from './support/clock.js';
import {
  FINISH_UPLOAD,
  RESUMABLE_UPLOADS,
  tusHeaders,
  tusRequest,
  tusUpload,
  uploadIdOf,
  type ResumableUploadShape,
} from './support/resumable.js';
import { backends } from './support/s3.js';
import { startServer, type TestServer } from './support/server.js';

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

async function bytesOf(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/**
 * The resumable uploads whose state or bytes are stored: files `.uploads/<id>` and `<id>.json`
 * under MEDIA_DIR, or in a bucket `uploads/<id>.info`, `.part` and `.claim` beside a multipart
 * upload at `movies/<id as a UUID>`.
 */
function uploadIdsIn(stored: string[]): string[] {
  const ids = stored
    .map(
      (entry) =>
        /^(?:\.uploads\/|upload:uploads\/|uploads\/)([0-9a-f]{32})/.exec(entry)?.[1] ??
        /^upload:movies\/([0-9a-f-]{36})$/.exec(entry)?.[1]?.replaceAll('-', ''),
    )
    .filter((id) => id !== undefined);
  return [...new Set(ids)].sort();
}

describe.each(backends)('resumable uploads (tus) on %s with %s storage', (kind, storage) => {
  let server: TestServer;
  let admin: Account;
  let user: Account;

  async function start(env: Record<string, string> = {}, clock?: ManualClock) {
    server = await startServer(kind, env, { storage, clock });
    ({ admin, user } = await adminAndUser(new Client(server.url)));
  }
  beforeEach(() => start());
  afterEach(() => server.close());

  const uploadIds = async () => uploadIdsIn(await server.stored());

  async function otherAdmin(): Promise<Account> {
    await admin.client.ok(CREATE_ADMIN, { name: 'second', password: PASSWORD });
    const data = await new Client(server.url).ok(LOGIN, { name: 'second', password: PASSWORD });
    return { ...data.login, client: new Client(server.url, data.login.token) };
  }

  async function finish(client: Client, url: string, bytes: Buffer, extra: Record<string, unknown> = {}) {
    const fingerprint = await fingerprintOfBytes(bytes);
    return client.request(FINISH_UPLOAD, { uploadId: uploadIdOf(url), isFree: true, fingerprint, ...extra });
  }

  /** An upload of `bytes` of which only the first `sent` arrived. */
  async function partialUpload(bytes: Buffer, sent: number, account = admin): Promise<string> {
    return tusUpload(account.client, { bytes, chunkSize: sent, stopAfter: sent });
  }

  async function offsetOf(url: string, account = admin): Promise<number | null> {
    const head = await tusRequest(url, 'HEAD', tusHeaders(account.client));
    return head.status === 200 ? Number(head.headers.get('upload-offset')) : null;
  }

  /** No movie row, no movie file, nothing left of the upload. */
  async function expectNothingStored(movies = 0): Promise<void> {
    expect(await server.rows('movies')).toBe(movies);
    const stored = await server.stored();
    expect(stored.filter((key) => !key.startsWith('movies/'))).toEqual([]);
    expect(stored).toHaveLength(movies);
  }

  it('resumes a transfer broken at 30 % from the offset HEAD reports, with a new client, to exact bytes', async () => {
    const bytes = videoBytes(3 * 1024 * 1024 + 123, 11);
    const chunkSize = 256 * 1024;
    const url = await tusUpload(admin.client, { bytes, chunkSize, stopAfter: Math.floor(bytes.length * 0.3) });
    const offset = (await offsetOf(url))!;
    expect(offset).toBeGreaterThanOrEqual(bytes.length * 0.3);
    expect(offset).toBeLessThan(bytes.length);

    await tusUpload(admin.client, { bytes, chunkSize, uploadUrl: url });
    expect(await offsetOf(url)).toBe(bytes.length);
    const result = await finish(admin.client, url, bytes, { isFree: false });
    expect(result.errors).toBeUndefined();
    expect(result.data!.finishUpload).toMatchObject({
      name: 'video.mp4',
      isFree: false,
      size: bytes.length,
      sha256: sha256(bytes),
      fingerprint: await fingerprintOfBytes(bytes),
    });
    const [stored] = await server.stored();
    expect(sha256(await bytesOf(await server.storage.openRead(stored!)))).toBe(sha256(bytes));
    // Gone from the protocol, and nothing left beside the movie.
    expect(await offsetOf(url)).toBeNull();
    await expectNothingStored(1);
  });

  /** A PATCH from `offset` announcing the rest of `bytes` but sending only `length` of them, left open to be broken off. */
  function brokenPatch(url: string, bytes: Buffer, offset: number, length: number) {
    const request = httpRequest(url, {
      method: 'PATCH',
      headers: {
        ...tusHeaders(admin.client),
        'tus-resumable': '1.0.0',
        'content-type': 'application/offset+octet-stream',
        'upload-offset': String(offset),
        'content-length': String(bytes.length - offset),
      },
    });
    request.on('error', () => undefined);
    request.write(bytes.subarray(offset, offset + length));
    return request;
  }

  // Waits on the bytes in the upload's file; the test below is the same for a bucket.
  it.skipIf(storage === 's3')(
    'keeps the bytes of a PATCH that breaks off mid-body, and resumes after them to exact bytes',
    async () => {
      const bytes = videoBytes(2 * 1024 * 1024, 15);
      const url = await partialUpload(bytes, 100_000);
      const half = 600_000;
      const broken = brokenPatch(url, bytes, 100_000, half);
      const file = join(server.config.mediaDir, '.uploads', uploadIdOf(url));
      while ((await stat(file)).size < 100_000 + half) await new Promise((resolve) => setTimeout(resolve, 10));
      broken.destroy();
      let offset: number | null = null;
      // The server notices the break and releases the upload.
      for (let i = 0; i < 200 && offset !== 100_000 + half; i++) offset = await offsetOf(url);
      expect(offset).toBe(100_000 + half);
      await tusUpload(admin.client, { bytes, uploadUrl: url });
      const result = await finish(admin.client, url, bytes);
      expect(result.data!.finishUpload.sha256).toBe(sha256(bytes));
    },
  );

  it.skipIf(storage === 'local')(
    'resumes a PATCH that broke off mid-body from the bytes the store kept, to exact bytes',
    async () => {
      const bytes = videoBytes(2 * 1024 * 1024, 15);
      const url = await partialUpload(bytes, 100_000);
      const broken = brokenPatch(url, bytes, 100_000, 600_000);
      await new Promise((resolve) => setTimeout(resolve, 300));
      broken.destroy();
      // The server notices the break and keeps what arrived as the upload's tail (`uploads/<id>.part`).
      let offset: number | null = null;
      for (let i = 0; i < 200 && (offset === null || offset === 100_000); i++) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        offset = await offsetOf(url);
      }
      expect(offset).toBeGreaterThan(100_000);
      expect(offset).toBeLessThanOrEqual(700_000);
      await tusUpload(admin.client, { bytes, uploadUrl: url });
      const result = await finish(admin.client, url, bytes);
      expect(result.data!.finishUpload.sha256).toBe(sha256(bytes));
      await expectNothingStored(1);
    },
  );

  it('reads the bytes back for the SHA-256 when this process did not see them all arrive', async () => {
    const bytes = videoBytes(1024 * 1024, 16);
    const url = await partialUpload(bytes, 300_000);
    // As after a restart, or when another process took the first requests.
    (server.storage.resumable.datastore as unknown as { hashes: { clear(): void } }).hashes.clear();
    await tusUpload(admin.client, { bytes, uploadUrl: url });
    const result = await finish(admin.client, url, bytes);
    expect(result.data!.finishUpload.sha256).toBe(sha256(bytes));
  });

  it('takes the name argument over the file name in the metadata', async () => {
    const bytes = videoBytes(5000, 12);
    const url = await tusUpload(admin.client, { bytes, filename: '大话西游.mkv' });
    const named = await finish(admin.client, url, bytes, { name: ' 功夫 ' });
    expect(named.data!.finishUpload.name).toBe('功夫');
    const other = videoBytes(5000, 13);
    const fromFile = await finish(
      admin.client,
      await tusUpload(admin.client, { bytes: other, filename: '大话西游.mkv' }),
      other,
    );
    expect(fromFile.data!.finishUpload.name).toBe('大话西游.mkv');
  });

  it('authenticates by the session cookie as well as the bearer token', async () => {
    const bytes = videoBytes(4000, 14);
    const cookieOnly = new Client(server.url);
    const created = await fetch(`${server.url}/uploads`, {
      method: 'POST',
      headers: {
        'tus-resumable': '1.0.0',
        'upload-length': String(bytes.length),
        'x-graphql-yoga-csrf': '1',
        cookie: `session=${admin.token}`,
      },
    });
    expect(created.status).toBe(201);
    const url = new URL(created.headers.get('location')!, server.url).toString();
    const patched = await tusRequest(
      url,
      'PATCH',
      {
        'content-type': 'application/offset+octet-stream',
        'upload-offset': '0',
        'x-graphql-yoga-csrf': '1',
        cookie: `session=${admin.token}`,
      },
      bytes,
    );
    expect(patched.status).toBe(204);
    expect(cookieOnly.token).toBeUndefined();
    const finished = await finish(admin.client, url, bytes, { name: 'by cookie' });
    expect(finished.errors).toBeUndefined();
  });

  describe('resumableUploads', () => {
    const listOf = async (account: Account) =>
      (await account.client.ok<{ resumableUploads: ResumableUploadShape[] }>(RESUMABLE_UPLOADS)).resumableUploads;

    it('lists the viewer’s own unfinished uploads, newest first, with what was chosen at creation', async () => {
      const clock = new ManualClock();
      await server.close();
      await start({ UPLOAD_EXPIRY_SECONDS: '3600' }, clock);
      const second = await otherAdmin();
      const paidBytes = videoBytes(100_000, 71);
      const paid = await tusUpload(admin.client, {
        bytes: paidBytes,
        filename: '大话西游.mp4',
        chunkSize: 40_000,
        stopAfter: 40_000,
        metadata: metadataOf({
          name: '大话西游 “第一部”',
          description: '第一行\n第二行',
          isFree: false,
          fingerprint: await fingerprintOfBytes(paidBytes),
        }),
      });
      const freeBytes = videoBytes(5000, 72);
      // Every byte arrived, but nobody finished it: still to finish.
      const free = await tusUpload(admin.client, { bytes: freeBytes, metadata: metadataOf({ isFree: true }) });
      const created = await tusRequest(`${server.url}/uploads`, 'POST', {
        ...tusHeaders(admin.client),
        'upload-length': '10',
        'upload-metadata': `isFree ${Buffer.from('yes').toString('base64')}`,
      });
      const bare = new URL(created.headers.get('location')!, server.url).toString();
      const others = await partialUpload(videoBytes(100_000, 73), 10_000, second);

      const listed = await listOf(admin);
      expect(listed.map((upload) => upload.url)).toEqual([bare, free, paid]);
      expect(listed[2]).toEqual({
        id: uploadIdOf(paid),
        url: paid,
        size: 100_000,
        offset: 40_000,
        name: '大话西游 “第一部”',
        description: '第一行\n第二行',
        isFree: false,
        filename: '大话西游.mp4',
        fingerprint: await fingerprintOfBytes(paidBytes),
        createdAt: expect.any(String),
        expiresAt: expect.any(String),
      });
      expect(Date.parse(listed[2]!.expiresAt) - Date.parse(listed[2]!.createdAt)).toBe(3600 * 1000);
      expect(listed[1]).toMatchObject({ size: 5000, offset: 5000, name: null, description: null, isFree: true });
      expect(listed[0]).toMatchObject({ size: 10, offset: 0, name: null, isFree: null, filename: null });
      expect((await listOf(second)).map((upload) => upload.url)).toEqual([others]);
      await user.client.fails('FORBIDDEN', RESUMABLE_UPLOADS);
      await new Client(server.url).fails('UNAUTHENTICATED', RESUMABLE_UPLOADS);

      // Finished or deleted, an upload is no longer listed; expired, neither.
      expect((await finish(admin.client, free, freeBytes)).errors).toBeUndefined();
      expect((await tusRequest(bare, 'DELETE', tusHeaders(admin.client))).status).toBe(204);
      expect((await listOf(admin)).map((upload) => upload.url)).toEqual([paid]);
      // The server's clock (this test's) decides: listed until expiresAt, gone right after.
      const expiresAt = Date.parse(listed[2]!.expiresAt);
      clock.advance((expiresAt - clock.now().getTime()) / 1000);
      expect((await listOf(admin)).map((upload) => upload.url)).toEqual([paid]);
      clock.advance(0.001);
      expect(await listOf(admin)).toEqual([]);
      clock.advance(3600);
      expect(await listOf(second)).toEqual([]);
    });
  });

  it('refuses to finish an unfinished upload with BAD_USER_INPUT, and keeps it as it was, resumable', async () => {
    const bytes = videoBytes(100_000, 21);
    const url = await partialUpload(bytes, 30_000);
    const stored = await server.stored();
    const early = await finish(admin.client, url, bytes);
    expect(early.errors?.[0]).toMatchObject({
      message: expect.stringMatching(/^The upload is not finished/),
      extensions: { code: 'BAD_USER_INPUT', field: 'uploadId' },
    });
    expect(await offsetOf(url)).toBe(30_000);
    expect(await server.stored()).toEqual(stored);
    expect(await server.rows('movies')).toBe(0);

    await tusUpload(admin.client, { bytes, chunkSize: 30_000, uploadUrl: url, stopAfter: 60_000 });
    expect(await offsetOf(url)).toBe(60_000);
    expect((await finish(admin.client, url, bytes)).errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    await tusUpload(admin.client, { bytes, uploadUrl: url });
    const done = await finish(admin.client, url, bytes, { isFree: false });
    expect(done.errors).toBeUndefined();
    expect(done.data!.finishUpload).toMatchObject({ isFree: false, size: bytes.length, sha256: sha256(bytes) });
    await expectNothingStored(1);
  });

  describe('finishUpload refusals of a finished upload leave no row and no bytes, and the upload gone', () => {
    it('a fingerprint that does not match, or is not one: BAD_USER_INPUT', async () => {
      const bytes = videoBytes(100_000, 22);
      const wrong = await finish(admin.client, await tusUpload(admin.client, { bytes }), bytes, {
        fingerprint: 'a'.repeat(32),
      });
      expect(wrong.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'fingerprint' });
      const url = await tusUpload(admin.client, { bytes });
      const malformed = await finish(admin.client, url, bytes, { fingerprint: 'nope' });
      expect(malformed.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(await offsetOf(url)).toBeNull();
      await expectNothingStored();
    });

    it('an empty upload: BAD_USER_INPUT', async () => {
      const bytes = Buffer.alloc(0);
      const result = await finish(admin.client, await tusUpload(admin.client, { bytes }), bytes);
      expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(result.errors?.[0]?.message).toMatch(/empty/);
      await expectNothingStored();
    });

    it('a duplicate of a live movie: CONFLICT naming that movie', async () => {
      const bytes = videoBytes(100_000, 23);
      const existing = await uploadVideo(admin, { bytes });
      const url = await tusUpload(admin.client, { bytes, filename: 'again.mp4' });
      const result = await finish(admin.client, url, bytes, { name: 'Another title' });
      expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', movieId: existing.id });
      expect(await offsetOf(url)).toBeNull();
      await expectNothingStored(1);
    });

    it('finished twice: NOT_FOUND the second time, one movie', async () => {
      const bytes = videoBytes(100_000, 24);
      const url = await tusUpload(admin.client, { bytes });
      const [first, second] = await Promise.all([finish(admin.client, url, bytes), finish(admin.client, url, bytes)]);
      const codes = [first, second].map((result) => result.errors?.[0]?.extensions?.code ?? 'OK').sort();
      expect(codes).toEqual(['NOT_FOUND', 'OK']);
      const third = await finish(admin.client, url, bytes);
      expect(third.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
      await expectNothingStored(1);
    });

    it('another admin’s upload: NOT_FOUND, and it stays its creator’s', async () => {
      const second = await otherAdmin();
      const bytes = videoBytes(100_000, 25);
      const url = await tusUpload(admin.client, { bytes });
      const result = await finish(second.client, url, bytes);
      expect(result.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
      expect(await offsetOf(url)).toBe(bytes.length);
      expect((await finish(admin.client, url, bytes)).errors).toBeUndefined();
    });

    it('a user or an anonymous caller: FORBIDDEN or UNAUTHENTICATED, the upload untouched', async () => {
      const bytes = videoBytes(10_000, 26);
      const url = await tusUpload(admin.client, { bytes });
      expect((await finish(user.client, url, bytes)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      expect((await finish(new Client(server.url), url, bytes)).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
      expect(await offsetOf(url)).toBe(bytes.length);
    });
  });

  describe('the protocol’s refusals, in the JSON error shape', () => {
    it('refuses another admin continuing, reading or deleting an upload', async () => {
      const second = await otherAdmin();
      const bytes = videoBytes(100_000, 31);
      const url = await partialUpload(bytes, 40_000);
      expect(await offsetOf(url, second)).toBeNull();
      const patch = await tusRequest(
        url,
        'PATCH',
        { ...tusHeaders(second.client), 'content-type': 'application/offset+octet-stream', 'upload-offset': '40000' },
        bytes.subarray(40_000),
      );
      expect(patch.status).toBe(404);
      expect((await patch.json()).errors[0].extensions.code).toBe('NOT_FOUND');
      // The reference client, told the upload is not found, starts one of its own instead.
      const fresh = await tusUpload(second.client, { bytes, uploadUrl: url });
      expect(fresh).not.toBe(url);
      const deleted = await tusRequest(url, 'DELETE', tusHeaders(second.client));
      expect(deleted.status).toBe(404);
      expect(await offsetOf(url)).toBe(40_000);
      expect(await uploadIds()).toHaveLength(2);
    });

    it('refuses a path that names an own upload and then another admin’s, leaving both as they were', async () => {
      const second = await otherAdmin();
      const bytes = videoBytes(100_000, 34);
      const victim = await partialUpload(bytes, 40_000);
      const own = await partialUpload(videoBytes(100_000, 35), 10_000, second);
      const victimId = uploadIdOf(victim);
      for (const url of [`${own}/${victimId}`, `${own}/${victimId}/`]) {
        const head = await tusRequest(url, 'HEAD', tusHeaders(second.client));
        expect(head.status).toBe(404);
        expect(head.headers.get('upload-offset')).toBeNull();
        const patch = await tusRequest(
          url,
          'PATCH',
          { ...tusHeaders(second.client), 'content-type': 'application/offset+octet-stream', 'upload-offset': '40000' },
          Buffer.alloc(60_000, 1),
        );
        expect(patch.status).toBe(404);
        expect((await patch.json()).errors[0].extensions.code).toBe('NOT_FOUND');
        expect((await tusRequest(url, 'DELETE', tusHeaders(second.client))).status).toBe(404);
      }
      // A query string is no path: the request is about the upload the gate checked.
      expect(await offsetOf(`${own}?then=/${victimId}`, second)).toBe(10_000);
      // Uploads are created at /uploads only.
      const created = await tusRequest(own, 'POST', { ...tusHeaders(second.client), 'upload-length': '10' });
      expect(created.status).toBe(404);
      expect(await uploadIds()).toHaveLength(2);
      expect(await offsetOf(victim)).toBe(40_000);
      expect(await offsetOf(own, second)).toBe(10_000);
      await tusUpload(admin.client, { bytes, uploadUrl: victim });
      expect((await finish(admin.client, victim, bytes)).data!.finishUpload.sha256).toBe(sha256(bytes));
    });

    it('keeps the creator as owner whatever the metadata says', async () => {
      const second = await otherAdmin();
      const created = await tusRequest(`${server.url}/uploads`, 'POST', {
        ...tusHeaders(admin.client),
        'upload-length': '10',
        'upload-metadata': `owner ${Buffer.from(String(Number(second.user.id) || 2)).toString('base64')}`,
      });
      expect(created.status).toBe(201);
      const url = new URL(created.headers.get('location')!, server.url).toString();
      expect(await offsetOf(url, second)).toBeNull();
      expect(await offsetOf(url)).toBe(0);
    });

    it('refuses users and anonymous callers', async () => {
      const bytes = videoBytes(1000, 32);
      for (const [client, status, code] of [
        [user.client, 403, 'FORBIDDEN'],
        [new Client(server.url), 401, 'UNAUTHENTICATED'],
      ] as const) {
        const created = await tusRequest(`${server.url}/uploads`, 'POST', {
          ...tusHeaders(client),
          'upload-length': '1000',
        });
        expect(created.status).toBe(status);
        expect((await created.json()).errors[0].extensions.code).toBe(code);
        await expect(tusUpload(client, { bytes })).rejects.toThrow(new RegExp(`${status}`));
      }
      const url = await partialUpload(bytes, 100);
      expect(await offsetOf(url, user)).toBeNull();
      const anonymous = await tusRequest(url, 'HEAD', {});
      expect(anonymous.status).toBe(401);
      expect(await uploadIds()).toHaveLength(1);
    });

    it('refuses POST, PATCH and DELETE without the CSRF header; HEAD needs none', async () => {
      const auth = { authorization: `Bearer ${admin.token}` };
      const created = await tusRequest(`${server.url}/uploads`, 'POST', { ...auth, 'upload-length': '10' });
      expect(created.status).toBe(403);
      expect((await created.json()).errors[0].extensions.code).toBe('FORBIDDEN');
      expect(await uploadIds()).toEqual([]);
      const bytes = videoBytes(1000, 33);
      const url = await partialUpload(bytes, 100);
      const patch = await tusRequest(
        url,
        'PATCH',
        { ...auth, 'content-type': 'application/offset+octet-stream', 'upload-offset': '100' },
        bytes.subarray(100),
      );
      expect(patch.status).toBe(403);
      expect((await tusRequest(url, 'DELETE', auth)).status).toBe(403);
      const head = await tusRequest(url, 'HEAD', auth);
      expect(head.status).toBe(200);
      expect(head.headers.get('upload-offset')).toBe('100');
    });

    it('refuses what it does not offer (parallel uploads: Upload-Concat) with 400 and a sentence, logging no error', async () => {
      const options = await tusRequest(`${server.url}/uploads`, 'OPTIONS', {});
      expect(options.headers.get('tus-extension')).toBe(
        'creation,creation-with-upload,creation-defer-length,termination,expiration',
      );
      for (const concat of ['partial', `final;${server.url}/uploads/${'a'.repeat(32)}`]) {
        const created = await tusRequest(`${server.url}/uploads`, 'POST', {
          ...tusHeaders(admin.client),
          'upload-length': '10',
          'upload-concat': concat,
        });
        expect(created.status).toBe(400);
        expect((await created.json()).errors[0]).toMatchObject({
          message: expect.stringMatching(/^Parallel uploads .* are not offered/),
          extensions: { code: 'BAD_USER_INPUT' },
        });
      }
      // What the reference client sends with parallelUploads over 1.
      await expect(tusUpload(admin.client, { bytes: videoBytes(10_000, 36), parallelUploads: 2 })).rejects.toThrow(
        /response code: 400/,
      );
      expect(await uploadIds()).toEqual([]);
      expect(server.logs.filter((line) => line.level >= 50)).toEqual([]);
    });

    it('keeps only the metadata it reads: a key a store would act on (contentType) is no fault', async () => {
      const base64 = (text: string) => Buffer.from(text).toString('base64');
      const created = await tusRequest(`${server.url}/uploads`, 'POST', {
        ...tusHeaders(admin.client),
        'upload-length': '10',
        'upload-metadata': `filename ${base64('片.mp4')},contentType ${base64('bad\nvalue')},cacheControl ${base64('x')}`,
      });
      expect(created.status).toBe(201);
      const url = new URL(created.headers.get('location')!, server.url).toString();
      const head = await tusRequest(url, 'HEAD', tusHeaders(admin.client));
      const keys = head.headers
        .get('upload-metadata')!
        .split(',')
        .map((pair) => pair.split(' ')[0]);
      expect(keys.sort()).toEqual(['filename', 'owner']);
      expect(server.logs.filter((line) => line.level >= 50)).toEqual([]);
    });

    it('adds no CORS header of its own for an origin that is not allowed', async () => {
      const created = await tusRequest(`${server.url}/uploads`, 'POST', {
        ...tusHeaders(admin.client),
        origin: 'https://evil.example',
        'upload-length': '10',
      });
      expect(created.status).toBe(201);
      expect(created.headers.get('access-control-allow-origin')).toBeNull();
      expect(created.headers.get('access-control-allow-credentials')).toBeNull();
    });
  });

  describe('with a small MAX_UPLOAD_BYTES', () => {
    beforeEach(async () => {
      await server.close();
      await start({ MAX_UPLOAD_BYTES: '10000' });
    });

    it('refuses an Upload-Length over the limit at creation with 413, and takes one at the limit', async () => {
      const created = await tusRequest(`${server.url}/uploads`, 'POST', {
        ...tusHeaders(admin.client),
        'upload-length': '10001',
      });
      expect(created.status).toBe(413);
      expect((await created.json()).errors[0]).toMatchObject({
        message: expect.stringContaining('limit of 10000 bytes'),
        extensions: { code: 'PAYLOAD_TOO_LARGE' },
      });
      await expect(tusUpload(admin.client, { bytes: videoBytes(10_001, 41) })).rejects.toThrow(/413/);
      expect(await uploadIds()).toEqual([]);
      const bytes = videoBytes(10_000, 42);
      expect((await finish(admin.client, await tusUpload(admin.client, { bytes }), bytes)).errors).toBeUndefined();
    });

    it('refuses bytes past the limit on an upload of deferred length', async () => {
      const created = await tusRequest(`${server.url}/uploads`, 'POST', {
        ...tusHeaders(admin.client),
        'upload-defer-length': '1',
      });
      expect(created.status).toBe(201);
      const url = new URL(created.headers.get('location')!, server.url).toString();
      const patch = await tusRequest(
        url,
        'PATCH',
        {
          ...tusHeaders(admin.client),
          'content-type': 'application/offset+octet-stream',
          'upload-offset': '0',
          'upload-length': '10001',
        },
        videoBytes(10_001, 43),
      );
      expect(patch.status).toBe(413);
      expect(await offsetOf(url)).toBe(0);
    });
  });

  it('DELETE frees the bytes of an upload', async () => {
    const url = await partialUpload(videoBytes(100_000, 51), 50_000);
    expect(await uploadIds()).toHaveLength(1);
    const deleted = await tusRequest(url, 'DELETE', tusHeaders(admin.client));
    expect(deleted.status).toBe(204);
    expect(await server.stored()).toEqual([]);
    expect(await offsetOf(url)).toBeNull();
  });

  it('sweeps an expired upload with its bytes, not a live one, and refuses to finish an expired one', async () => {
    await server.close();
    await start({ UPLOAD_EXPIRY_SECONDS: '3600' });
    const bytes = videoBytes(100_000, 61);
    const old = await partialUpload(bytes, 50_000);
    const resumable = server.storage.resumable;
    expect(await resumable.sweepExpired()).toBe(0);
    expect(await offsetOf(old)).toBe(50_000);
    const later = Date.now() + 3601 * 1000;
    expect(await resumable.sweepExpired(later)).toBe(1);
    expect(await server.stored()).toEqual([]);
    expect(await offsetOf(old)).toBeNull();
    expect((await finish(admin.client, old, bytes)).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('answers the expiry time, and keeps uploads out of the staging sweep', async () => {
    const bytes = videoBytes(100_000, 62);
    const created = await tusRequest(`${server.url}/uploads`, 'POST', {
      ...tusHeaders(admin.client),
      'upload-length': String(bytes.length),
    });
    const expires = Date.parse(created.headers.get('upload-expires')!);
    expect(expires - Date.now()).toBeGreaterThan(86_000 * 1000);
    const url = new URL(created.headers.get('location')!, server.url).toString();
    await server.storage.removeLeftovers(Date.now() + 365 * 86_400 * 1000);
    await tusUpload(admin.client, { bytes, uploadUrl: url });
    expect((await finish(admin.client, url, bytes, { name: 'kept' })).errors).toBeUndefined();
  });
});
