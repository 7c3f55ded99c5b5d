import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Knex } from 'knex';
import { dropDatabase, openDatabase } from '../../db/connection.js';
import { createApp } from '../../server/app.js';
import { readConfig, type Config } from '../../server/config.js';
import { announceFirstAdmin, prepareFirstAdmin, type FirstAdminSetup } from '../../server/first-admin.js';
import { createHttpServer } from '../../server/http-server.js';
import { createLogger, knexLog } from '../../server/logger.js';
import { startJobWorker } from '../../server/media-worker.js';
import { LocalStorage } from '../../domain/storage/local-storage.js';
import { mysqlUrl, type DatabaseKind } from './databases.js';

export interface LogLine {
  level: number;
  msg?: string;
  req?: { id?: string; url?: string };
  err?: { message?: string; stack?: string };
  [key: string]: unknown;
}

export interface TestServer {
  url: string;
  config: Config;
  db: Knex;
  storage: LocalStorage;
  dir: string;
  /** How the instance gets its first admin, as found at start (the setup code it made, if any). */
  firstAdmin: FirstAdminSetup;
  /** What the server logged (unless TEST_LOG_LEVEL prints the logs instead). */
  logs: LogLine[];
  /** How many rows `table` holds (to show that a refusal stored nothing). */
  rows(table: string): Promise<number>;
  /**
   * Runs `work` and returns it with the SQL the server ran meanwhile for requests (to count
   * queries); the job worker polls the `jobs` table on its own clock, and its transactions are left out.
   */
  queriesDuring<T>(work: () => Promise<T>): Promise<{ result: T; queries: string[] }>;
  close(): Promise<void>;
}

/** The setup code the server made at start, if it made one (the first registration needs it). */
export function setupCodeOf(server: TestServer): string | undefined {
  return server.firstAdmin.state === 'code' ? server.firstAdmin.code : undefined;
}

/** A new database's URL: a file in `dir` for SQLite, a database of a random name on MySQL. */
export function databaseUrlFor(kind: DatabaseKind, dir: string): string {
  if (kind === 'sqlite') return `sqlite:${join(dir, 'app.db')}`;
  if (!mysqlUrl) throw new Error('no MySQL server for this test');
  const url = new URL(mysqlUrl);
  url.pathname = `/t_${randomBytes(6).toString('hex')}`;
  return url.toString();
}

export interface StartOptions {
  /** Runs a second server on the database and media folder of this one (which keeps them). */
  sharing?: TestServer;
}

/**
 * Starts the real app and its job worker on a random port over a fresh database (a new SQLite file,
 * or a new MySQL database dropped again on close). `env` overrides the configuration, as the
 * environment would.
 */
export async function startServer(
  kind: DatabaseKind,
  env: Record<string, string> = {},
  { sharing }: StartOptions = {},
): Promise<TestServer> {
  const dir = await mkdtemp(join(tmpdir(), 'youku-test-'));
  const config = readConfig({
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'info',
    DATABASE_URL: sharing?.config.databaseUrl ?? databaseUrlFor(kind, dir),
    MEDIA_DIR: sharing?.config.mediaDir ?? join(dir, 'media'),
    // Background jobs start soon after they are queued.
    JOB_POLL_MS: '50',
    // Suites register many accounts from one address; the registration limit has a suite of its own.
    REGISTRATIONS_PER_ADDRESS: '1000000',
    // Every test client connects from 127.0.0.1, and some suites fire many requests at once: the
    // cap on connections per address is left to the suite about it.
    MAX_CONNECTIONS_PER_ADDRESS: '0',
    ...env,
  });
  const logs: LogLine[] = [];
  // The log is kept for the test to read; TEST_LOG_LEVEL prints it instead.
  const logger = process.env.TEST_LOG_LEVEL
    ? createLogger(config.logLevel, config.logFormat)
    : createLogger(config.logLevel, 'json', { write: (line: string) => void logs.push(JSON.parse(line) as LogLine) });
  const database = await openDatabase(config.databaseUrl, {
    limits: { timeoutMs: config.databaseTimeoutSeconds * 1000 },
    log: knexLog(logger),
  });
  const firstAdmin = await prepareFirstAdmin(config, database.knex);
  // The code's plain line is the process's (test/process.test.ts); a test reads it from `firstAdmin`.
  announceFirstAdmin(firstAdmin, logger, () => undefined);
  const storage = new LocalStorage(config.mediaDir, { uploadExpirySeconds: config.uploadExpirySeconds });
  await storage.removeLeftovers();
  const app = createApp(config, database, storage, logger);
  const server: Server = createHttpServer(app, config.clients).listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const worker = await startJobWorker(config, database.knex, storage, logger);
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    config,
    db: database.knex,
    storage,
    dir,
    firstAdmin,
    logs,
    async rows(table) {
      const [row] = await database.knex(table).count({ n: '*' });
      return Number(row!.n);
    },
    async queriesDuring(work) {
      const seen: { sql: string; __knexTxId?: string }[] = [];
      const record = (query: { sql: string; __knexTxId?: string }) => seen.push(query);
      database.knex.on('query', record);
      try {
        const result = await work();
        const jobTransactions = new Set(
          seen.filter((query) => /[`"]jobs[`"]/.test(query.sql)).map((query) => query.__knexTxId ?? query.sql),
        );
        const queries = seen.filter((query) => !jobTransactions.has(query.__knexTxId ?? query.sql));
        return { result, queries: queries.map((query) => query.sql) };
      } finally {
        database.knex.off('query', record);
      }
    },
    async close() {
      server.closeAllConnections();
      await Promise.all([new Promise((resolve) => server.close(resolve)), worker.stop(0)]);
      await database.knex.destroy();
      if (!sharing) await dropDatabase(config.databaseUrl);
      await rm(dir, { recursive: true, force: true });
    },
  };
}
