import type { Knex } from 'knex';
import { createTable } from './tables.js';

export async function up(knex: Knex): Promise<void> {
  // Attempts counted per key within a window (failed logins, registrations), shared by every
  // process: rate-limiter-flexible's layout, whose MySQL store inserts the three columns in this
  // order. `expire` is in milliseconds since the epoch; a row past it counts from zero again.
  await createTable(knex, 'attempt_counts', (t) => {
    t.string('key', 255).primary();
    t.integer('points').notNullable().defaultTo(0);
    t.bigInteger('expire').unsigned().nullable();
    t.index(['expire']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('attempt_counts');
}
