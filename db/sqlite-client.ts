import { createRequire } from 'node:module';
import type BetterSqlite3 from 'better-sqlite3';
import type { Knex } from 'knex';

/** Enough for every statement the server builds; `IN (?, ?, …)` lists of many lengths fall out first. */
const CACHED_STATEMENTS = 256;

/**
 * Makes `conn.prepare` return the statement it prepared before for the same SQL, keeping the most
 * recently used ones. Knex prepares every query anew: on a primary-key lookup the preparing cost as
 * much as running it. A statement is safe to reuse here: Knex runs each one to completion (`all`
 * or `run`, never an open iterator), and SQLite re-prepares it by itself after a schema change.
 */
function cachePreparedStatements(conn: BetterSqlite3.Database, size = CACHED_STATEMENTS): void {
  const prepare = conn.prepare.bind(conn);
  const cache = new Map<string, BetterSqlite3.Statement>();
  conn.prepare = ((sql: string) => {
    let statement = cache.get(sql);
    if (statement) cache.delete(sql);
    else statement = prepare(sql);
    cache.set(sql, statement);
    if (cache.size > size) cache.delete(cache.keys().next().value!);
    return statement;
  }) as typeof conn.prepare;
}

/** The parts of Knex's query compiler this client touches (not in Knex's types). */
interface QueryCompiler {
  single: { limit?: unknown; offset?: unknown; skipBinding?: Record<string, boolean | undefined> };
}

type ClientClass = new (config: Knex.Config) => {
  acquireRawConnection(): Promise<BetterSqlite3.Database>;
  queryCompiler(builder: unknown, formatter: unknown): QueryCompiler;
};

const BetterSqlite3Client = createRequire(import.meta.url)('knex/lib/dialects/better-sqlite3/index.js') as ClientClass;

/**
 * Knex's better-sqlite3 client, with two changes for speed: prepared statements are kept (above),
 * and LIMIT and OFFSET are written into the SQL instead of bound. SQLite (built with STAT4, as
 * better-sqlite3 is) lets a bound LIMIT steer its plan, so binding one marks the statement stale
 * and every run prepares it again: a `.first()` lookup cost 33 µs instead of 9. Knex has already
 * made both integers (`parseInt`); a raw or sub-query OFFSET stays as it is. `config.client` stays
 * the name `better-sqlite3`, which rate-limiter-flexible and our own dialect checks read.
 */
export class SqliteClient extends BetterSqlite3Client {
  constructor(config: Knex.Config) {
    super({ ...config, client: 'better-sqlite3' });
  }

  override async acquireRawConnection(): Promise<BetterSqlite3.Database> {
    const conn = await super.acquireRawConnection();
    cachePreparedStatements(conn);
    return conn;
  }

  override queryCompiler(builder: unknown, formatter: unknown): QueryCompiler {
    const compiler = super.queryCompiler(builder, formatter);
    const { single } = compiler;
    for (const clause of ['limit', 'offset'] as const) {
      if (typeof single[clause] === 'number') (single.skipBinding ??= {})[clause] = true;
    }
    return compiler;
  }
}
