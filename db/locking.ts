import type { Knex } from 'knex';

/**
 * Locks a row for the rest of the transaction on MySQL (`SELECT … FOR UPDATE`). SQLite needs no
 * lock: Knex gives it one connection, so its transactions already run one at a time.
 */
export function lockedForUpdate<Q extends Knex.QueryBuilder>(trx: Knex.Transaction, query: Q): Q {
  return trx.client.config.client === 'mysql2' ? (query.forUpdate() as Q) : query;
}
