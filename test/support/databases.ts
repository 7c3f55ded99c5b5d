import { randomBytes } from 'node:crypto';
import { connect } from 'node:net';
import { join } from 'node:path';

export type DatabaseKind = 'sqlite' | 'mysql';

const DEFAULT_MYSQL_URL = 'mysql://test:test@127.0.0.1:3306/test';

function answers(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port, timeout: 1000 });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });
}

/**
 * The databases a run is limited to: `TEST_DATABASES=sqlite` leaves MySQL out even where one answers
 * (CI's second Node runs the suites on SQLite only; MySQL's driver is plain JavaScript).
 */
const chosen = process.env.TEST_DATABASES?.split(',').map((name) => name.trim());

/** The MySQL server tests use: `TEST_MYSQL_URL`, else MariaDB on 127.0.0.1:3306 when it answers. */
async function findMysqlUrl(): Promise<string | undefined> {
  if (chosen && !chosen.includes('mysql')) return undefined;
  const url = process.env.TEST_MYSQL_URL ?? DEFAULT_MYSQL_URL;
  const parsed = new URL(url);
  if (await answers(parsed.hostname, Number(parsed.port || 3306))) return url;
  if (process.env.CI === 'true' || process.env.TEST_MYSQL_URL) {
    throw new Error(`MySQL does not answer at ${parsed.host}: with CI=true or TEST_MYSQL_URL set, tests need it`);
  }
  return undefined;
}

export const mysqlUrl = await findMysqlUrl();

/** Every database the suites run against: SQLite always, MySQL when it is there. */
export const databases: DatabaseKind[] = mysqlUrl ? ['sqlite', 'mysql'] : ['sqlite'];

/** A new database's URL: a file in `dir` for SQLite, a database of a random name on MySQL. */
export function databaseUrlFor(kind: DatabaseKind, dir: string): string {
  if (kind === 'sqlite') return `sqlite:${join(dir, 'app.db')}`;
  if (!mysqlUrl) throw new Error('no MySQL server for this test');
  const url = new URL(mysqlUrl);
  url.pathname = `/t_${randomBytes(6).toString('hex')}`;
  return url.toString();
}
