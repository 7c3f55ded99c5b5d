import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { request, type ClientRequest } from 'node:http';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';
import knex from 'knex';
import { afterAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { PASSWORD, REGISTER, registerAs } from './support/accounts.js';
import { Client } from './support/client.js';
import { databases } from './support/databases.js';
import { makeVideo, probedMovie, wrappedFfprobe } from './support/media.js';
import { fingerprintOfBytes, uploadVideo, videoBytes } from './support/movies.js';
import { FINISH_UPLOAD, tusHeaders, tusUpload, uploadIdOf } from './support/resumable.js';
import { databaseUrlFor, startServer } from './support/server.js';
import { dropDatabase, knexConfig, parseDatabaseUrl } from '../db/connection.js';

/** The real process, as `npm start` runs it: `node --import tsx server/main.ts` from the repository root. */
const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** Every variable the server reads: the child gets none of them from this process, only what a test gives. */
const CONFIG_VARIABLES = [
  'PORT',
  'HOST',
  'DATABASE_URL',
  'DATABASE_TIMEOUT_SECONDS',
  'MEDIA_DIR',
  'STORAGE_URL',
  'DOWNLOAD_WAIT_SECONDS',
  'PRICE_REGULAR',
  'PRICE_VIP',
  'VIP_PRICE',
  'MAX_UPLOAD_BYTES',
  'TICKET_TTL_SECONDS',
  'SESSION_TTL_SECONDS',
  'GRAPHIQL',
  'COOKIE_SECURE',
  'TRUST_PROXY',
  'LOG_LEVEL',
  'SHUTDOWN_GRACE_SECONDS',
  'LOG_FORMAT',
  'LOGIN_FAILURES_PER_NAME',
  'LOGIN_FAILURES_PER_ADDRESS',
  'LOGIN_THROTTLE_SECONDS',
  'REGISTRATIONS_PER_ADDRESS',
  'REGISTRATION_WINDOW_SECONDS',
  'CORS_ORIGINS',
  'BODY_TIMEOUT_SECONDS',
  'UPLOAD_MIN_BYTES_PER_SECOND',
  'UPLOAD_RATE_WINDOW_SECONDS',
  'MAX_CONNECTIONS_PER_ADDRESS',
  'UPLOAD_EXPIRY_SECONDS',
  'FFPROBE_PATH',
  'FFMPEG_PATH',
  'MEDIA_TIMEOUT_SECONDS',
  'MEDIA_MEMORY_LIMIT_MB',
  'JOB_CONCURRENCY',
  'JOB_POLL_MS',
  'JOB_LEASE_SECONDS',
  'JOB_MAX_ATTEMPTS',
  'JOB_RETRY_SECONDS',
];

interface Child {
  process: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves with the exit code (or the signal's name) once the process is gone. */
  exited: Promise<number | string>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const children = new Set<ChildProcess>();

function spawnServer(env: Record<string, string>, preload: string[] = []): Child {
  const childEnv: NodeJS.ProcessEnv = { ...process.env };
  for (const name of CONFIG_VARIABLES) delete childEnv[name];
  const imports = ['tsx', ...preload].flatMap((module) => ['--import', module]);
  const child = spawn(process.execPath, [...imports, 'server/main.ts'], {
    cwd: ROOT,
    env: { ...childEnv, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<number | string>((resolve) => {
    child.once('close', (code, signal) => {
      children.delete(child);
      resolve(code ?? signal ?? 'unknown');
    });
  });
  return { process: child, stdout: () => stdout, stderr: () => stderr, exited };
}

/** The complete JSON log lines the process wrote to stdout so far. */
function logLines(child: Child): { msg?: string; [key: string]: unknown }[] {
  const complete = child.stdout().split('\n').slice(0, -1);
  return complete.filter((line) => line.startsWith('{')).map((line) => JSON.parse(line));
}

/** Waits until the process logs a line whose message starts with `prefix`; fails if it exits first. */
async function waitForLog(child: Child, prefix: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let gone = false;
  void child.exited.then(() => (gone = true));
  while (!logLines(child).some((line) => line.msg?.startsWith(prefix))) {
    if (gone) {
      throw new Error(
        `the server exited before logging "${prefix}"\nstdout: ${child.stdout()}\nstderr: ${child.stderr()}`,
      );
    }
    if (Date.now() > deadline) throw new Error(`no "${prefix}" log line within ${timeoutMs} ms\n${child.stdout()}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** A port nothing listens on right now (the child cannot report a port 0 to us, so we choose). */
async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

const dirs: string[] = [];

/** A fresh folder for one process's database and media, removed after the suite. */
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'youku-process-'));
  dirs.push(dir);
  return dir;
}

afterAll(async () => {
  for (const child of children) child.kill('SIGKILL');
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

describe('the server process on SQLite', () => {
  interface Started {
    child: Child;
    base: string;
    databaseFile: string;
  }

  /** Starts a server over `dir` (a new folder unless given), with `preload` modules imported first. */
  async function start(
    env: Record<string, string> = {},
    { dir, preload = [] }: { dir?: string; preload?: string[] } = {},
  ): Promise<Started> {
    dir ??= await tempDir();
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const databaseFile = join(dir, 'data', 'app.db');
    const child = spawnServer(
      {
        PORT: String(port),
        DATABASE_URL: `sqlite:${databaseFile}`,
        MEDIA_DIR: join(dir, 'media'),
        LOG_LEVEL: 'info',
        ...env,
      },
      preload,
    );
    await waitForLog(child, 'listening on');
    for (let i = 0; i < 100 && !child.stderr().includes('Ready:'); i++) await sleep(20);
    return { child, base, databaseFile };
  }

  async function post(base: string, query: string, variables: Record<string, unknown> = {}, token?: string) {
    const response = await fetch(`${base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    return (await response.json()) as { data?: any; errors?: { extensions?: { code?: string } }[] };
  }

  /** The files under the media folder's staging area. */
  async function stagedFiles(mediaDir: string): Promise<string[]> {
    const entries = await readdir(join(mediaDir, '.staging'), { recursive: true, withFileTypes: true }).catch(() => []);
    return entries.filter((entry) => entry.isFile()).map((entry) => entry.name);
  }

  /** Starts an admin's upload of a large file and stops sending half-way, once its bytes are staged. */
  async function stalledUpload(base: string, mediaDir: string): Promise<ClientRequest> {
    const { data } = await post(base, REGISTER, { name: 'uploader', password: PASSWORD });
    const boundary = 'stalled';
    const operations = JSON.stringify({
      query:
        'mutation($file: Upload!) { uploadMovie(file: $file, isFree: true, fingerprint: "' +
        'a'.repeat(32) +
        '") { id } }',
      variables: { file: null },
    });
    const head =
      `--${boundary}\r\nContent-Disposition: form-data; name="operations"\r\n\r\n${operations}\r\n` +
      `--${boundary}\r\nContent-Disposition: form-data; name="map"\r\n\r\n{"0":["variables.file"]}\r\n` +
      `--${boundary}\r\nContent-Disposition: form-data; name="0"; filename="big.mp4"\r\n\r\n`;
    const req = request(`${base}/graphql`, {
      method: 'POST',
      headers: {
        'content-type': `multipart/form-data; boundary=${boundary}`,
        'content-length': String(Buffer.byteLength(head) + 100 * 1024 * 1024),
        'x-graphql-yoga-csrf': '1',
        authorization: `Bearer ${data.register.token}`,
      },
    });
    req.on('error', () => undefined);
    req.write(head);
    req.write(Buffer.alloc(4 * 1024 * 1024, 7));
    for (let i = 0; i < 500 && (await stagedFiles(mediaDir)).length === 0; i++) await sleep(20);
    expect(await stagedFiles(mediaDir)).toHaveLength(1);
    return req;
  }

  it('after a kill -9 during an upload, the next start removes what the dead process staged', async () => {
    const dir = await tempDir();
    const mediaDir = join(dir, 'media');
    const first = await start({}, { dir });
    const req = await stalledUpload(first.base, mediaDir);
    first.child.process.kill('SIGKILL');
    await first.child.exited;
    req.destroy();
    expect(await stagedFiles(mediaDir)).toHaveLength(1);

    const second = await start({}, { dir });
    expect(await stagedFiles(mediaDir)).toEqual([]);
    expect(logLines(second.child).some((line) => line.msg === 'removed files of interrupted uploads')).toBe(true);
    second.child.process.kill('SIGTERM');
    expect(await second.child.exited).toBe(0);
  });

  it('on SIGTERM during an upload that does not finish in time, removes its staged bytes before exiting', async () => {
    const dir = await tempDir();
    const { child, base } = await start({ SHUTDOWN_GRACE_SECONDS: '1' }, { dir });
    const req = await stalledUpload(base, join(dir, 'media'));
    child.process.kill('SIGTERM');
    expect(await child.exited).toBe(0);
    req.destroy();
    expect(await stagedFiles(join(dir, 'media'))).toEqual([]);
  });

  it('logs a promise rejection that nobody handled and goes on serving', async () => {
    const { child, base } = await start(
      {},
      { preload: [pathToFileURL(join(ROOT, 'test/fixtures/slip-on-signal.mjs')).href] },
    );
    const { data } = await post(base, REGISTER, { name: 'still-here', password: PASSWORD });
    child.process.kill('SIGUSR2');
    await waitForLog(child, 'unhandled promise rejection');
    const fault = logLines(child).find((line) => line.msg === 'unhandled promise rejection') as {
      err?: { message?: string };
    };
    expect(fault.err?.message).toBe('a deliberate slip');
    await sleep(200);
    const me = await post(base, '{ me { name } }', {}, data.register.token);
    expect(me.data.me.name).toBe('still-here');
    child.process.kill('SIGTERM');
    expect(await child.exited).toBe(0);
  });

  it('after a kill -9 in the middle of a resumable upload’s PATCH, the restarted server resumes and finishes it', async () => {
    const dir = await tempDir();
    const first = await start({}, { dir });
    const { data } = await post(first.base, REGISTER, { name: 'uploader', password: PASSWORD });
    const bytes = videoBytes(6 * 1024 * 1024, 5);
    const url = await tusUpload(new Client(first.base, data.register.token), {
      bytes,
      chunkSize: 1024 * 1024,
      stopAfter: 1024 * 1024,
    });
    const id = uploadIdOf(url);
    // The next PATCH announces all the rest but sends only part of it before the process dies.
    const patch = request(`${first.base}/uploads/${id}`, {
      method: 'PATCH',
      headers: {
        ...tusHeaders(new Client(first.base, data.register.token)),
        'tus-resumable': '1.0.0',
        'content-type': 'application/offset+octet-stream',
        'upload-offset': String(1024 * 1024),
        'content-length': String(bytes.length - 1024 * 1024),
      },
    });
    patch.on('error', () => undefined);
    patch.write(bytes.subarray(1024 * 1024, 3 * 1024 * 1024));
    const onDisk = join(dir, 'media', '.uploads', id);
    for (let i = 0; i < 500 && (await stat(onDisk)).size < 2 * 1024 * 1024; i++) await sleep(20);
    first.child.process.kill('SIGKILL');
    await first.child.exited;
    patch.destroy();

    const second = await start({}, { dir });
    const admin = new Client(second.base, data.register.token);
    const resumedUrl = `${second.base}/uploads/${id}`;
    const head = await fetch(resumedUrl, {
      method: 'HEAD',
      headers: { ...tusHeaders(admin), 'tus-resumable': '1.0.0' },
    });
    expect(Number(head.headers.get('upload-offset'))).toBeGreaterThanOrEqual(2 * 1024 * 1024);
    await tusUpload(admin, { bytes, chunkSize: 1024 * 1024, uploadUrl: resumedUrl });
    const finished = await post(
      second.base,
      FINISH_UPLOAD,
      { uploadId: id, isFree: true, fingerprint: await fingerprintOfBytes(bytes) },
      data.register.token,
    );
    expect(finished.errors).toBeUndefined();
    expect(finished.data.finishUpload.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
    second.child.process.kill('SIGTERM');
    expect(await second.child.exited).toBe(0);
  });

  it('survives an upload whose map names a file the request never sends, with a refused argument', async () => {
    const { child, base } = await start();
    const { data } = await post(base, REGISTER, { name: 'admin', password: PASSWORD });
    const form = new FormData();
    const query = 'mutation($file: Upload!) { uploadMovie(file: $file, isFree: true, fingerprint: "nope") { id } }';
    form.append('operations', JSON.stringify({ query, variables: { file: null } }));
    form.append('map', JSON.stringify({ 0: ['variables.file'] }));
    const response = await fetch(`${base}/graphql`, {
      method: 'POST',
      headers: { 'x-graphql-yoga-csrf': '1', authorization: `Bearer ${data.register.token}` },
      body: form,
    });
    expect(((await response.json()) as { errors: { extensions: { code: string } }[] }).errors[0]!.extensions.code).toBe(
      'BAD_USER_INPUT',
    );
    await sleep(1500);
    const me = await post(base, '{ me { name } }', {}, data.register.token);
    expect(me.data.me.name).toBe('admin');
    expect(logLines(child).some((line) => line.msg === 'unhandled promise rejection')).toBe(false);
    child.process.kill('SIGTERM');
    expect(await child.exited).toBe(0);
  });

  it('creates and migrates its database, answers /healthz and serves GraphiQL', async () => {
    const { child, base, databaseFile } = await start();
    expect(child.stderr()).toBe(`Ready: open ${base}/ (the API and GraphiQL are at /graphql)\n`);

    const health = await fetch(`${base}/healthz`);
    expect(health.status).toBe(200);
    expect(health.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await health.json()).toMatchObject({ status: 'ok' });

    const graphiql = await fetch(`${base}/graphql`, { headers: { accept: 'text/html' } });
    expect(graphiql.status).toBe(200);
    expect(graphiql.headers.get('content-type')).toMatch(/^text\/html/);
    const page = await graphiql.text();
    expect(page).toMatch(/<html[\s\S]*graphiql/i);
    // Self-contained: no script, style, font or icon from another host (these machines reach none).
    expect(page.match(/(?:src|href)\s*=\s*["']?https?:\/\/[^"'\s>]+/gi) ?? []).toEqual([]);
    expect(page).not.toMatch(/@import\s+url\(\s*["']?https?:|unpkg\.com|jsdelivr|googleapis/i);

    expect(existsSync(databaseFile)).toBe(true);
    const sqlite = new Database(databaseFile, { readonly: true, fileMustExist: true });
    try {
      const migrations = sqlite.prepare('select name from knex_migrations').all();
      expect(migrations.length).toBeGreaterThan(0);
      const tables = sqlite.prepare("select name from sqlite_master where type = 'table'").pluck().all();
      expect(tables).toContain('users');
    } finally {
      sqlite.close();
    }

    child.process.kill('SIGTERM');
    expect(await child.exited).toBe(0);
  });

  it('writes lines for a person with LOG_FORMAT=pretty', async () => {
    const dir = await tempDir();
    const port = await freePort();
    const child = spawnServer({
      PORT: String(port),
      DATABASE_URL: `sqlite:${join(dir, 'app.db')}`,
      MEDIA_DIR: join(dir, 'media'),
      LOG_FORMAT: 'pretty',
    });
    for (let i = 0; i < 1500 && !child.stdout().includes('listening on'); i++) await sleep(20);
    const line = child
      .stdout()
      .split('\n')
      .find((text) => text.includes('listening on'))!;
    expect(line).toMatch(/INFO.*listening on http:\/\/127\.0\.0\.1/);
    expect(() => JSON.parse(line)).toThrow();
    child.process.kill('SIGTERM');
    expect(await child.exited).toBe(0);
  });

  it('serves no GraphiQL when GRAPHIQL=false', async () => {
    const { child, base } = await start({ GRAPHIQL: 'false' });
    const response = await fetch(`${base}/graphql`, { headers: { accept: 'text/html' } });
    expect(response.headers.get('content-type') ?? '').not.toMatch(/text\/html/);
    expect(await response.text()).not.toMatch(/<html/i);
    // The API itself still answers.
    const api = await fetch(`${base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ me { id } }' }),
    });
    expect(await api.json()).toEqual({ data: { me: null } });
    child.process.kill('SIGTERM');
    expect(await child.exited).toBe(0);
  });

  it('on SIGTERM, finishes the request in flight, refuses new connections, then exits 0', async () => {
    const { child, base, databaseFile } = await start();
    const body = JSON.stringify({ query: REGISTER, variables: { name: 'last-one-in', password: PASSWORD } });

    // `Expect: 100-continue` holds the body back until the server has read the headers: from then
    // on the request is certainly in flight on the server, whatever the timing of this machine.
    const req = request(`${base}/graphql`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(body),
        expect: '100-continue',
        // Kept alive: the server must still close the connection once the request is done.
        connection: 'keep-alive',
      },
    });
    const response = new Promise<{ status: number; text: string }>((resolve, reject) => {
      req.once('response', (res) => {
        let text = '';
        res.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
        res.once('end', () => resolve({ status: res.statusCode ?? 0, text }));
        res.once('error', reject);
      });
      req.once('error', reject);
    });
    req.flushHeaders();
    await new Promise((resolve) => req.once('continue', resolve));

    child.process.kill('SIGTERM');
    await waitForLog(child, 'shutting down');
    await expect(fetch(`${base}/healthz`)).rejects.toThrow();

    req.end(body);
    const { status, text } = await response;
    expect(status).toBe(200);
    const result = JSON.parse(text);
    expect(result.errors).toBeUndefined();
    expect(result.data.register.user).toMatchObject({ name: 'last-one-in', role: 'ADMIN' });
    expect(result.data.register.token).toBeTruthy();

    expect(await child.exited).toBe(0);
    expect(logLines(child).some((line) => line.msg === 'stopped')).toBe(true);
    expect(child.stderr()).toMatch(/^Ready: open http:\/\/127\.0\.0\.1:\d+\/ .*\n$/);

    // The account was committed before the process let go of the database.
    const sqlite = new Database(databaseFile, { readonly: true, fileMustExist: true });
    try {
      expect(sqlite.prepare('select name from users').pluck().all()).toEqual(['last-one-in']);
    } finally {
      sqlite.close();
    }
  });
});

describe('/healthz when the database is gone', () => {
  it('answers 503 with a JSON reason', async () => {
    const server = await startServer('sqlite');
    try {
      expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
      await server.db.destroy();
      const response = await fetch(`${server.url}/healthz`);
      expect(response.status).toBe(503);
      expect(response.headers.get('content-type')).toMatch(/^application\/json/);
      const health = (await response.json()) as { status: string; reason?: unknown };
      expect(health.status).not.toBe('ok');
      expect(typeof health.reason).toBe('string');
      expect(health.reason).not.toBe('');
    } finally {
      // close() destroys the pool a second time: whatever that does must not hide this test's
      // own outcome, nor leave the folder behind.
      await server.close().catch(() => undefined);
      await rm(server.dir, { recursive: true, force: true });
    }
  });
});

describe.each(databases)('background jobs of the server process on %s', (kind) => {
  it('finishes a job that a kill -9 interrupted, once the next start finds its lease expired', async () => {
    const dir = await tempDir();
    const url = databaseUrlFor(kind, dir);
    const env = { DATABASE_URL: url, MEDIA_DIR: join(dir, 'media'), LOG_LEVEL: 'info', JOB_POLL_MS: '50' };
    const held = await wrappedFfprobe(dir, true);
    try {
      const port = await freePort();
      const first = spawnServer({
        ...env,
        PORT: String(port),
        FFPROBE_PATH: held.path,
        MEDIA_TIMEOUT_SECONDS: '30',
        JOB_LEASE_SECONDS: '31',
      });
      await waitForLog(first, 'listening on');
      const admin = await registerAs(new Client(`http://127.0.0.1:${port}`), 'admin');
      const bytes = await makeVideo(dir, 'clip.mp4', { width: 160, height: 120, seconds: 1 });
      const uploaded = await uploadVideo(admin, { bytes, filename: 'clip.mp4' });
      while (!held.hasStarted()) await sleep(20);
      first.process.kill('SIGKILL');
      await first.exited;

      // The lease of the dead process runs out 31 s after it claimed the job; the clock is moved
      // instead of waited for: the row says so, as the passing time would.
      const second = spawnServer({ ...env, PORT: String(port) });
      await waitForLog(second, 'listening on');
      const again = await registerAs(new Client(`http://127.0.0.1:${port}`), 'viewer');
      await expireLeases(url);
      const movie = await probedMovie(again.client, uploaded.id, true);
      expect(movie.mediaInfo).toMatchObject({ width: 160, height: 120, videoCodec: 'h264' });
      second.process.kill('SIGTERM');
      expect(await second.exited).toBe(0);
    } finally {
      await held.open();
      await dropDatabase(url);
    }
  });
});

/** Moves every job's lease into the past, as if its holder had been gone for longer than it. */
async function expireLeases(url: string): Promise<void> {
  const db = knex(knexConfig(parseDatabaseUrl(url)));
  try {
    await db('jobs')
      .whereNotNull('lease_until')
      .update({ lease_until: new Date(Date.now() - 1000) });
  } finally {
    await db.destroy();
  }
}
