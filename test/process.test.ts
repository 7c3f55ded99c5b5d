import { existsSync } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';
import knex from 'knex';
import { afterAll, describe, expect, it } from 'vitest';
import { PASSWORD, REGISTER, registerAs } from './support/accounts.js';
import { Client } from './support/client.js';
import { databases, databaseUrlFor } from './support/databases.js';
import { freePort } from './support/free-port.js';
import { makeVideo, probedMovie, wrappedFfprobe } from './support/media.js';
import { uploadVideo } from './support/movies.js';
import { startServer } from './support/server.js';
import {
  type Child,
  cleanUpProcesses,
  logLines,
  ROOT,
  sleep,
  spawnServer,
  startProcess,
  tempDir,
  waitForLog,
} from './support/server-process.js';
import { dropDatabase, knexConfig, parseDatabaseUrl } from '../db/connection.js';

afterAll(async () => {
  await cleanUpProcesses();
});

// The cases of issue reports (LOG_LEVEL, MEDIA_DIR, a refused MySQL password) are in startup-errors.test.ts.
describe('the server process refuses a bad configuration', () => {
  it.each([
    ['PORT', 'abc'],
    ['PORT', '70000'],
    ['DATABASE_URL', 'postgres://x'],
    ['PRICE_REGULAR', '-1'],
    ['PUBLIC_URL', 'https://video.example.com/path'],
    ['DATABASE_URL', 'mysql://test:s3cret@127.0.0.1:3306/not-a-name!'],
    ['JOB_CONCURRENCY', '-1'],
    ['MEDIA_TIMEOUT_SECONDS', '0'],
    ['JOB_LEASE_SECONDS', '0'],
    ['MIGRATION_WAIT_SECONDS', '0'],
    ['MEDIA_REDIRECT', 'sometimes'],
    // Files under MEDIA_DIR have no pre-signed URL to redirect to.
    ['MEDIA_REDIRECT', 'presigned'],
    ['MEDIA_OFFLOAD', 'x-sendfile'],
    ['STORAGE_URL', 'http://bucket'],
    ['STORAGE_URL', 's3://Not_A_Bucket'],
    ['STORAGE_URL', 's3://bucket/a/path'],
    ['STORAGE_URL', 's3://key:s3cret@bucket'],
    ['STORAGE_URL', 's3://bucket?endpoint=ftp://127.0.0.1'],
    ['STORAGE_URL', 's3://bucket?forcePathStyle=maybe'],
    ['STORAGE_URL', 's3://bucket?colour=red'],
  ])('%s=%s: exits 2 with one line on stderr naming the variable, and no secret', async (variable, value) => {
    const dir = await tempDir();
    await writeFile(join(dir, 'a-file'), 'not a folder');
    const child = spawnServer({
      DATABASE_URL: `sqlite:${join(dir, 'app.db')}`,
      MEDIA_DIR: join(dir, 'media'),
      [variable]: value.replace('{dir}', dir),
    });
    expect(await child.exited).toBe(2);
    const lines = child.stderr().trimEnd().split('\n');
    expect(lines, child.stderr()).toHaveLength(1);
    expect(lines[0]).toContain(variable);
    expect(child.stderr() + child.stdout()).not.toContain('s3cret');
    expect(child.stdout()).toBe('');
    expect(existsSync(join(dir, 'app.db'))).toBe(false);
  });

  it.each([
    ['a store that does not answer', 'STORAGE_URL', { AWS_ACCESS_KEY_ID: 'key', AWS_SECRET_ACCESS_KEY: 's3cret' }],
    ['a secret without its key', 'AWS_ACCESS_KEY_ID', { AWS_SECRET_ACCESS_KEY: 's3cret' }],
    // nginx sends files under MEDIA_DIR, never a bucket's objects.
    [
      'MEDIA_OFFLOAD=x-accel',
      'MEDIA_OFFLOAD',
      { AWS_ACCESS_KEY_ID: 'key', AWS_SECRET_ACCESS_KEY: 's3cret', MEDIA_OFFLOAD: 'x-accel' },
    ],
  ])('S3 with %s: exits 2 with one line naming %s, and no secret', async (_what, variable, credentials) => {
    const dir = await tempDir();
    const child = spawnServer({
      DATABASE_URL: `sqlite:${join(dir, 'app.db')}`,
      STORAGE_URL: 's3://videos?endpoint=http://127.0.0.1:9&forcePathStyle=true',
      ...credentials,
    });
    expect(await child.exited).toBe(2);
    const lines = child.stderr().trimEnd().split('\n');
    expect(lines, child.stderr()).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^configuration error: ${variable}`));
    expect(child.stderr() + child.stdout()).not.toContain('s3cret');
  });
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
    const started = await startProcess(env, { dir, preload });
    return { child: started.child, base: started.url, databaseFile: join(started.dir, 'data', 'app.db') };
  }

  async function post(base: string, query: string, variables: Record<string, unknown> = {}, token?: string) {
    const response = await fetch(`${base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    return (await response.json()) as { data?: any; errors?: { extensions?: { code?: string } }[] };
  }

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
