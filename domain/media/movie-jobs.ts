import type { Knex } from 'knex';
import { Movie, type ProcessingState } from '../../db/models/movie.js';
import type { JobQueue, NewJob } from '../jobs/job-queue.js';
import type { JobLog } from '../jobs/job-worker.js';
import type { Storage } from '../storage/storage.js';
import type { MediaTools } from './tools.js';

// What every job about a movie shares: its payload, its subject, its run, and what it needs.

export interface MoviePayload {
  movieId: number;
  /** The movie's processing run the job belongs to. */
  run: number;
}

export function moviePayloadOf(payload: unknown): MoviePayload {
  const { movieId, run } = (payload ?? {}) as Partial<MoviePayload>;
  if (!Number.isSafeInteger(movieId)) throw new Error(`a media job without a movie id: ${JSON.stringify(payload)}`);
  return { movieId: movieId!, run: Number.isSafeInteger(run) ? run! : 1 };
}

/** What a movie's jobs are about: cancelling it cancels them all. */
export function subjectOf(movieId: number): string {
  return `movie:${movieId}`;
}

/** A job of run `run` of a movie's processing; `part` tells apart jobs of one kind (a rendition's height). */
export function movieJob(kind: string, movieId: number, run: number, part?: number): NewJob {
  const payload = part === undefined ? { movieId, run } : { movieId, run, part };
  const key = part === undefined ? `${kind}:${movieId}:r${run}` : `${kind}:${movieId}:r${run}:${part}`;
  return { kind, uniqueKey: key, subject: subjectOf(movieId), payload };
}

export interface MediaJobDeps {
  db: Knex;
  queue: JobQueue;
  storage: Storage;
  tools: MediaTools;
  log: JobLog;
  /** RENDITION_HEIGHTS, lowest first. */
  renditionHeights: number[];
}

/** The movie a job is about, or null when there is nothing left to do for it (gone or deleted). */
export async function liveMovie(db: Knex, movieId: number): Promise<Movie | null> {
  const movie = await Movie.query(db).findById(movieId);
  return movie && !movie.isDeleted ? movie : null;
}

/** The movie when the job's run is still its current one (reprocessMovie starts another). */
export async function currentMovie(db: Knex, { movieId, run }: MoviePayload): Promise<Movie | null> {
  const movie = await liveMovie(db, movieId);
  return movie && movie.processingRun === run ? movie : null;
}

/**
 * Moves run `run` of a movie's processing to `state` (from one of `from`, when given); a stale run
 * changes nothing. Returns whether it moved.
 */
export async function setProcessing(
  db: Knex,
  { movieId, run }: MoviePayload,
  state: ProcessingState,
  options: { from?: ProcessingState[]; error?: string } = {},
): Promise<boolean> {
  const query = db('movies').where({ id: movieId, processing_run: run });
  if (options.from) query.whereIn('processing_state', options.from);
  const changed = await query.update({ processing_state: state, processing_error: options.error ?? null });
  return changed > 0;
}
