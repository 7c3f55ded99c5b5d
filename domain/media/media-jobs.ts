import type { Knex } from 'knex';
import { Readable } from 'node:stream';
import { Movie } from '../../db/models/movie.js';
import { jobQueue, type JobQueue } from '../jobs/job-queue.js';
import type { JobHandler, JobLog } from '../jobs/job-worker.js';
import { newPosterKey } from '../storage/keys.js';
import type { Storage } from '../storage/storage.js';
import { makePoster, posterTime } from './poster.js';
import { probeFile, type MediaInfo } from './probe.js';
import type { MediaTools, ToolsFound } from './tools.js';

interface MoviePayload {
  movieId: number;
  /** The movie's processing run the job belongs to. */
  run: number;
}

function movieIdOf(payload: unknown): number {
  const id = (payload as Partial<MoviePayload> | null)?.movieId;
  if (!Number.isSafeInteger(id)) throw new Error(`a media job without a movie id: ${JSON.stringify(payload)}`);
  return id!;
}

/** What a movie's jobs are about: cancelling it cancels them all. */
function subjectOf(movieId: number): string {
  return `movie:${movieId}`;
}

/** A job of run `run` of a movie's processing. */
function movieJob(kind: string, movieId: number, run: number) {
  const payload: MoviePayload = { movieId, run };
  return { kind, uniqueKey: `${kind}:${movieId}:r${run}`, subject: subjectOf(movieId), payload };
}

/** Queues the probe of a newly accepted movie; called inside the transaction that inserts it. */
export async function enqueueMediaJobs(trx: Knex.Transaction, movieId: number): Promise<void> {
  await jobQueue(trx).enqueue([movieJob('probe', movieId, 1)]);
}

/** Cancels every job of a movie, waiting or running; called inside the transaction that deletes it. */
export async function cancelMediaJobs(trx: Knex.Transaction, movieId: number): Promise<void> {
  await jobQueue(trx).cancel(subjectOf(movieId));
}

export interface MediaJobDeps {
  db: Knex;
  queue: JobQueue;
  storage: Storage;
  tools: MediaTools;
  log: JobLog;
}

/** The movie a job is about, or null when there is nothing left to do for it (gone or deleted). */
async function liveMovie(db: Knex, movieId: number): Promise<Movie | null> {
  const movie = await Movie.query(db).findById(movieId);
  return movie && !movie.isDeleted ? movie : null;
}

function columnsOf(info: MediaInfo | null) {
  return {
    duration_seconds: info?.durationSeconds ?? null,
    width: info?.width ?? null,
    height: info?.height ?? null,
    video_codec: info?.videoCodec ?? null,
    audio_codec: info?.audioCodec ?? null,
    mime_type: info?.mimeType ?? null,
  };
}

/** Probes the movie's file, stores what was found, and queues its poster when it has a picture. */
function probe(deps: MediaJobDeps): JobHandler['run'] {
  return async (payload, signal) => {
    const movie = await liveMovie(deps.db, movieIdOf(payload));
    if (!movie) return;
    const info = await probeFile(deps.tools, await deps.storage.toolInput(movie.storageKey), signal);
    if (!info) deps.log.info({ movieId: movie.id }, 'ffprobe found no media in the file');
    await deps
      .db('movies')
      .where('id', movie.id)
      .update({ ...columnsOf(info), probed_at: new Date() });
    if (info?.width && !movie.posterKey) await deps.queue.enqueue([movieJob('poster', movie.id, movie.processingRun)]);
  };
}

/**
 * Makes the poster and stores it under a new key. Run again (a crash after the file was written),
 * it finds the key already set, or loses the conditional update to a twin run and removes its file.
 */
function poster(deps: MediaJobDeps): JobHandler['run'] {
  return async (payload, signal) => {
    const movie = await liveMovie(deps.db, movieIdOf(payload));
    if (!movie || movie.posterKey || !movie.width || movie.durationSeconds === null) return;
    const input = await deps.storage.toolInput(movie.storageKey);
    const jpeg = await makePoster(deps.tools, input, posterTime(movie.durationSeconds), signal);
    if (!jpeg) return deps.log.info({ movieId: movie.id }, 'ffmpeg took no still from the file');
    const key = newPosterKey();
    const staged = await deps.storage.stage(Readable.from([jpeg]));
    await staged.commit(key);
    const set = await deps.db('movies').where({ id: movie.id, poster_key: null }).update({ poster_key: key });
    if (set !== 1) await staged.discard();
  };
}

/** The media jobs this process can run: none without ffprobe, no posters without ffmpeg. */
export function mediaJobHandlers(deps: MediaJobDeps, found: ToolsFound) {
  const handlers: Record<string, JobHandler> = {};
  if (found.ffprobe) handlers.probe = { run: probe(deps) };
  if (found.ffmpeg) handlers.poster = { run: poster(deps) };
  return handlers;
}
