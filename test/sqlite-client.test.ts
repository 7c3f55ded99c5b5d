import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import knex, { type Knex } from 'knex';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { knexConfig } from '../db/connection.js';

/** The SQLite client keeps prepared statements and writes LIMIT and OFFSET into the SQL (db/sqlite-client.ts). */
describe('the SQLite client', () => {
  let folder: string;
  let db: Knex;
  beforeEach(async () => {
    folder = await mkdtemp(join(tmpdir(), 'sqlite-client-'));
    db = knex(knexConfig({ kind: 'sqlite', path: join(folder, 'app.db') }));
    await db.schema.createTable('things', (t) => {
      t.increments('id');
      t.string('name');
    });
    await db('things').insert([{ name: 'a' }, { name: 'b' }, { name: 'c' }]);
  });
  afterEach(async () => {
    await db.destroy();
    await rm(folder, { recursive: true, force: true });
  });

  /** The connection Knex runs its queries on (one for SQLite). */
  async function connection(): Promise<BetterSqlite3.Database> {
    const client = db.client as {
      acquireConnection(): Promise<BetterSqlite3.Database>;
      releaseConnection(c: unknown): Promise<void>;
    };
    const conn = await client.acquireConnection();
    await client.releaseConnection(conn);
    return conn;
  }

  it('writes LIMIT and OFFSET into the SQL, so that SQLite does not prepare the statement again on every run', async () => {
    const query = db('things').orderBy('id').limit(2).offset(1);
    expect(query.toSQL().sql).toMatch(/limit 2 offset 1$/);
    expect(await query.pluck('name')).toEqual(['b', 'c']);
    expect(db('things').first('name').toSQL().sql).toMatch(/limit 1$/);
    expect(await db('things').orderBy('id', 'desc').first('name')).toEqual({ name: 'c' });
    // A sub-query OFFSET is left to Knex.
    const offset = db('things').min('id');
    expect(
      db('things')
        .limit(1)
        .offset(offset as never)
        .toSQL().bindings,
    ).toEqual([]);
  });

  it('prepares a statement once and answers from it again, with fresh bindings each time', async () => {
    const conn = await connection();
    expect(conn.prepare('select name from things where id = ?')).toBe(
      conn.prepare('select name from things where id = ?'),
    );
    expect(await db('things').where('id', 1).first('name')).toEqual({ name: 'a' });
    expect(await db('things').where('id', 2).first('name')).toEqual({ name: 'b' });
  });

  it('answers a kept statement with the new columns after the table changed', async () => {
    expect(await db('things').where('id', 1).first()).toEqual({ id: 1, name: 'a' });
    await db.schema.alterTable('things', (t) => {
      t.integer('size').defaultTo(7);
    });
    expect(await db('things').where('id', 1).first()).toEqual({ id: 1, name: 'a', size: 7 });
  });

  it('keeps a bounded number of statements: the oldest go', async () => {
    const conn = await connection();
    const first = conn.prepare('select 0');
    for (let i = 1; i <= 300; i++) conn.prepare(`select ${i}`);
    expect(conn.prepare('select 0')).not.toBe(first);
    expect(conn.prepare('select 300')).toBe(conn.prepare('select 300'));
  });
});
