import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import type { Knex } from 'knex';
import { dropDatabase } from '../../db/connection.js';
import type { Clock } from '../../domain/core/clock.js';
import { announceFirstAdmin, type FirstAdminSetup } from '../../server/first-admin.js';
import { LocalStorage } from '../../domain/storage/local-storage.js';
import { S3Storage } from '../../domain/storage/s3-storage.js';
import type { Config } from '../../server/config/config.js';
import { readConfig } from '../../server/config/read-config.js';
import { createLogger } from '../../server/observability/logger.js';
import { startPlatform } from '../../server/start.js';
import { createStorage } from '../../server/storage-backend.js';
import { databaseUrlFor, type DatabaseKind } from './databases.js';
import { newBucket, type StorageKind, type TestBucket } from './s3.js';

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
  storage: LocalStorage | S3Storage;
  /** The bucket of a server on S3 (`storage: 's3'`). */
  bucket: TestBucket | undefined;
  dir: string;
  /** How the instance gets its first admin, as found at start (the setup code it made, if any). */
  firstAdmin: FirstAdminSetup;
  /** What the server logged (unless TEST_LOG_LEVEL prints the logs instead). */
  logs: LogLine[];
  /** How many rows `table` holds (to show that a refusal stored nothing). */
  rows(table: string): Promise<number>;
  /**
   * Everything stored, relative to the storage's root: files under MEDIA_DIR (staging and resumable
   * uploads included), or the bucket's objects and open multipart uploads (`upload:<key>`).
   */
  stored(): Promise<string[]>;
  /** Runs `work` and returns it with the SQL the server ran meanwhile (to count queries); needs JOB_CONCURRENCY=0. */
  queriesDuring<T>(work: () => Promise<T>): Promise<{ result: T; queries: string[] }>;
  close(): Promise<void>;
}

/** The server's files, for the tests about local files only. */
export function localStorageOf(server: TestServer): LocalStorage {
  if (!(server.storage instanceof LocalStorage)) throw new Error('this test needs a server on local files');
  return server.storage;
}

/** The setup code the server made at start, if it made one (the first registration needs it). */
export function setupCodeOf(server: TestServer): string | undefined {
  return server.firstAdmin.state === 'code' ? server.firstAdmin.code : undefined;
}

export interface StartOptions {
  /** Runs a second server on the database and media folder of this one (which keeps them). */
  sharing?: TestServer;
  /** Where the bytes go: files under MEDIA_DIR (the default), or a bucket of the test's own. */
  storage?: StorageKind;
  /** The time the server's rules read (test/support/clock.ts moves it on without sleeping). */
  clock?: Clock;
}

/**
 * Starts the real app and its job worker on a random port over a fresh database (a new SQLite file,
 * or a new MySQL database dropped again on close). `env` overrides the configuration, as the
 * environment would.
 */
export async function startServer(
  kind: DatabaseKind,
  env: Record<string, string> = {},
  { sharing, clock, storage: storageKind = 'local' }: StartOptions = {},
): Promise<TestServer> {
  const dir = await mkdtemp(join(tmpdir(), 'youku-test-'));
  const bucket = sharing ? sharing.bucket : storageKind === 's3' ? newBucket() : undefined;
  const read = readConfig({
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
    // The key of two-factor secrets beside this test's files (with MySQL it would be ./data's);
    // a second server on the same database takes the first one's.
    SECRETS_KEY_FILE: sharing?.config.secrets.keyFile ?? join(dir, 'secrets.key'),
    ...bucket?.env,
    ...env,
  });
  const config = { ...read, settings: { ...read.settings, clock: clock ?? read.settings.clock } };
  const logs: LogLine[] = [];
  // The log is kept for the test to read; TEST_LOG_LEVEL prints it instead.
  const logger = process.env.TEST_LOG_LEVEL
    ? createLogger(config.logLevel, config.logFormat)
    : createLogger(config.logLevel, 'json', { write: (line: string) => void logs.push(JSON.parse(line) as LogLine) });
  const storage = createStorage(config) as LocalStorage | S3Storage;
  // The same start as `npm start`: storage prepared (a bucket created), leftovers swept, database migrated, worker running.
  const platform = await startPlatform(config, storage, logger, { host: '127.0.0.1', port: 0 });
  const database = platform.database;
  // The code's plain line is the process's (test/process.test.ts); a test reads it from `firstAdmin`.
  announceFirstAdmin(platform.firstAdmin, logger, () => undefined);
  return {
    url: `http://127.0.0.1:${platform.port}`,
    config,
    db: database.knex,
    storage,
    bucket,
    dir,
    firstAdmin: platform.firstAdmin,
    logs,
    async rows(table) {
      const [row] = await database.knex(table).count({ n: '*' });
      return Number(row!.n);
    },
    async stored() {
      if (bucket) {
        const { objects, uploads } = await bucket.contents();
        return [...objects, ...uploads.map((key) => `upload:${key}`)];
      }
      const entries = await readdir(config.mediaDir, { recursive: true, withFileTypes: true }).catch(() => []);
      return entries
        .filter((entry) => entry.isFile())
        .map((entry) => relative(config.mediaDir, join(entry.parentPath, entry.name)))
        .sort();
    },
    async queriesDuring(work) {
      // The worker's polls and jobs would land among the counted queries at random.
      if (config.jobs.concurrency > 0) throw new Error('count queries on a server started with JOB_CONCURRENCY=0');
      const seen: string[] = [];
      const record = (query: { sql: string }) => seen.push(query.sql);
      database.knex.on('query', record);
      try {
        return { result: await work(), queries: seen };
      } finally {
        database.knex.off('query', record);
      }
    },
    async close() {
      await platform.stop(0);
      if (!sharing) await dropDatabase(config.databaseUrl);
      if (!sharing) await bucket?.remove();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
