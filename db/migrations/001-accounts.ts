import type { Knex } from 'knex';
import { createTable } from './tables.js';

export async function up(knex: Knex): Promise<void> {
  await createTable(knex, 'users', (t) => {
    t.increments('id');
    t.string('name', 64).notNullable();
    // NFC + lower case: uniqueness lives in the database, not in a check-then-insert.
    t.string('name_key', 128).notNullable().unique();
    t.string('password_hash', 255).notNullable();
    t.string('role', 16).notNullable();
    t.boolean('is_vip').notNullable().defaultTo(false);
    t.boolean('is_locked').notNullable().defaultTo(false);
    t.integer('balance').notNullable().defaultTo(0);
    t.datetime('registered_at', { precision: 3 }).notNullable();
  });

  await createTable(knex, 'sessions', (t) => {
    t.increments('id');
    t.integer('user_id').unsigned().notNullable().references('users.id').onDelete('CASCADE');
    t.string('token_hash', 64).notNullable().unique();
    t.datetime('created_at', { precision: 3 }).notNullable();
    t.datetime('last_used_at', { precision: 3 }).notNullable();
    t.datetime('expires_at', { precision: 3 }).notNullable();
    t.index(['user_id']);
    t.index(['expires_at']);
  });

  // One-time claims decided by a primary key, e.g. which registration became the first admin.
  await createTable(knex, 'instance_claims', (t) => {
    t.string('claim', 64).primary();
    t.datetime('claimed_at', { precision: 3 }).notNullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('instance_claims');
  await knex.schema.dropTable('sessions');
  await knex.schema.dropTable('users');
}
