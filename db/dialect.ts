import type { Knex } from 'knex';

/** The configuration `db` was opened with (Knex types its client `any`; this is where that is read). */
export function configOf(db: Knex): Knex.Config {
  return (db.client as Knex.Client).config;
}

/** Whether `db` speaks to MySQL or MariaDB, rather than SQLite. */
export function isMysql(db: Knex): boolean {
  return configOf(db).client === 'mysql2';
}
