import { existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import knex, { type Knex } from 'knex';
import type BetterSqlite3 from 'better-sqlite3';
import { healthCheck, MIGRATIONS_TABLE } from './health-check.js';
import { migrateWhenFree } from './migration-lock.js';
import { migrationSource } from './migrations/index.js';
import { SqliteClient } from './sqlite-client.js';
import { limitQueryTime, type MysqlConnection } from './query-time-limit.js';

export type DatabaseKind = 'sqlite' | 'mysql';

/**
 * How long a request may wait on the database, for a connection from the pool and (MySQL) to
 * connect or for one query, before it fails. A SQLite query runs in this process and cannot hang.
 */
export interface DatabaseLimits {
  timeoutMs: number;
}

/** Parsed `DATABASE_URL`: `sqlite:<path>` or `mysql://user:pass@host:port/db`. */
export type DatabaseLocation =
  | { kind: 'sqlite'; path: string }
  | { kind: 'mysql'; host: string; port: number; user: string; password: string; database: string };

export function parseDatabaseUrl(url: string): DatabaseLocation {
  if (url.startsWith('sqlite:')) {
    const path = url.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, '');
    if (!path) throw new Error('a sqlite: URL needs a file path, e.g. sqlite:./data/app.db');
    return { kind: 'sqlite', path: path === ':memory:' ? path : resolve(path) };
  }
  if (url.startsWith('mysql://') || url.startsWith('mariadb://')) {
    if (!URL.canParse(url))
      throw new Error('a mysql:// URL must parse as one: mysql://user:password@host:3306/database');
    const parsed = new URL(url);
    const database = decodeURIComponent(parsed.pathname.replace(/^\//, ''));
    if (!/^[A-Za-z0-9_$]{1,64}$/.test(database)) {
      throw new Error('a mysql:// URL needs a database name of letters, digits and _ (mysql://user:pass@host:3306/db)');
    }
    return {
      kind: 'mysql',
      host: parsed.hostname || '127.0.0.1',
      port: parsed.port ? Number(parsed.port) : 3306,
      user: decodeURIComponent(parsed.username),
      password: decodeURIComponent(parsed.password),
      database,
    };
  }
  throw new Error('the scheme must be sqlite: or mysql://');
}

/**
 * Creates the folder of a SQLite file one level at a time: `mkdirSync` with `recursive` never
 * returns on some file systems (under /proc it retries forever, spinning a core).
 */
function makeDatabaseFolder(path: string): void {
  const missing: string[] = [];
  for (let folder = dirname(path); !existsSync(folder); folder = dirname(folder)) {
    missing.unshift(folder);
    if (dirname(folder) === folder) break;
  }
  for (const folder of missing) mkdirSync(folder);
  if (!statSync(dirname(path)).isDirectory()) throw new Error(`${dirname(path)} is a file, not a folder`);
}

function sqliteConfig(path: string): Knex.Config {
  if (path !== ':memory:') makeDatabaseFolder(path);
  return {
    client: SqliteClient as unknown as Knex.Config['client'],
    connection: { filename: path },
    useNullAsDefault: true,
    pool: {
      // Knex keeps one SQLite connection; WAL lets readers in other processes go on while it writes.
      afterCreate(conn: BetterSqlite3.Database, done: (err: Error | null, conn: unknown) => void) {
        conn.pragma('journal_mode = WAL');
        conn.pragma('busy_timeout = 5000');
        conn.pragma('foreign_keys = ON');
        done(null, conn);
      },
    },
  };
}

type MysqlLocation = Extract<DatabaseLocation, { kind: 'mysql' }>;

function mysqlConfig(location: MysqlLocation, withDatabase: boolean, limits?: DatabaseLimits): Knex.Config {
  const { kind: _kind, database, ...server } = location;
  return {
    client: 'mysql2',
    connection: {
      ...server,
      ...(withDatabase ? { database } : {}),
      charset: 'utf8mb4',
      // Dates travel as UTC both ways, whatever the server's or this process's time zone.
      timezone: 'Z',
      supportBigNumbers: true,
      ...(limits ? { connectTimeout: limits.timeoutMs } : {}),
    },
    pool: {
      min: 0,
      max: 10,
      // Strict mode refuses a value too long for its column instead of truncating it silently,
      // whatever the server's default sql_mode.
      afterCreate(conn: MysqlConnection, done: (err: Error | null, conn: unknown) => void) {
        if (limits) limitQueryTime(conn, limits.timeoutMs);
        const strict = "SET SESSION sql_mode = CONCAT(@@SESSION.sql_mode, ',STRICT_ALL_TABLES')";
        conn.query({ sql: strict }, [], (err) => done(err, conn));
      },
    },
  };
}

/** The Knex configuration for a location; `knexfile.ts` and the server share it. */
export function knexConfig(location: DatabaseLocation, limits?: DatabaseLimits): Knex.Config {
  const base = location.kind === 'sqlite' ? sqliteConfig(location.path) : mysqlConfig(location, true, limits);
  return {
    ...base,
    ...(limits ? { acquireConnectionTimeout: limits.timeoutMs } : {}),
    migrations: { migrationSource, tableName: MIGRATIONS_TABLE },
  };
}

async function withKnex<T>(config: Knex.Config, use: (db: Knex) => Promise<T>): Promise<T> {
  const db = knex(config);
  try {
    return await use(db);
  } finally {
    await db.destroy();
  }
}

/** Creates the MySQL database when it does not exist yet (SQLite files are created on open). */
export async function ensureDatabaseExists(location: DatabaseLocation, log?: Knex.Logger): Promise<void> {
  if (location.kind !== 'mysql') return;
  await withKnex({ ...mysqlConfig(location, false), log }, (server) =>
    server.raw('CREATE DATABASE IF NOT EXISTS ?? CHARACTER SET utf8mb4 COLLATE utf8mb4_bin', [location.database]),
  );
}

/**
 * Creates the MySQL database when it does not exist yet, and migrates it on a pool without the
 * requests' time limits: a migration may alter a large table for minutes.
 */
async function prepareMysql(location: MysqlLocation, log: Knex.Logger | undefined, waitMs: number): Promise<void> {
  await ensureDatabaseExists(location, log);
  await withKnex({ ...knexConfig(location), log }, (db) => migrateWhenFree(db, waitMs));
}

export interface Database {
  knex: Knex;
  kind: DatabaseKind;
  /** Throws unless the database serves (db/health-check.ts). */
  check(): Promise<void>;
}

function sqliteFileOf(location: DatabaseLocation): string | undefined {
  return location.kind === 'sqlite' && location.path !== ':memory:' ? location.path : undefined;
}

export interface OpenOptions {
  limits?: DatabaseLimits;
  /** Where Knex's own warnings go (by default it prints them to stdout). */
  log?: Knex.Logger;
  /** How long to wait while another process migrates the database, before giving up. */
  migrationWaitMs?: number;
}

const MIGRATION_WAIT_MS = 300_000;

/**
 * Opens the database at `url`, creating and migrating it as needed; processes that start at once
 * take turns at the migrations, and the later ones find the schema current.
 */
export async function openDatabase(
  url: string,
  { limits, log, migrationWaitMs = MIGRATION_WAIT_MS }: OpenOptions = {},
): Promise<Database> {
  const location = parseDatabaseUrl(url);
  if (location.kind === 'mysql') await prepareMysql(location, log, migrationWaitMs);
  const db = knex({ ...knexConfig(location, limits), log });
  try {
    // SQLite is migrated on the one connection the server keeps (MySQL was, above).
    if (location.kind === 'sqlite') await migrateWhenFree(db, migrationWaitMs);
    return { knex: db, kind: location.kind, check: healthCheck(db, sqliteFileOf(location)) };
  } catch (err) {
    await db.destroy();
    throw err;
  }
}

/** Drops a MySQL database (tests use it to leave nothing behind); SQLite files are removed with their folder. */
export async function dropDatabase(url: string): Promise<void> {
  const location = parseDatabaseUrl(url);
  if (location.kind === 'mysql') {
    await withKnex(mysqlConfig(location, false), (server) =>
      server.raw('DROP DATABASE IF EXISTS ??', [location.database]),
    );
  }
}
