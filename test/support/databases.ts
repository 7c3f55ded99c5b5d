import { connect } from 'node:net';

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

/** The MySQL server tests use: `TEST_MYSQL_URL`, else MariaDB on 127.0.0.1:3306 when it answers. */
async function findMysqlUrl(): Promise<string | undefined> {
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
