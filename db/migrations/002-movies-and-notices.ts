import type { Knex } from 'knex';
import { createTable } from './tables.js';

export async function up(knex: Knex): Promise<void> {
  await createTable(knex, 'movies', (t) => {
    t.increments('id');
    t.string('name', 255).notNullable();
    // NFC + lower case, searched with LIKE the same way on SQLite and MySQL.
    t.string('search_key', 1020).notNullable();
    t.boolean('is_free').notNullable();
    t.bigInteger('size').notNullable();
    t.string('fingerprint', 32).notNullable();
    t.string('sha256', 64).notNullable();
    // The SHA-256 while the movie is not deleted, else null: a unique index on it refuses a
    // duplicate of a live movie (also two at once) and lets the same bytes come back after a delete.
    t.string('live_sha256', 64).nullable().unique();
    t.string('storage_key', 128).notNullable().unique();
    t.integer('uploader_id').unsigned().notNullable().references('users.id');
    t.datetime('uploaded_at', { precision: 3 }).notNullable();
    t.boolean('is_deleted').notNullable().defaultTo(false);
    t.datetime('deleted_at', { precision: 3 }).nullable();
    t.index(['fingerprint']);
    t.index(['is_deleted', 'is_free', 'id']);
  });

  await createTable(knex, 'notices', (t) => {
    t.increments('id');
    t.string('title', 200).notNullable();
    t.text('content', 'mediumtext').notNullable();
    t.integer('author_id').unsigned().notNullable().references('users.id');
    t.datetime('created_at', { precision: 3 }).notNullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('notices');
  await knex.schema.dropTable('movies');
}
