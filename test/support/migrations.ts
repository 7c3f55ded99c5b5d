import knex, { type Knex } from 'knex';
import { ensureDatabaseExists, knexConfig, parseDatabaseUrl } from '../../db/connection.js';
import { migrationSource } from '../../db/migrations/index.js';
import { databaseUrlFor, type DatabaseKind } from './databases.js';

/**
 * A new database as an instance not yet upgraded to `migration` holds it: migrated up to the one
 * before, then filled by `seed`. Returns its URL, for `startServer(kind, { DATABASE_URL })` to upgrade.
 */
export async function databaseBefore(
  kind: DatabaseKind,
  dir: string,
  migration: string,
  seed: (db: Knex) => Promise<void>,
): Promise<string> {
  const names = await migrationSource.getMigrations([]);
  if (!names.includes(migration)) throw new Error(`no migration ${migration}`);
  const url = databaseUrlFor(kind, dir);
  const location = parseDatabaseUrl(url);
  await ensureDatabaseExists(location);
  const db = knex(knexConfig(location));
  try {
    for (const name of names.slice(0, names.indexOf(migration))) await db.migrate.up({ name });
    await seed(db);
  } finally {
    await db.destroy();
  }
  return url;
}
