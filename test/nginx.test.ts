import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dropDatabase } from '../db/connection.js';
import { adminAndUser, type Account } from './support/accounts.js';
import { Client } from './support/client.js';
import { databaseUrlFor, mysqlUrl } from './support/databases.js';
import { download, type Ticket } from './support/downloads.js';
import { getRaw } from './support/encodings.js';
import { fingerprintOfBytes, uploadVideo, videoBytes } from './support/movies.js';
import { nginxAvailable, startNginx, type Nginx } from './support/nginx.js';
import { FINISH_UPLOAD, tusUpload, uploadIdOf } from './support/resumable.js';
import { printedSetupCode, startProcess, type ServerProcess } from './support/server-process.js';
import type { LogLine } from './support/server.js';

const WEB_CLIENT = fileURLToPath(new URL('../dist/web', import.meta.url));
const NGINX_REQUEST_ID = /^[0-9a-f]{32}$/;
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** A GET from a chosen loopback address (nginx sees 127.0.0.2, the servers see nginx at 127.0.0.1). */
const getFrom = (localAddress: string, url: string, headers: Record<string, string> = {}) =>
  getRaw(url, headers, { localAddress });

const runs = nginxAvailable();
const kind = mysqlUrl ? 'mysql' : 'sqlite';

describe.skipIf(!runs)(`nginx (deploy/nginx.conf) in front of two server processes on ${kind}`, () => {
  let dir: string;
  let databaseUrl: string;
  const servers: ServerProcess[] = [];
  let nginx: Nginx;
  let admin: Account;
  let user: Account;

  /** Every line the two processes logged. */
  const serverLogs = (): LogLine[] => servers.flatMap((server) => server.logs());

  /** The first line that `matches`, once a process wrote it (an answer may arrive before its log line). */
  async function logLine(
    matches: (line: LogLine) => boolean,
    lines: () => LogLine[] = serverLogs,
  ): Promise<LogLine | undefined> {
    for (let tries = 0; tries < 250; tries++) {
      const line = lines().find(matches);
      if (line) return line;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    return undefined;
  }

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'youku-nginx-test-'));
    databaseUrl = databaseUrlFor(kind, dir);
    const env = {
      DATABASE_URL: databaseUrl,
      MEDIA_DIR: join(dir, 'media'),
      TRUST_PROXY: 'loopback',
      DOWNLOAD_WAIT_SECONDS: '0',
      MAX_UPLOAD_BYTES: String(64 * 1024 * 1024),
    };
    // One after the other: the first creates and migrates the database.
    servers.push(await startProcess(env, { dir }));
    // SQLite writes from one process at a time: the second runs no background jobs there.
    servers.push(await startProcess({ ...env, ...(kind === 'sqlite' ? { JOB_CONCURRENCY: '0' } : {}) }, { dir }));
    nginx = await startNginx({
      upstreams: [`127.0.0.1:${servers[0]!.port}`, `127.0.0.1:${servers[1]!.port}`],
      webRoot: WEB_CLIENT,
      maxUploadBytes: 64 * 1024 * 1024,
      mediaDir: join(dir, 'media'),
    });
    // Behind a proxy (TRUST_PROXY) the first account needs the code the first process printed.
    ({ admin, user } = await adminAndUser(new Client(nginx.url), await printedSetupCode(servers[0]!)));
  });

  afterAll(async () => {
    await nginx?.stop();
    await Promise.all(servers.map((server) => server.stop()));
    if (kind === 'mysql') await dropDatabase(databaseUrl);
    await rm(dir, { recursive: true, force: true });
  });

  it('takes a multipart upload of several megabytes and serves it back whole and by Range', async () => {
    const bytes = videoBytes(5 * 1024 * 1024, 21);
    const movie = await uploadVideo(admin, { bytes, filename: 'through-nginx.mp4' });
    expect(movie).toMatchObject({ size: bytes.length, sha256: sha256(bytes) });

    const ticket: Ticket = await download(user.client, movie.id);
    // The link names nginx's origin (X-Forwarded-Host, with its port), not a process's.
    expect(new URL(ticket.url).origin).toBe(nginx.url);
    const whole = await getFrom('127.0.0.2', ticket.url);
    expect(whole.status).toBe(200);
    expect(sha256(whole.body)).toBe(sha256(bytes));

    const part = await getFrom('127.0.0.2', ticket.url, { range: 'bytes=1000000-1000099' });
    expect(part.status).toBe(206);
    expect(part.headers['content-range']).toBe(`bytes 1000000-1000099/${bytes.length}`);
    expect(part.body.equals(bytes.subarray(1_000_000, 1_000_100))).toBe(true);

    const stale = await getFrom('127.0.0.2', ticket.url, { range: 'bytes=0-9', 'if-range': '"not-the-etag"' });
    expect(stale.status).toBe(200);
    expect(stale.body.length).toBe(bytes.length);
  });

  it('takes a resumable (tus) upload in chunks, finished with finishUpload', async () => {
    const bytes = videoBytes(3 * 1024 * 1024 + 123, 22);
    const url = await tusUpload(admin.client, { bytes, chunkSize: 1024 * 1024 });
    expect(new URL(url).origin).toBe(nginx.url);
    const { finishUpload } = await admin.client.ok(FINISH_UPLOAD, {
      uploadId: uploadIdOf(url),
      isFree: true,
      fingerprint: await fingerprintOfBytes(bytes),
    });
    expect(finishUpload).toMatchObject({ size: bytes.length, sha256: sha256(bytes) });
    const whole = await getFrom('127.0.0.2', (await download(user.client, finishUpload.id)).url);
    expect(sha256(whole.body)).toBe(sha256(bytes));
  });

  it('serves the web client itself: index.html for page paths, hashed assets cached for long', async () => {
    const index = await readFile(join(WEB_CLIENT, 'index.html'));
    for (const path of ['/', '/movies/42']) {
      const page = await getFrom('127.0.0.2', `${nginx.url}${path}`, { accept: 'text/html' });
      expect(page.status, path).toBe(200);
      expect(page.body.equals(index), path).toBe(true);
      expect(page.headers['cache-control']).toBe('no-cache');
      expect(page.headers['content-security-policy']).toContain("default-src 'self'");
    }
    const asset = /\/assets\/[^"]+\.js/.exec(index.toString())![0];
    const script = await getFrom('127.0.0.2', `${nginx.url}${asset}`);
    expect(script.status).toBe(200);
    expect(script.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    const gzipped = await getFrom('127.0.0.2', `${nginx.url}${asset}`, { 'accept-encoding': 'gzip' });
    expect(gzipped.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gzipped.body).equals(script.body)).toBe(true);
    expect((await getFrom('127.0.0.2', `${nginx.url}/assets/missing.js`)).status).toBe(404);
    // No process saw any of these requests.
    const urls = serverLogs().map((line) => line.req?.url);
    expect(urls).not.toContain('/');
    expect(urls).not.toContain('/movies/42');
    expect(urls).not.toContain(asset);
  });

  it("gives the servers the client's address and nginx's request id, whatever the client claims", async () => {
    const answer = await getFrom('127.0.0.2', `${nginx.url}/healthz`, {
      'x-forwarded-for': '203.0.113.9',
      'x-request-id': 'chosen-by-the-client',
    });
    expect(answer.status).toBe(200);
    const id = answer.headers['x-request-id'] as string;
    expect(id).toMatch(NGINX_REQUEST_ID);
    const line = await logLine((one) => one.msg === 'request completed' && one.req?.id === id);
    expect(line?.req?.url).toBe('/healthz');
    expect(line?.clientAddress).toBe('127.0.0.2');
  });

  it('balances over both processes and keeps /metrics off the public side', async () => {
    for (let i = 0; i < 6; i++) await getFrom('127.0.0.2', `${nginx.url}/healthz`);
    for (const server of servers) {
      const served = await logLine(
        (line) => line.req?.url === '/healthz',
        () => server.logs(),
      );
      expect(served, `process on port ${server.port}`).toBeDefined();
    }
    expect((await getFrom('127.0.0.2', `${nginx.url}/metrics`)).status).toBe(404);
    expect(await nginx.errors()).not.toMatch(/\[(emerg|alert|crit)\]/);
  });
});
