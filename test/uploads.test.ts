import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { adminAndUser, type Account } from './support/accounts.js';
import { Client } from './support/client.js';
import {
  CHECK_MOVIE,
  FILE_MAP,
  fingerprintOfBytes,
  multipartBody,
  MOVIE,
  postMultipart,
  UPLOAD,
  uploadOperations,
  uploadRequest,
  uploadVideo,
  videoBytes,
} from './support/movies.js';
import { backends } from './support/s3.js';
import { localStorageOf, startServer, type TestServer } from './support/server.js';

async function movieRows(server: TestServer): Promise<number> {
  return server.rows('movies');
}

describe.each(backends)('uploads on %s with %s storage', (kind, storage) => {
  let server: TestServer;
  let admin: Account;
  let user: Account;

  async function start(env: Record<string, string> = {}) {
    server = await startServer(kind, env, { storage });
    ({ admin, user } = await adminAndUser(new Client(server.url)));
  }
  beforeEach(() => start());
  afterEach(() => server.close());

  /** Nothing of a refused upload remains, and the server still accepts a good one. */
  async function expectNothingStoredAndStillServing(): Promise<void> {
    expect(await movieRows(server)).toBe(0);
    expect(await server.stored()).toEqual([]);
    await uploadVideo(admin, { bytes: videoBytes(2000, 999), filename: 'after.mp4' });
    expect(await movieRows(server)).toBe(1);
  }

  it('stores a video under a generated key, with the server’s own SHA-256 and fingerprint', async () => {
    const bytes = videoBytes(300_000);
    const movie = await uploadVideo(admin, { bytes, filename: 'holiday.mp4', isFree: false });
    expect(movie).toMatchObject({
      name: 'holiday.mp4',
      isFree: false,
      size: bytes.length,
      fingerprint: await fingerprintOfBytes(bytes),
      sha256: createHash('sha256').update(bytes).digest('hex'),
      isDeleted: false,
    });
    const files = await server.stored();
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/movies\/[0-9a-f-]{36}$/);
    expect(files[0]).not.toContain('holiday');
    const check = await admin.client.ok(CHECK_MOVIE, { fingerprint: movie.fingerprint.toUpperCase() });
    expect(check.checkMovie).toMatchObject({ exists: true, movie: { id: movie.id } });
    const seen = await user.client.ok(MOVIE, { id: movie.id });
    expect(seen.movie.sha256).toBe(movie.sha256);
  });

  it('takes the name argument over the file name, and keeps Chinese names intact', async () => {
    const named = await uploadVideo(admin, {
      bytes: videoBytes(1000, 1),
      filename: 'a.mp4',
      name: '  功夫熊猫 第一部 ',
    });
    expect(named.name).toBe('功夫熊猫 第一部');
    const fromFile = await uploadVideo(admin, { bytes: videoBytes(1000, 2), filename: '大话西游.mkv' });
    expect(fromFile.name).toBe('大话西游.mkv');
  });

  it('strips any path and control characters from a file name, storing safely', async () => {
    const movie = await uploadVideo(admin, { bytes: videoBytes(1000, 3), filename: '../../x\t.mp4' });
    expect(movie.name).toBe('x.mp4');
    const windows = await uploadVideo(admin, { bytes: videoBytes(1000, 4), filename: '..\\..\\evil.mp4' });
    expect(windows.name).toBe('evil.mp4');
    const files = await server.stored();
    expect(files).toHaveLength(2);
    for (const file of files) expect(file).toMatch(/^movies\/[0-9a-f-]{36}$/);
  });

  it('refuses invisible formatting in a name (a direction override disguises the extension), strips it from a file name', async () => {
    for (const name of ['a\u202Egnp.exe', 'clip\u2066x\u2069', 'zero\u200bwidth']) {
      const result = await uploadRequest(admin.client, { bytes: videoBytes(5000), name });
      expect(result.errors?.[0]?.extensions?.code, name).toBe('BAD_USER_INPUT');
      expect(result.errors?.[0]?.message).toMatch(/invisible formatting/);
    }
    await expectNothingStoredAndStillServing();
    const fromFile = await uploadVideo(admin, { bytes: videoBytes(5000, 6), filename: 'a\u202Egnp.exe' });
    expect(fromFile.name).toBe('agnp.exe');
  });

  it('refuses a fingerprint that does not match the bytes', async () => {
    const result = await uploadRequest(admin.client, { bytes: videoBytes(5000), fingerprint: 'a'.repeat(32) });
    expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(result.errors?.[0]?.extensions?.field).toBe('fingerprint');
    await expectNothingStoredAndStillServing();
  });

  it('refuses a fingerprint that is not an MD5', async () => {
    const result = await uploadRequest(admin.client, { bytes: videoBytes(5000), fingerprint: 'not-hex' });
    expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    await expectNothingStoredAndStillServing();
  });

  it('refuses an empty file', async () => {
    const result = await uploadRequest(admin.client, { bytes: Buffer.alloc(0) });
    expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(result.errors?.[0]?.message).toMatch(/empty/i);
    await expectNothingStoredAndStillServing();
  });

  it('refuses a name longer than the column instead of truncating it', async () => {
    const result = await uploadRequest(admin.client, { bytes: videoBytes(5000), name: '长'.repeat(256) });
    expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const fromFile = await uploadRequest(admin.client, { bytes: videoBytes(5000), filename: `${'x'.repeat(300)}.mp4` });
    expect(fromFile.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    await expectNothingStoredAndStillServing();
    const longest = await uploadVideo(admin, { bytes: videoBytes(5000, 5), name: '长'.repeat(255) });
    expect([...longest.name]).toHaveLength(255);
  });

  it('refuses a second file in one request, saying so', async () => {
    const result = await uploadRequest(admin.client, { bytes: videoBytes(5000), extraFiles: 1 });
    expect(result.status).toBe(400);
    expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(result.errors?.[0]?.message).toMatch(/one file per request/);
    // A part the map does not name: the file limit, not the size, refuses a 3-byte upload.
    const bytes = Buffer.from('abc');
    const extraPart = multipartBody(
      [
        uploadOperations({ isFree: true, fingerprint: await fingerprintOfBytes(bytes) }),
        FILE_MAP,
        { name: '0', filename: 'a.mp4', body: bytes },
        { name: '1', filename: 'b.mp4', body: bytes },
      ],
      'extra',
    );
    const extra = await postMultipart(admin.client, extraPart, 'multipart/form-data; boundary=extra');
    expect(extra.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(extra.errors?.[0]?.message).toMatch(/one file per request/);
    expect(extra.errors?.[0]?.message).not.toMatch(/larger than/);
    await expectNothingStoredAndStillServing();
  });

  it('keeps running when the map names a file the request never sends and an argument is refused first', async () => {
    const unhandled: unknown[] = [];
    const record = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', record);
    try {
      const good = await fingerprintOfBytes(videoBytes(100));
      for (const variables of [
        { isFree: true, fingerprint: 'not-an-md5' },
        { isFree: true, fingerprint: good, name: 'bell\u0007' },
      ]) {
        const body = multipartBody([uploadOperations(variables), FILE_MAP], 'missing');
        const result = await postMultipart(admin.client, body, 'multipart/form-data; boundary=missing');
        expect(result.errors?.[0]?.extensions?.code, JSON.stringify(result.errors)).toBe('BAD_USER_INPUT');
      }
      // The parser rejects the missing file once the body has ended, after the answer.
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', record);
    }
    await expectNothingStoredAndStillServing();
  });

  it('answers a missing, empty or wrong multipart boundary with 400, not as a fault', async () => {
    const bytes = videoBytes(100);
    const parts = [
      uploadOperations({ isFree: true, fingerprint: await fingerprintOfBytes(bytes) }),
      FILE_MAP,
      { name: '0', filename: 'x.mp4', body: bytes },
    ];
    for (const contentType of [
      'multipart/form-data',
      'multipart/form-data; boundary=',
      'multipart/form-data; boundary=not-the-one',
    ]) {
      const result = await postMultipart(admin.client, multipartBody(parts, 'the-one'), contentType);
      expect(result.status, contentType).toBe(400);
      expect(result.errors?.[0]?.extensions?.code, contentType).toBe('BAD_USER_INPUT');
    }
    expect(server.logs.filter((line) => line.level >= 50)).toEqual([]);
    await expectNothingStoredAndStillServing();
  });

  it('refuses a file part without a file name unless the video is given a name', async () => {
    const bytes = videoBytes(4000, 12);
    const fingerprint = await fingerprintOfBytes(bytes);
    // Without a file name, or with an empty one (what a form sends for a file it could not name).
    const fileParts = [
      { name: '0', contentType: 'application/octet-stream', body: bytes },
      { name: '0', filename: '', contentType: 'video/mp4', body: bytes },
    ];
    const send = (variables: Record<string, unknown>, filePart = fileParts[0]!) =>
      postMultipart(
        admin.client,
        multipartBody([uploadOperations(variables), FILE_MAP, filePart], 'nameless'),
        'multipart/form-data; boundary=nameless',
      );
    for (const filePart of fileParts) {
      const nameless = await send({ isFree: true, fingerprint }, filePart);
      expect(nameless.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'name' });
      expect(await movieRows(server)).toBe(0);
      expect(await server.stored()).toEqual([]);
    }
    const named = await send({ isFree: true, fingerprint, name: 'From a pipe' });
    expect(named.errors).toBeUndefined();
    expect(named.data?.uploadMovie.name).toBe('From a pipe');
  });

  it('refuses users and anonymous callers before reading the body', async () => {
    const asUser = await uploadRequest(user.client, { bytes: videoBytes(5000) });
    expect(asUser.status).toBe(403);
    expect(asUser.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const anonymous = await uploadRequest(new Client(server.url), { bytes: videoBytes(5000) });
    expect(anonymous.status).toBe(401);
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    await expectNothingStoredAndStillServing();
  });

  it('refuses a multipart request without the CSRF header', async () => {
    const form = new FormData();
    const variables = { file: null, isFree: true, fingerprint: await fingerprintOfBytes(videoBytes(100)) };
    form.append('operations', JSON.stringify({ query: UPLOAD, variables }));
    form.append('map', JSON.stringify({ 0: ['variables.file'] }));
    form.append('0', new Blob([new Uint8Array(videoBytes(100))]), 'x.mp4');
    const response = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { authorization: `Bearer ${admin.token}` },
      body: form,
    });
    expect(response.status).toBe(403);
    expect((await response.json()).errors[0].extensions.code).toBe('FORBIDDEN');
    await expectNothingStoredAndStillServing();
  });

  it('refuses an exact duplicate of a live movie, and makes one movie of five identical uploads at once', async () => {
    const bytes = videoBytes(200_000, 7);
    const results = await Promise.all(Array.from({ length: 5 }, () => uploadRequest(admin.client, { bytes })));
    const accepted = results.filter((r) => !r.errors);
    const conflicts = results.filter((r) => r.errors?.[0]?.extensions?.code === 'CONFLICT');
    expect(accepted).toHaveLength(1);
    expect(conflicts).toHaveLength(4);
    expect(await movieRows(server)).toBe(1);
    expect(await server.stored()).toHaveLength(1);
    const again = await uploadRequest(admin.client, { bytes, filename: 'other-name.mp4', name: 'Another title' });
    expect(again.errors?.[0]?.extensions).toMatchObject({
      code: 'CONFLICT',
      movieId: accepted[0]!.data!.uploadMovie.id,
    });
    expect(await server.stored()).toHaveLength(1);
  });

  describe('with a small MAX_UPLOAD_BYTES', () => {
    beforeEach(async () => {
      await server.close();
      await start({ MAX_UPLOAD_BYTES: '100000' });
    });

    it('refuses a file over the limit and accepts one at the limit', async () => {
      const result = await uploadRequest(admin.client, { bytes: videoBytes(100_001) });
      expect(result.errors?.[0]?.extensions?.code).toBe('PAYLOAD_TOO_LARGE');
      await expectNothingStoredAndStillServing();
      await uploadVideo(admin, { bytes: videoBytes(100_000, 8) });
    });

    it('lets a client that is still sending read the 413 (and the 403 of a user) instead of a reset', async () => {
      // Over the limit for the admin; within the declared-length check for the user, who is refused for who they are.
      for (const [account, status, size] of [
        [admin, 413, 8 * 1024 * 1024],
        [user, 403, 1_000_000],
      ] as const) {
        const body = new Uint8Array(videoBytes(size, 13));
        const response = await fetch(`${server.url}/graphql`, {
          method: 'POST',
          headers: {
            'content-type': 'multipart/form-data; boundary=xyz',
            'x-graphql-yoga-csrf': '1',
            authorization: `Bearer ${account.token}`,
          },
          body,
        });
        expect(response.status).toBe(status);
        expect((await response.json()).errors[0].extensions.code).toBe(
          status === 413 ? 'PAYLOAD_TOO_LARGE' : 'FORBIDDEN',
        );
      }
      await expectNothingStoredAndStillServing();
    });

    it('reads and discards the rest of a refused body after answering, instead of resetting the sender', async () => {
      const size = 16 * 1024 * 1024;
      const socket = connect(Number(new URL(server.url).port), '127.0.0.1');
      const failures: string[] = [];
      socket.on('error', (err: NodeJS.ErrnoException) => failures.push(err.code ?? err.message));
      let answer = '';
      const answered = new Promise<void>((resolve) =>
        socket.on('data', (chunk: Buffer) => {
          answer += chunk.toString();
          if (answer.includes('PAYLOAD_TOO_LARGE')) resolve();
        }),
      );
      socket.write(
        `POST /graphql HTTP/1.1\r\nHost: test\r\nContent-Type: multipart/form-data; boundary=xyz\r\n` +
          `Content-Length: ${size}\r\nx-graphql-yoga-csrf: 1\r\nAuthorization: Bearer ${admin.token}\r\n\r\n`,
      );
      await answered;
      expect(answer).toMatch(/^HTTP\/1.1 413/);
      // The client goes on sending the body it announced, as a browser does, after the answer came.
      const chunk = Buffer.alloc(256 * 1024);
      let closed = false;
      socket.once('close', () => (closed = true));
      for (let sent = 0; sent < size && !closed; sent += chunk.length) {
        if (!socket.write(chunk)) {
          await new Promise((resolve) => {
            socket.once('drain', resolve);
            socket.once('close', resolve);
          });
        }
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(failures).toEqual([]);
      expect(closed).toBe(false);
      socket.destroy();
      await expectNothingStoredAndStillServing();
    });

    it('refuses a declared Content-Length far over the limit at once', async () => {
      const status = await new Promise<number>((resolve, reject) => {
        const req = httpRequest(`${server.url}/graphql`, {
          method: 'POST',
          headers: {
            'content-type': 'multipart/form-data; boundary=xyz',
            'content-length': String(50_000_000),
            'x-graphql-yoga-csrf': '1',
            authorization: `Bearer ${admin.token}`,
          },
        });
        req.on('response', (res) => resolve(res.statusCode ?? 0));
        req.on('error', reject);
        req.write('--xyz\r\n');
      });
      expect(status).toBe(413);
      await expectNothingStoredAndStillServing();
    });
  });

  it.skipIf(storage === 's3')(
    'survives a storage that fails mid-upload: masked error, nothing stored, still serving',
    async () => {
      // A real failure: a file stands where this process's staging folder must be created.
      await mkdir(server.config.mediaDir, { recursive: true });
      await rm(localStorageOf(server).stagingDir, { recursive: true, force: true });
      await mkdir(join(localStorageOf(server).stagingDir, '..'), { recursive: true });
      await writeFile(localStorageOf(server).stagingDir, 'in the way');
      const result = await uploadRequest(admin.client, { bytes: videoBytes(300_000, 41) });
      expect(result.errors?.[0]?.extensions?.code).toBe('INTERNAL_SERVER_ERROR');
      expect(JSON.stringify(result.errors)).not.toMatch(/EEXIST|ENOTDIR|staging|node_modules/);
      const fault = server.logs.find((line) => line.level >= 50 && String(line.err?.message).includes('EEXIST'));
      expect(fault?.req?.id, JSON.stringify(server.logs)).toMatch(/^[0-9a-f-]{36}$/);
      expect(result.headers.get('x-request-id')).toBe(fault?.req?.id);
      expect(await movieRows(server)).toBe(0);
      await rm(localStorageOf(server).stagingDir);
      await expectNothingStoredAndStillServing();
    },
  );

  it('leaves nothing behind when the client aborts half-way through a 50 MB body', async () => {
    const size = 50 * 1024 * 1024;
    const boundary = 'abort-boundary';
    const operations = JSON.stringify({
      query: UPLOAD,
      variables: { file: null, isFree: true, fingerprint: 'b'.repeat(32) },
    });
    const head =
      `--${boundary}\r\nContent-Disposition: form-data; name="operations"\r\n\r\n${operations}\r\n` +
      `--${boundary}\r\nContent-Disposition: form-data; name="map"\r\n\r\n{"0":["variables.file"]}\r\n` +
      `--${boundary}\r\nContent-Disposition: form-data; name="0"; filename="big.mp4"\r\nContent-Type: video/mp4\r\n\r\n`;
    const chunk = videoBytes(1024 * 1024, 11);
    await new Promise<void>((resolve) => {
      const req = httpRequest(`${server.url}/graphql`, {
        method: 'POST',
        headers: {
          'content-type': `multipart/form-data; boundary=${boundary}`,
          'content-length': String(Buffer.byteLength(head) + size + 64),
          'x-graphql-yoga-csrf': '1',
          authorization: `Bearer ${admin.token}`,
        },
      });
      req.on('error', () => resolve());
      req.write(head);
      let sent = 0;
      const pump = () => {
        while (sent < size / 2) {
          sent += chunk.length;
          if (!req.write(chunk)) return void req.once('drain', pump);
        }
        setTimeout(() => {
          req.destroy();
          resolve();
        }, 100);
      };
      pump();
    });
    for (let i = 0; i < 100 && (await server.stored()).length > 0; i++) await new Promise((r) => setTimeout(r, 50));
    await new Promise((r) => setTimeout(r, 300));
    await expectNothingStoredAndStillServing();
  });
});
