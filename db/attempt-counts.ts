import type { Knex } from 'knex';
import { RateLimiterMySQL, RateLimiterSQLite, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { configOf, isMysql } from './dialect.js';

/** Made by migration 006 in the layout of rate-limiter-flexible's SQL stores. */
const TABLE = 'attempt_counts';

export interface AttemptWindow {
  /** Names what is counted; keys of different counters never meet in the table. */
  keyPrefix: string;
  /** Attempts allowed per key within the window. */
  points: number;
  /** The window, in seconds from a key's first attempt. */
  duration: number;
}

/**
 * A counter of attempts kept in the database, so that every process of the server counts against
 * the same allowance: rate-limiter-flexible's store for our database, on our pool. Its table comes
 * from the migrations, and expired rows go with the other expired rows (`deleteExpiredAttempts`)
 * rather than on a timer of each counter.
 */
export function attemptCounter(db: Knex, window: AttemptWindow): RateLimiterAbstract {
  const store = {
    storeClient: db,
    storeType: 'knex',
    tableName: TABLE,
    tableCreated: true,
    clearExpiredByTimeout: false,
  };
  if (!isMysql(db)) return new RateLimiterSQLite({ ...window, ...store });
  const { database } = configOf(db).connection as { database: string };
  return new RateLimiterMySQL({ ...window, ...store, dbName: database });
}

/** Removes the counts whose window ended before `now` (milliseconds since the epoch). */
export function deleteExpiredAttempts(db: Knex, now: number): Promise<number> {
  return db(TABLE).where('expire', '<', now).delete();
}
