import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { request } from 'node:http';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { PASSWORD, REGISTER } from './support/accounts.js';
import { startServer } from './support/server.js';

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
  'CORS_ORIGINS',
  'BODY_TIMEOUT_SECONDS',
  'UPLOAD_MIN_BYTES_PER_SECOND',
  'UPLOAD_RATE_WINDOW_SECONDS',
  'MAX_CONNECTIONS_PER_ADDRESS',
];

interface Child {
  process: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves with the exit code (or the signal's name) once the process is gone. */
  exited: Promise<number | string>;
}

const children = new Set<ChildProcess>();

function spawnServer(env: Record<string, string>): Child {
  const childEnv: NodeJS.ProcessEnv = { ...process.env };
  for (const name of CONFIG_VARIABLES) delete childEnv[name];
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
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

describe('the server process refuses a bad configuration', () => {
  it.each([
    ['PORT', 'abc'],
    ['PORT', '70000'],
    ['DATABASE_URL', 'postgres://x'],
    ['PRICE_REGULAR', '-1'],
  ])('%s=%s: exits non-zero with one line on stderr naming the variable', async (variable, value) => {
    const dir = await tempDir();
    const child = spawnServer({
      DATABASE_URL: `sqlite:${join(dir, 'app.db')}`,
      MEDIA_DIR: join(dir, 'media'),
      [variable]: value,
    });
    const code = await child.exited;
    expect(code).not.toBe(0);
    expect(typeof code).toBe('number');
    const lines = child.stderr().trimEnd().split('\n');
    expect(lines, child.stderr()).toHaveLength(1);
    expect(lines[0]).toContain(variable);
    expect(existsSync(join(dir, 'app.db'))).toBe(false);
  });
});

describe('the server process on SQLite', () => {
  interface Started {
    child: Child;
    base: string;
    databaseFile: string;
  }

  async function start(env: Record<string, string> = {}): Promise<Started> {
    const dir = await tempDir();
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const databaseFile = join(dir, 'data', 'app.db');
    const child = spawnServer({
      PORT: String(port),
      DATABASE_URL: `sqlite:${databaseFile}`,
      MEDIA_DIR: join(dir, 'media'),
      LOG_LEVEL: 'info',
      ...env,
    });
    await waitForLog(child, 'listening on');
    return { child, base, databaseFile };
  }

  it('creates and migrates its database, answers /healthz and serves GraphiQL', async () => {
    const { child, base, databaseFile } = await start();

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
    expect(child.stderr()).toBe('');

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
