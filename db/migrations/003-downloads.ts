import type { Knex } from 'knex';
import { createTable } from './tables.js';

export async function up(knex: Knex): Promise<void> {
  // A paid movie is charged once per user: the unique key makes a second charge impossible.
  await createTable(knex, 'purchases', (t) => {
    t.increments('id');
    t.integer('user_id').unsigned().notNullable().references('users.id');
    t.integer('movie_id').unsigned().notNullable().references('movies.id');
    t.integer('price').notNullable();
    t.datetime('purchased_at', { precision: 3 }).notNullable();
    t.unique(['user_id', 'movie_id']);
  });

  await createTable(knex, 'download_records', (t) => {
    t.increments('id');
    t.integer('user_id').unsigned().notNullable().references('users.id');
    t.integer('movie_id').unsigned().notNullable().references('movies.id');
    t.integer('price').notNullable();
    t.datetime('downloaded_at', { precision: 3 }).notNullable();
    t.index(['user_id', 'id']);
  });

  await createTable(knex, 'download_tickets', (t) => {
    t.increments('id');
    t.string('token_hash', 64).notNullable().unique();
    t.integer('user_id').unsigned().notNullable().references('users.id');
    t.integer('movie_id').unsigned().notNullable().references('movies.id');
    t.datetime('available_at', { precision: 3 }).notNullable();
    t.datetime('expires_at', { precision: 3 }).notNullable();
    t.index(['user_id', 'expires_at']);
    t.index(['expires_at']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('download_tickets');
  await knex.schema.dropTable('download_records');
  await knex.schema.dropTable('purchases');
}
