import type { Knex } from 'knex';
import { isRetryableConflict } from './errors.js';

const ATTEMPTS = 5;

/** Runs `work` in a transaction, again from the start when the database reports a deadlock. */
export async function inTransaction<T>(db: Knex, work: (trx: Knex.Transaction) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.transaction(work);
    } catch (err) {
      if (attempt >= ATTEMPTS || !isRetryableConflict(err)) throw err;
      await new Promise((resolve) => setTimeout(resolve, 5 * attempt * Math.random()));
    }
  }
}
