import type { Knex } from 'knex';
import { createTable } from './tables.js';

const BACKFILL_BATCH = 500;

export async function up(knex: Knex): Promise<void> {
  // Background work that must survive a restart. A worker leases a row (lease_until) before it runs
  // it; a row whose lease ran out is claimed again. `unique_key` makes enqueueing idempotent.
  await createTable(knex, 'jobs', (t) => {
    t.increments('id');
    t.string('kind', 32).notNullable();
    t.string('unique_key', 128).notNullable().unique();
    t.text('payload').notNullable();
    t.datetime('run_at', { precision: 3 }).notNullable();
    t.integer('attempts').notNullable().defaultTo(0);
    t.datetime('lease_until', { precision: 3 }).nullable();
    t.string('leased_by', 64).nullable();
    t.text('last_error').nullable();
    // Set when the attempts ran out: the row stays for an operator to read and is never run again.
    t.datetime('failed_at', { precision: 3 }).nullable();
    t.datetime('created_at', { precision: 3 }).notNullable();
    t.index(['failed_at', 'run_at']);
  });

  await knex.schema.alterTable('movies', (t) => {
    // The uploaded file's extension (without the dot, lower case), for the name a download saves.
    t.string('file_extension', 16).nullable();
    // What ffprobe found: probed_at set and mime_type null means it could not read the file.
    t.datetime('probed_at', { precision: 3 }).nullable();
    t.double('duration_seconds').nullable();
    t.integer('width').nullable();
    t.integer('height').nullable();
    t.string('video_codec', 32).nullable();
    t.string('audio_codec', 32).nullable();
    t.string('mime_type', 64).nullable();
    t.string('poster_key', 128).nullable().unique();
  });

  // Movies uploaded before probing existed are probed once, like new ones.
  const now = new Date();
  let after = 0;
  for (;;) {
    const ids = (await knex('movies')
      .where('is_deleted', false)
      .where('id', '>', after)
      .orderBy('id')
      .limit(BACKFILL_BATCH)
      .pluck('id')) as number[];
    if (ids.length === 0) break;
    await knex('jobs').insert(
      ids.map((id) => ({
        kind: 'probe',
        unique_key: `probe:${id}`,
        payload: JSON.stringify({ movieId: id }),
        run_at: now,
        attempts: 0,
        created_at: now,
      })),
    );
    after = ids[ids.length - 1]!;
  }
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('movies', (t) => {
    t.dropUnique(['poster_key']);
    t.dropColumns(
      'file_extension',
      'probed_at',
      'duration_seconds',
      'width',
      'height',
      'video_codec',
      'audio_codec',
      'mime_type',
      'poster_key',
    );
  });
  await knex.schema.dropTable('jobs');
}
