import type { Knex } from 'knex';
import { createTable } from './tables.js';

const BACKFILL_BATCH = 500;

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('jobs', (t) => {
    // What a job is about (`movie:<id>`): the jobs of a movie are cancelled together.
    t.string('subject', 64).nullable();
    t.index(['subject']);
  });

  await knex.schema.alterTable('movies', (t) => {
    // How far the stream is: QUEUED, RUNNING, READY, FAILED or UNSUPPORTED (no picture to stream).
    t.string('processing_state', 16).notNullable().defaultTo('QUEUED');
    // Why it FAILED, in a sentence for an admin.
    t.text('processing_error').nullable();
    // Which making of the stream is current: reprocessMovie starts another, and the jobs of an
    // earlier one find they are stale and change nothing.
    t.integer('processing_run').notNullable().defaultTo(1);
    // The folder of the seek-bar previews (`previews/<uuid>`), random like a poster's key.
    t.string('previews_key', 128).nullable().unique();
  });

  // One row per rendition of the current run, planned by the probe, filled in by its transcode.
  await createTable(knex, 'renditions', (t) => {
    t.increments('id');
    t.integer('movie_id').unsigned().notNullable().references('movies.id');
    t.integer('run').notNullable();
    t.integer('width').notNullable();
    t.integer('height').notNullable();
    t.double('frame_rate').notNullable();
    // The targets of the encoder, video and sound together and sound alone, in bits per second.
    t.integer('bitrate').notNullable();
    t.integer('audio_bitrate').notNullable().defaultTo(0);
    t.boolean('has_audio').notNullable();
    // 0..1 while ffmpeg runs; 1 once made.
    t.double('progress').notNullable().defaultTo(0);
    // Known once made: HLS CODECS, the peak and the average bits per second of its segments.
    t.string('codecs', 64).nullable();
    t.integer('peak_bitrate').nullable();
    t.integer('average_bitrate').nullable();
    t.datetime('ready_at', { precision: 3 }).nullable();
    t.unique(['movie_id', 'run', 'height']);
  });

  // The probe and poster jobs queued so far carry no run: the probe queued below replaces them,
  // and queues the poster again where there is none.
  await knex('jobs').whereIn('kind', ['probe', 'poster']).delete();
  await backfill(knex, new Date());
}

/**
 * Movies uploaded before streams existed get one like new ones (a probe of run 1 starts it); the
 * bytes of movies deleted before deleting freed them are removed now.
 */
async function backfill(knex: Knex, now: Date): Promise<void> {
  let after = 0;
  for (;;) {
    const movies = await knex('movies')
      .where('id', '>', after)
      .orderBy('id')
      .limit(BACKFILL_BATCH)
      .select<{ id: number; is_deleted: unknown }[]>('id', 'is_deleted');
    if (movies.length === 0) break;
    await knex('jobs').insert(
      movies.map(({ id, is_deleted }) => {
        const deleted = Number(is_deleted) === 1;
        return {
          kind: deleted ? 'remove' : 'probe',
          unique_key: deleted ? `remove:${id}` : `probe:${id}:r1`,
          subject: deleted ? null : `movie:${id}`,
          payload: JSON.stringify(deleted ? { movieId: id } : { movieId: id, run: 1 }),
          run_at: now,
          attempts: 0,
          created_at: now,
        };
      }),
    );
    after = movies[movies.length - 1]!.id;
  }
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('renditions');
  await knex.schema.alterTable('movies', (t) => {
    t.dropUnique(['previews_key']);
    t.dropColumns('processing_state', 'processing_error', 'processing_run', 'previews_key');
  });
  await knex.schema.alterTable('jobs', (t) => {
    t.dropIndex(['subject']);
    t.dropColumn('subject');
  });
}
