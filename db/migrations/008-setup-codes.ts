import type { Knex } from 'knex';
import { createTable } from './tables.js';

export async function up(knex: Knex): Promise<void> {
  // A one-time code waiting to be used, one per purpose (the primary key: the first process to
  // start wins); only its SHA-256 is kept.
  await createTable(knex, 'setup_codes', (t) => {
    t.string('purpose', 32).primary();
    t.string('code_hash', 64).notNullable();
    t.datetime('created_at', { precision: 3 }).notNullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('setup_codes');
}
