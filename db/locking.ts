import type { Knex } from 'knex';
import { isMysql } from './dialect.js';

interface Lockable<Q> {
  forUpdate(): Q;
  forShare(): Q;
}

/**
 * Locks the rows a query reads until the transaction ends, on MySQL (`FOR UPDATE`: one writer;
 * `FOR SHARE`: writers wait, readers do not). SQLite needs no lock: Knex gives a process one
 * connection, so its transactions run one at a time, and a second process waits on the file lock.
 */
export function locked<Q extends Lockable<Q>>(trx: Knex.Transaction, query: Q, mode: 'update' | 'share'): Q {
  if (!isMysql(trx)) return query;
  return mode === 'update' ? query.forUpdate() : query.forShare();
}
