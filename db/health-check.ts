import type { Knex } from 'knex';
import { sqliteFileCheck } from './sqlite-file-check.js';

/** Where Knex records the migrations: a table every database of ours has. */
export const MIGRATIONS_TABLE = 'knex_migrations';

/**
 * A check that throws unless the database serves: a read of a real table (a `select 1` never
 * touches the data) and, for a SQLite file, the checks of db/sqlite-file-check.ts after it (the
 * read first: it reopens a connection the pool had to drop). Made once the database is open.
 */
export function healthCheck(db: Knex, sqliteFile?: string): () => Promise<void> {
  const readTable = async () => {
    await db(MIGRATIONS_TABLE).select('name').limit(1);
  };
  if (sqliteFile === undefined) return readTable;
  const checkFile = sqliteFileCheck(sqliteFile);
  return async () => {
    await readTable();
    checkFile();
  };
}
