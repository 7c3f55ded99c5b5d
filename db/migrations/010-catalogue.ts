import type { Knex } from 'knex';
import { createTable } from './tables.js';

/**
 * What admins keep of the catalogue and how viewers browse it:
 * - `description`: plain text, empty unless an admin writes one.
 * - `name_order`: the name as the NAME sort compares it (NFC, lower case: the search key), cut to
 *   255 characters so that an index holds it on MySQL (`search_key` is too long for one). Pages are
 *   keyset pages over (name_order, id) and (duration_seconds, id); these indexes serve both.
 * - `storage_usage`: the last measure of what storage holds, shared by every process, so that an
 *   admin's page does not list the whole store on each load.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('movies', (t) => {
    t.text('description').notNullable().defaultTo('');
    t.string('name_order', 255).notNullable().defaultTo('');
  });
  // The search key is the name folded the same way; SUBSTR counts characters on both databases.
  await knex('movies').update({ name_order: knex.raw('substr(search_key, 1, 255)') });
  await knex.schema.alterTable('movies', (t) => {
    t.index(['is_deleted', 'name_order', 'id']);
    t.index(['is_deleted', 'duration_seconds', 'id']);
  });
  await createTable(knex, 'storage_usage', (t) => {
    // One row: the latest measure.
    t.string('scope', 16).primary();
    t.bigInteger('originals').notNullable();
    t.bigInteger('renditions').notNullable();
    t.bigInteger('pictures').notNullable();
    t.bigInteger('unfinished_uploads').notNullable();
    t.datetime('measured_at', { precision: 3 }).notNullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('storage_usage');
  await knex.schema.alterTable('movies', (t) => {
    t.dropIndex(['is_deleted', 'duration_seconds', 'id']);
    t.dropIndex(['is_deleted', 'name_order', 'id']);
    t.dropColumn('name_order');
    t.dropColumn('description');
  });
}
