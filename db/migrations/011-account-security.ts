import type { Knex } from 'knex';
import { createTable } from './tables.js';

export async function up(knex: Knex): Promise<void> {
  // Two-factor sign-in: the TOTP secret once confirmed (on when set), a setup's secret until then,
  // both sealed with the server's key (AES-256-GCM); and the last time step a code was accepted
  // at, so that a code works once, whichever process checks it.
  await knex.schema.alterTable('users', (t) => {
    t.string('two_factor_secret', 255).nullable();
    t.string('two_factor_pending', 255).nullable();
    t.bigInteger('two_factor_step').nullable();
  });

  // Ten one-time codes per user with two-factor sign-in on, as argon2id hashes; a used one is deleted.
  await createTable(knex, 'recovery_codes', (t) => {
    t.increments('id');
    t.integer('user_id').unsigned().notNullable().references('users.id').onDelete('CASCADE');
    t.string('code_hash', 255).notNullable();
    t.datetime('created_at', { precision: 3 }).notNullable();
    t.index(['user_id']);
  });

  // An admin's one-time code for a user who forgot the password: one per user, only its SHA-256.
  await createTable(knex, 'password_resets', (t) => {
    t.integer('user_id').unsigned().primary().references('users.id').onDelete('CASCADE');
    t.string('code_hash', 64).notNullable();
    t.integer('created_by').unsigned().nullable().references('users.id').onDelete('SET NULL');
    t.datetime('created_at', { precision: 3 }).notNullable();
    t.datetime('expires_at', { precision: 3 }).notNullable();
    t.index(['expires_at']);
  });

  // What a person sees of each of their sessions: the browser or program, and where it signed in from.
  await knex.schema.alterTable('sessions', (t) => {
    t.string('user_agent', 255).nullable();
    t.string('address', 64).nullable();
  });

  // A digest of each key the server seals secrets with (one per purpose, the first process to
  // start wins), so that a process started with another key stops instead of failing to open them.
  await createTable(knex, 'key_checks', (t) => {
    t.string('purpose', 32).primary();
    t.string('digest', 64).notNullable();
    t.datetime('created_at', { precision: 3 }).notNullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('key_checks');
  await knex.schema.alterTable('sessions', (t) => {
    t.dropColumn('user_agent');
    t.dropColumn('address');
  });
  await knex.schema.dropTable('password_resets');
  await knex.schema.dropTable('recovery_codes');
  await knex.schema.alterTable('users', (t) => {
    t.dropColumn('two_factor_secret');
    t.dropColumn('two_factor_pending');
    t.dropColumn('two_factor_step');
  });
}
