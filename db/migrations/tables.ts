import type { Knex } from 'knex';
import { isMysql } from '../dialect.js';

/**
 * Creates a table whose text compares byte for byte on MySQL as on SQLite. Without it, Knex names
 * the connection's character set and MySQL takes that set's default collation, which folds case
 * and accents: `José` would collide with `jose`, and a search for `cafe` would find `café`.
 */
export function createTable(knex: Knex, name: string, build: (table: Knex.CreateTableBuilder) => void) {
  return knex.schema.createTable(name, (table) => {
    if (isMysql(knex)) {
      table.charset('utf8mb4');
      table.collate('utf8mb4_bin');
    }
    build(table);
  });
}
