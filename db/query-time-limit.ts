/** The part of a mysql2 connection that Knex queries through (`query(options, bindings, callback)`). */
export interface MysqlConnection {
  query(
    options: { sql: string; timeout?: number },
    values: unknown,
    done: (err: MysqlError | null, ...results: unknown[]) => void,
  ): void;
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
  conn.query = (options, values, done) => {
    query({ timeout: timeoutMs, ...options }, values, (err, ...results) => {
      if (err?.code === QUERY_TIMED_OUT) conn.destroy();
      done(err, ...results);
    });
  };
}
