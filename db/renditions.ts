import type { Knex } from 'knex';
import { Rendition } from './models/rendition.js';

// The queries of the `renditions` table: a movie's stream, one row per rendition and processing run.

export interface PlannedRendition {
  width: number;
  height: number;
  frameRate: number;
  bitrate: number;
  audioBitrate: number;
  hasAudio: boolean;
}

/** Plans the renditions of run `run`; a probe that runs again plans nothing twice. */
export async function planRenditions(
  db: Knex,
  movieId: number,
  run: number,
  planned: PlannedRendition[],
): Promise<void> {
  if (planned.length === 0) return;
  const rows = planned.map((p) => ({
    movie_id: movieId,
    run,
    width: p.width,
    height: p.height,
    frame_rate: p.frameRate,
    bitrate: p.bitrate,
    audio_bitrate: p.audioBitrate,
    has_audio: p.hasAudio,
  }));
  await db('renditions').insert(rows).onConflict(['movie_id', 'run', 'height']).ignore();
}

/** The renditions of a run, lowest first. */
export async function renditionsOfRun(db: Knex, movieId: number, run: number): Promise<Rendition[]> {
  return await Rendition.query(db).where({ movie_id: movieId, run }).orderBy('height');
}

/** The renditions of a movie's runs before `run`. */
export async function renditionsBefore(db: Knex, movieId: number, run: number): Promise<Rendition[]> {
  return await Rendition.query(db).where('movie_id', movieId).where('run', '<', run);
}

/** The renditions of several movies' current runs, lowest first (for a page of movies). */
export async function renditionsOfMovies(
  db: Knex,
  movies: { id: number; processingRun: number }[],
): Promise<Rendition[]> {
  if (movies.length === 0) return [];
  return await Rendition.query(db)
    .where((q) => {
      for (const movie of movies) q.orWhere({ movie_id: movie.id, run: movie.processingRun });
    })
    .orderBy(['movie_id', 'height']);
}

export async function setRenditionProgress(db: Knex, id: number, progress: number): Promise<void> {
  await db('renditions').where({ id, ready_at: null }).update({ progress });
}

/** What a finished transcode found out about its rendition. */
export interface MadeRendition {
  codecs: string;
  peakBitrate: number;
  averageBitrate: number;
}

export async function markRenditionReady(db: Knex, id: number, made: MadeRendition, now: Date): Promise<void> {
  await db('renditions').where({ id }).update({
    codecs: made.codecs,
    peak_bitrate: made.peakBitrate,
    average_bitrate: made.averageBitrate,
    progress: 1,
    ready_at: now,
  });
}

/** Removes the rows of a movie's runs before `run` (their files were replaced or removed). */
export async function forgetEarlierRuns(db: Knex, movieId: number, run: number): Promise<void> {
  await db('renditions').where('movie_id', movieId).where('run', '<', run).delete();
}
