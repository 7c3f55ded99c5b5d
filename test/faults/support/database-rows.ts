import knex, { type Knex } from 'knex';
import { knexConfig, parseDatabaseUrl } from '../../../db/connection.js';

/** Runs `read` on a connection of its own to the database at `url` (the server process has its own). */
export async function withDatabase<T>(url: string, read: (db: Knex) => Promise<T>): Promise<T> {
  const db = knex(knexConfig(parseDatabaseUrl(url)));
  try {
    return await read(db);
  } finally {
    await db.destroy();
  }
}

/** How many rows `table` holds in the database at `url`. */
export function rowCount(url: string, table: string): Promise<number> {
  return withDatabase(url, async (db) => {
    const [row] = await db(table).count({ n: '*' });
    return Number(row!.n);
  });
}
