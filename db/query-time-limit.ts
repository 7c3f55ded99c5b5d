type QueryDone = (err: MysqlError | null, ...results: unknown[]) => void;
type QueryOptions = { sql: string; timeout?: number };

/**
 * The part of a mysql2 connection that queries: Knex calls `query(options, bindings, callback)`;
 * rate-limiter-flexible's MySQL store, on connections of the same pool, also `query(sql, callback)`
 * and `rollback()`, which queries without a callback.
 */
export interface MysqlConnection {
  query(sql: string | QueryOptions, values?: unknown, done?: QueryDone): void;
  destroy(): void;
}

interface MysqlError extends Error {
  code?: string;
}

/** mysql2's error for a query that outlived its `timeout`. */
const QUERY_TIMED_OUT = 'PROTOCOL_SEQUENCE_TIMEOUT';

/**
 * Gives every query on `conn` mysql2's client-side `timeout` (Knex's `.timeout()` is per query and
 * has no default). mysql2 keeps a timed-out query at the head of the connection's queue, so the
 * next one would wait behind a query that may never answer: the connection is destroyed instead,
 * and the pool, which checks it when it comes back, opens another.
 */
export function limitQueryTime(conn: MysqlConnection, timeoutMs: number): void {
  const query = conn.query.bind(conn);
  conn.query = (sql, values, done) => {
    const [bindings, callback] = typeof values === 'function' ? [undefined, values as QueryDone] : [values, done];
    const options = typeof sql === 'string' ? { sql } : sql;
    query({ timeout: timeoutMs, ...options }, bindings, (err, ...results) => {
      if (err?.code === QUERY_TIMED_OUT) conn.destroy();
      callback?.(err, ...results);
    });
  };
}
