import type { Knex } from 'knex';
import { createTable } from './tables.js';

export async function up(knex: Knex): Promise<void> {
  // The audit of every balance: a balance is the sum of its user's entries.
  await createTable(knex, 'coin_entries', (t) => {
    t.increments('id');
    t.integer('user_id').unsigned().notNullable().references('users.id');
    t.integer('amount').notNullable();
    t.string('reason', 16).notNullable();
    t.integer('balance_after').notNullable();
    t.integer('movie_id').unsigned().nullable().references('movies.id');
    t.datetime('created_at', { precision: 3 }).notNullable();
    t.index(['user_id', 'id']);
  });

  // Balances from before the ledger open it with one CREDIT each, so that the sums hold for them too.
  const opening = knex('users')
    .where('balance', '<>', 0)
    .select('id', 'balance', knex.raw('?', ['CREDIT']), 'balance', knex.raw('?', [new Date()]));
  await knex
    .into(
      knex.raw('?? (??, ??, ??, ??, ??)', [
        'coin_entries',
        'user_id',
        'amount',
        'reason',
        'balance_after',
        'created_at',
      ]),
    )
    .insert(opening);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('coin_entries');
}
