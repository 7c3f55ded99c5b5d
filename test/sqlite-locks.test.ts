import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { LOGIN, PASSWORD, registerAs } from './support/accounts.js';
import { Client } from './support/client.js';
import { cleanUpProcesses, startProcess } from './support/server-process.js';

/** Debian's `sqlite3` program, as an operator runs it beside the server. */
const SQLITE3 = '/usr/bin/sqlite3';

function sqliteCliAvailable(): boolean {
  if (existsSync(SQLITE3)) return true;
  if (process.env.CI === 'true') throw new Error(`CI=true but there is no ${SQLITE3} (apt-get install sqlite3)`);
  console.warn(`SKIPPED: the SQLite lock test needs ${SQLITE3} (apt-get install -y sqlite3).`);
  return false;
}

afterAll(async () => {
  await cleanUpProcesses();
});

async function healthStatus(base: string): Promise<number> {
  return (await fetch(`${base}/healthz`)).status;
}

/**
 * POSIX record locks belong to a process: had the server closed a descriptor of its own on the
 * database file (to read its header for /healthz), SQLite's locks would be gone, and the operator's
 * `sqlite3`, closing as the last connection it then believes it is, would checkpoint and remove the
 * write-ahead log under the server: a write confirmed afterwards would be lost at the next crash.
 */
describe.skipIf(!sqliteCliAvailable())('the server process and an operator’s sqlite3 on one SQLite file', () => {
  it('keeps a write confirmed after /healthz and an operator’s query through a kill -9', async () => {
    const server = await startProcess();
    const file = join(server.dir, 'data', 'app.db');
    const anonymous = new Client(server.url);
    await registerAs(anonymous, 'alice');
    expect(await healthStatus(server.url)).toBe(200);

    const { stdout } = await promisify(execFile)(SQLITE3, [file, 'select count(*) from users']);
    expect(stdout.trim()).toBe('1');

    await registerAs(anonymous, 'bob');
    expect(existsSync(`${file}-wal`)).toBe(true);
    expect(await healthStatus(server.url)).toBe(200);

    await server.stop('SIGKILL');
    const again = await startProcess({}, { dir: server.dir });
    const login = await new Client(again.url).ok<{ login: { user: { name: string } } }>(LOGIN, {
      name: 'bob',
      password: PASSWORD,
    });
    expect(login.login.user.name).toBe('bob');
    await again.stop();
  });
});
