import { randomBytes } from 'node:crypto';
import { readFile, stat, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readConfig } from '../server/config/read-config.js';
import { PASSWORD, registerAs } from './support/accounts.js';
import { Client } from './support/client.js';
import { ManualClock } from './support/clock.js';
import { databases } from './support/databases.js';
import { startServer, type TestServer } from './support/server.js';
import { LOGIN_WITH_CODE, totpAt, turnOnTwoFactor } from './support/two-factor.js';

const MADE = 'made the secrets key file';
const READABLE = 'the secrets key file can be read by other users: chmod 600 it';

describe('where the secrets key file goes by default', () => {
  it('beside a SQLite file; in ./data with MySQL', () => {
    expect(readConfig({ DATABASE_URL: 'sqlite:/srv/video/app.db' }).secrets.keyFile).toBe('/srv/video/secrets.key');
    expect(readConfig({ DATABASE_URL: 'mysql://u:p@db:3306/video' }).secrets.keyFile).toBe(
      resolve('data', 'secrets.key'),
    );
  });
});

describe.each(databases)('the secrets key on %s', (kind) => {
  const servers: TestServer[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((server) => server.close()));
  });

  async function start(env: Record<string, string> = {}, sharing?: TestServer, clock = new ManualClock()) {
    const server = await startServer(kind, env, { sharing, clock });
    servers.push(server);
    return server;
  }

  it('is made at first start, readable by its owner only, and kept by every later start', async () => {
    const clock = new ManualClock();
    const first = await start({}, undefined, clock);
    const keyFile = first.config.secrets.keyFile;
    expect((await stat(keyFile)).mode & 0o777).toBe(0o600);
    expect((await readFile(keyFile, 'utf8')).trim()).toMatch(/^[A-Za-z0-9+/]{43}=$/);
    expect(first.logs.filter((line) => line.msg === MADE)).toEqual([expect.objectContaining({ keyFile })]);
    expect(first.logs.filter((line) => line.msg === READABLE)).toEqual([]);

    const account = await registerAs(new Client(first.url), 'keeper');
    const on = await turnOnTwoFactor(account, clock);
    const key = await readFile(keyFile, 'utf8');
    // A second process on the same database reads the same file, and opens the secret it sealed.
    const second = await start({}, first, clock);
    expect(await readFile(keyFile, 'utf8')).toBe(key);
    expect(second.logs.filter((line) => line.msg === MADE)).toEqual([]);
    const login = await new Client(second.url).request(LOGIN_WITH_CODE, {
      name: 'keeper',
      password: PASSWORD,
      code: totpAt(on.secret, clock.now()),
    });
    expect(login.errors).toBeUndefined();
    // The key reaches no log line.
    expect(JSON.stringify([...first.logs, ...second.logs])).not.toContain(key.trim());
  });

  it('refuses to start with another key than the one the database was started with, naming the setting', async () => {
    const first = await start();
    const other = randomBytes(32).toString('hex');
    await expect(start({ SECRETS_KEY: other }, first)).rejects.toThrow(
      /^configuration error: SECRETS_KEY is not the key this database's two-factor secrets were encrypted with/,
    );
    const otherFile = join(first.dir, 'other.key');
    await writeFile(otherFile, `${randomBytes(32).toString('base64')}\n`, { mode: 0o600 });
    await expect(start({ SECRETS_KEY_FILE: otherFile }, first)).rejects.toThrow(
      `SECRETS_KEY_FILE (${otherFile}) is not`,
    );
  });

  it('takes SECRETS_KEY over a file, and warns of a key file others can read', async () => {
    const withKey = await start({ SECRETS_KEY: randomBytes(32).toString('base64') });
    await expect(stat(withKey.config.secrets.keyFile)).rejects.toThrow(/ENOENT/);

    const keyFile = join(withKey.dir, 'shared.key');
    await writeFile(keyFile, `${randomBytes(32).toString('hex')}\n`, { mode: 0o644 });
    const loose = await start({ SECRETS_KEY_FILE: keyFile });
    expect(loose.logs.filter((line) => line.msg === READABLE)).toEqual([
      expect.objectContaining({ level: 40, keyFile }),
    ]);
  });
});
