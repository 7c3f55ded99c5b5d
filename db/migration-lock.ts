import type { Knex } from 'knex';
import { isMysql } from './dialect.js';
import { MIGRATIONS_TABLE } from './health-check.js';

/** Where Knex keeps its one lock row (`is_locked`), taken while a process migrates. */
const LOCK_TABLE = `${MIGRATIONS_TABLE}_lock`;
/** How long a process waits before it asks again whether the lock is free. */
const RETRY_MS = 250;

/** Creates a table unless it exists, also when another process creates it at the same moment. */
async function createTableOnce(db: Knex, name: string, build: (table: Knex.CreateTableBuilder) => void) {
  if (await db.schema.hasTable(name)) return;
  try {
    await db.schema.createTable(name, build);
  } catch (err) {
    if (!(await db.schema.hasTable(name))) throw err;
  }
}

/**
 * Knex's two tables and its lock row, made so that processes starting at once on a new database
 * cannot trip on each other: Knex checks and then creates, so two processes both created the
 * tables (one failed, "already exists") or both inserted a lock row, after which its lock, which
 * expects exactly one row, could never be taken again. Same columns as Knex's own; the row is
 * inserted by one statement, only into an empty table.
 */
async function prepareMigrationTables(db: Knex): Promise<void> {
  await createTableOnce(db, MIGRATIONS_TABLE, (t) => {
    t.increments();
    t.string('name');
    t.integer('batch');
    t.timestamp('migration_time');
  });
  await createTableOnce(db, LOCK_TABLE, (t) => {
    t.increments('index').primary();
    t.integer('is_locked');
  });
  const noTable = isMysql(db) ? ' FROM DUAL' : '';
  await db.raw(`INSERT INTO ?? (is_locked) SELECT 0${noTable} WHERE NOT EXISTS (SELECT 1 FROM ??)`, [
    LOCK_TABLE,
    LOCK_TABLE,
  ]);
}

/** Another process migrates right now: Knex's lock is taken, or SQLite's file is being written. */
function isBusy(err: unknown): boolean {
  const { name, code } = err as { name?: string; code?: string };
  return (
    name === 'MigrationLocked' ||
    code === 'SQLITE_BUSY' ||
    code === 'ER_LOCK_DEADLOCK' ||
    code === 'ER_LOCK_WAIT_TIMEOUT'
  );
}

/** Whether a process holds Knex's lock now: asked first, so that waiting logs no failed attempt. */
async function isLocked(db: Knex): Promise<boolean> {
  const row = (await db(LOCK_TABLE).max({ locked: 'is_locked' }).first()) as { locked: number | null } | undefined;
  return Number(row?.locked) === 1;
}

/**
 * Brings the schema up to date; while another process holds the migration lock, waits for it (at
 * most `waitMs`) and then finds the schema current. Any number of processes may start at once.
 */
export async function migrateWhenFree(db: Knex, waitMs: number): Promise<void> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    try {
      await prepareMigrationTables(db);
      if (!(await isLocked(db))) {
        await db.migrate.latest();
        return;
      }
    } catch (err) {
      if (!isBusy(err)) throw err;
    }
    if (Date.now() >= deadline) {
      throw new Error(
        `another process held the migration lock for ${Math.round(waitMs / 1000)} s (MIGRATION_WAIT_SECONDS); ` +
          `if none is migrating, one stopped half-way: check the schema, then free the lock with npm run migrate -- --unlock`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
  }
}

/**
 * Frees the lock of a process that stopped while migrating (`npm run migrate -- --unlock`). Knex's
 * own unlock deletes the row and inserts another, which a process starting meanwhile could double.
 */
export async function freeMigrationLock(db: Knex): Promise<void> {
  await db(LOCK_TABLE).update({ is_locked: 0 });
}
