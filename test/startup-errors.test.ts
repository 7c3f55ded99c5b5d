import { readdirSync, readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { inspect } from 'node:util';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../server/config/config-error.js';
import { readConfig } from '../server/config/read-config.js';
import { VARIABLES } from '../server/config/variables.js';
import { LOGIN, PASSWORD, REGISTER } from './support/accounts.js';
import { Client } from './support/client.js';
import { mysqlUrl } from './support/databases.js';
import { freePort } from './support/free-port.js';
import { cleanUpProcesses, spawnServer, tempDir, waitForStderr } from './support/server-process.js';

/** Stands for every secret a test hands the server: it must show up nowhere. */
const SECRET = 's3cret-Pa55';

/** A fresh folder holding a file named `a-file`, removed after the suite. */
async function folderWithAFile(): Promise<string> {
  const dir = await tempDir();
  await writeFile(join(dir, 'a-file'), 'not a folder');
  return dir;
}

afterAll(async () => {
  await cleanUpProcesses();
});

/** Runs the server with `env` over a fresh folder until it exits; `{dir}` in a value is that folder. */
async function runToExit(env: Record<string, string>) {
  const dir = await folderWithAFile();
  const filled = Object.fromEntries(Object.entries(env).map(([name, value]) => [name, value.replace('{dir}', dir)]));
  const server = spawnServer({
    DATABASE_URL: `sqlite:${join(dir, 'app.db')}`,
    MEDIA_DIR: join(dir, 'media'),
    PORT: '0',
    ...filled,
  });
  const code = await server.exited;
  return { code, stdout: server.stdout(), stderr: server.stderr() };
}

/** Every line of stdout is one JSON object: a log collector can read it. */
function expectJsonLines(stdout: string): void {
  for (const line of stdout.split('\n').filter(Boolean)) expect(() => JSON.parse(line), line).not.toThrow();
}

describe.concurrent('a start-up that cannot go on, from the real process', () => {
  it.each([
    ['LOG_LEVEL', { LOG_LEVEL: 'verbose' }],
    ['MEDIA_DIR', { MEDIA_DIR: '{dir}/a-file/media' }],
    // mkdir -p spins forever there: the server must say so, not hang at full CPU.
    ['MEDIA_DIR', { MEDIA_DIR: '/proc/nope' }],
    ['DATABASE_URL', { DATABASE_URL: `mysql://test:${SECRET}@127.0.0.1:99999/x` }],
    ['HOST', { HOST: 'no-such-host.invalid' }],
    ['ADMIN_PASSWORD', { ADMIN_NAME: 'operator', ADMIN_PASSWORD: 'short' }],
  ])('%s: exits 2 with one line on stderr naming it, nothing on stdout, no secret (%o)', async (variable, env) => {
    const { code, stdout, stderr } = await runToExit(env);
    expect(code, stderr).toBe(2);
    const lines = stderr.trimEnd().split('\n');
    expect(lines, stderr).toHaveLength(1);
    expect(lines[0]).toContain(variable);
    expect(stdout).toBe('');
    expect(stdout + stderr).not.toContain(SECRET);
    expect(stdout + stderr).not.toContain('short');
  });

  it('a SQLite file that cannot be made (under /proc): exits 1 with one line naming DATABASE_URL, without spinning', async () => {
    const { code, stdout, stderr } = await runToExit({ DATABASE_URL: 'sqlite:/proc/nope/app.db' });
    expect(code).toBe(1);
    expect(stderr.trimEnd().split('\n')).toEqual([expect.stringContaining('DATABASE_URL')]);
    expect(stdout).toBe('');
  });

  it('a port another process holds: exits 1 with one line naming HOST and PORT', async () => {
    const holder = createServer().listen(0, '127.0.0.1');
    await new Promise((resolve) => holder.once('listening', resolve));
    try {
      const port = String((holder.address() as { port: number }).port);
      const { code, stderr } = await runToExit({ PORT: port });
      expect(code).toBe(1);
      expect(stderr.trimEnd().split('\n')).toEqual([expect.stringMatching(/HOST and PORT.*already in use/)]);
    } finally {
      holder.close();
    }
  });

  it.runIf(mysqlUrl)(
    'a MySQL that refuses the password: exits 1, one line naming DATABASE_URL, JSON on stdout, no secret',
    async () => {
      const url = new URL(mysqlUrl!);
      url.password = SECRET;
      const { code, stdout, stderr } = await runToExit({ DATABASE_URL: url.toString() });
      expect(code).toBe(1);
      expect(stderr.trimEnd().split('\n')).toEqual([expect.stringMatching(/DATABASE_URL.*Access denied/)]);
      expect(stdout + stderr).not.toContain(SECRET);
      expectJsonLines(stdout);
    },
  );

  it('a MySQL that does not listen: exits 1, one line naming DATABASE_URL, JSON on stdout, no secret', async () => {
    const { code, stdout, stderr } = await runToExit({ DATABASE_URL: `mysql://test:${SECRET}@127.0.0.1:1/x` });
    expect(code).toBe(1);
    expect(stderr.trimEnd().split('\n')).toEqual([expect.stringMatching(/DATABASE_URL.*ECONNREFUSED/)]);
    expect(stdout + stderr).not.toContain(SECRET);
    expectJsonLines(stdout);
  });
});

/** One value each variable of server/config/variables.ts refuses; `{secret}` in it must never be shown. */
const BAD_VALUES: Record<string, string> = {
  PORT: '70000',
  HOST: 'two words',
  DATABASE_URL: 'mysql://u:{secret}@host:99999/db',
  DATABASE_TIMEOUT_SECONDS: '0',
  UPLOAD_EXPIRY_SECONDS: 'a day',
  GRAPHIQL: 'maybe',
  COOKIE_SECURE: '2',
  TRUST_PROXY: 'proxy',
  PUBLIC_URL: 'https://u:{secret}@video.example.com',
  LOG_LEVEL: 'verbose',
  LOG_FORMAT: 'xml',
  SHUTDOWN_GRACE_SECONDS: '-1',
  CORS_ORIGINS: 'https://app.example.com/path',
  BODY_TIMEOUT_SECONDS: '1.5',
  UPLOAD_MIN_BYTES_PER_SECOND: '0',
  UPLOAD_RATE_WINDOW_SECONDS: '3601',
  MAX_CONNECTIONS_PER_ADDRESS: '-1',
  MEDIA_TIMEOUT_SECONDS: '0',
  MEDIA_MEMORY_LIMIT_MB: 'lots',
  JOB_LEASE_SECONDS: '0',
  JOB_CONCURRENCY: '65',
  JOB_POLL_MS: '5',
  JOB_MAX_ATTEMPTS: '0',
  JOB_RETRY_SECONDS: '1e3',
  DOWNLOAD_WAIT_SECONDS: '86401',
  PRICE_REGULAR: '-1',
  PRICE_VIP: '0x10',
  VIP_PRICE: '2147483648',
  MAX_UPLOAD_BYTES: '0',
  TICKET_TTL_SECONDS: '0',
  // Longer than a lock may take to reach a ticket in use.
  TICKET_CHECK_CACHE_MS: '2001',
  SESSION_TTL_SECONDS: ' ',
  LOGIN_FAILURES_PER_NAME: '0',
  LOGIN_FAILURES_PER_ADDRESS: 'many',
  LOGIN_THROTTLE_SECONDS: '86401',
  REGISTRATIONS_PER_ADDRESS: '0',
  REGISTRATION_WINDOW_SECONDS: '0',
  METRICS: 'everyone',
  MIGRATION_WAIT_SECONDS: '0',
  MEDIA_REDIRECT: 'sometimes',
  MEDIA_OFFLOAD: 'nginx',
  RUN_JOBS: 'sometimes',
  RENDITION_HEIGHTS: '240,361',
  STORAGE_USAGE_MAX_AGE_SECONDS: '86401',
  STORAGE_URL: 's3://u:{secret}@bucket',
  ADMIN_NAME: ' ',
  // Too long for a password.
  ADMIN_PASSWORD: '{secret}'.repeat(30),
  // Not 32 bytes.
  SECRETS_KEY: '{secret}',
  REQUIRE_ADMIN_TWO_FACTOR: 'sometimes',
  PASSWORD_RESET_TTL_SECONDS: '0',
};

/**
 * Checked where they are used: a program's path when the job worker starts (a missing one is
 * logged and its jobs wait), MEDIA_DIR when the folder is prepared (the process cases above); the
 * AWS credentials only as a pair beside STORAGE_URL (test/process.test.ts); the secrets key file
 * when it is made or read (test/secrets-key.test.ts).
 */
const CHECKED_LATER = [
  'FFPROBE_PATH',
  'FFMPEG_PATH',
  'MEDIA_DIR',
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'SECRETS_KEY_FILE',
];

/** What the variable needs beside it to be checked at all (ADMIN_PASSWORD alone is missing its name). */
const COMPANIONS: Record<string, Record<string, string>> = {
  ADMIN_PASSWORD: { ADMIN_NAME: 'operator' },
  ADMIN_NAME: { ADMIN_PASSWORD: 'a fine password' },
};

describe('every variable of server/config/variables.ts', () => {
  it('has a bad value below (or is free text), so that a new variable gets its case', () => {
    expect(Object.keys(VARIABLES).sort()).toEqual([...Object.keys(BAD_VALUES), ...CHECKED_LATER].sort());
  });

  it('holds every variable the configuration code names: none is read past it', () => {
    const folder = new URL('../server/config/', import.meta.url);
    const sources = readdirSync(folder).map((file) => readFileSync(new URL(file, folder), 'utf8'));
    const names = sources.join('\n').matchAll(/env\.([A-Z][A-Z0-9_]+)|'([A-Z][A-Z0-9_]+)'/g);
    const named = new Set([...names].map((match) => match[1] ?? match[2]!));
    expect([...named].filter((name) => !(name in VARIABLES))).toEqual([]);
  });

  it.each(Object.entries(BAD_VALUES))(
    '%s=%s is refused with a message naming it, without the secret',
    (variable, value) => {
      const secret = value.includes('{secret}');
      const env = { ...COMPANIONS[variable], [variable]: value.replaceAll('{secret}', SECRET) };
      let error: unknown;
      try {
        readConfig(env);
      } catch (err) {
        error = err;
      }
      expect(error).toBeInstanceOf(ConfigError);
      const message = (error as Error).message;
      expect(message.startsWith(variable), message).toBe(true);
      expect(message).not.toContain('\n');
      if (secret) expect(message).not.toContain(SECRET);
    },
  );
});

describe('a dump of the configuration', () => {
  it('leaves out ADMIN_PASSWORD, which the server still reads', () => {
    const config = readConfig({ ADMIN_NAME: 'operator', ADMIN_PASSWORD: SECRET });
    expect(config.firstAdmin?.password).toBe(SECRET);
    expect(JSON.stringify(config)).not.toContain(SECRET);
    expect(inspect(config, { depth: null })).not.toContain(SECRET);
  });
});

describe('the first admin of a server on an open interface, from the real process', () => {
  /** A server listening on every interface, on a database and media folder of its own. */
  async function openInterfaceServer(env: Record<string, string> = {}) {
    const dir = await folderWithAFile();
    const port = await freePort();
    const server = spawnServer({
      HOST: '0.0.0.0',
      PORT: String(port),
      DATABASE_URL: `sqlite:${join(dir, 'app.db')}`,
      MEDIA_DIR: join(dir, 'media'),
      ...env,
    });
    return { server, port };
  }

  it('prints the setup code once on stderr, never on stdout; the first account registers with it', async () => {
    const { server, port } = await openInterfaceServer();
    const [, code] = await waitForStderr(server, /^Setup code: (\S+) /m);
    expect(server.stdout()).not.toContain(code!);
    expectJsonLines(server.stdout());
    const client = new Client(`http://127.0.0.1:${port}`);
    await client.fails('FORBIDDEN', REGISTER, { name: 'stranger', password: PASSWORD });
    const registered = await client.ok(
      'mutation($name: String!, $password: String!, $code: String) { register(name: $name, password: $password, setupCode: $code) { user { role } } }',
      { name: 'owner', password: PASSWORD, code },
    );
    expect(registered.register.user.role).toBe('ADMIN');
    server.process.kill('SIGTERM');
    expect(await server.exited).toBe(0);
    expect(server.stdout() + server.stderr().replace(code!, '')).not.toContain(code!);
  });

  it('ADMIN_NAME and ADMIN_PASSWORD: the admin exists at start, no code is printed, the password nowhere', async () => {
    const { server, port } = await openInterfaceServer({ ADMIN_NAME: 'operator', ADMIN_PASSWORD: SECRET });
    await waitForStderr(server, /^Ready: /m);
    const client = new Client(`http://127.0.0.1:${port}`);
    const login = await client.ok(LOGIN, { name: 'operator', password: SECRET });
    expect(login.login.user.role).toBe('ADMIN');
    server.process.kill('SIGTERM');
    expect(await server.exited).toBe(0);
    expect(server.stderr()).not.toMatch(/Setup/);
    expect(server.stdout() + server.stderr()).not.toContain(SECRET);
    expect(server.stdout()).toContain('created the administrator named by ADMIN_NAME');
  });
});
