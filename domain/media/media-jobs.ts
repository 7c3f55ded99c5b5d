import type { Knex } from 'knex';
import { Readable } from 'node:stream';
import { jobQueue } from '../jobs/job-queue.js';
import type { JobHandler } from '../jobs/job-worker.js';
import { newPosterKey } from '../storage/keys.js';
import {
  currentMovie,
  liveMovie,
  movieJob,
  moviePayloadOf,
  setProcessing,
  subjectOf,
  type MediaJobDeps,
} from './movie-jobs.js';
import { makePoster, posterTime } from './poster.js';
import { probeMedia, type MediaInfo } from './probe.js';
import { previewJobHandlers } from './preview-jobs.js';
import { removalJobHandlers } from './removal.js';
import { planStream, streamJobHandlers } from './stream-jobs.js';
import type { ToolsFound } from './tools.js';

export type { MediaJobDeps } from './movie-jobs.js';

/** Queues the probe of a newly accepted movie; called inside the transaction that inserts it. */
export async function enqueueMediaJobs(trx: Knex.Transaction, movieId: number): Promise<void> {
  await jobQueue(trx).enqueue([movieJob('probe', movieId, 1)]);
}

/** Cancels every job of a movie, waiting or running; called inside the transaction that deletes it. */
export async function cancelMediaJobs(trx: Knex.Transaction, movieId: number): Promise<void> {
  await jobQueue(trx).cancel(subjectOf(movieId));
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

/**
 * Probes the movie's file, stores what was found, queues its poster when it has a picture, and
 * plans its stream (or marks it UNSUPPORTED when there is no picture to stream).
 */
function probe(deps: MediaJobDeps): JobHandler['run'] {
  return async (raw, signal) => {
    const payload = moviePayloadOf(raw);
    const movie = await currentMovie(deps.db, payload);
    if (!movie) return;
    const probed = await probeMedia(deps.tools, await deps.storage.toolInput(movie.storageKey), signal);
    if (!probed) deps.log.info({ movieId: movie.id }, 'ffprobe found no media in the file');
    await deps
      .db('movies')
      .where('id', movie.id)
      .update({ ...columnsOf(probed?.info ?? null), probed_at: new Date() });
    if (probed?.info.width && !movie.posterKey) await deps.queue.enqueue([movieJob('poster', movie.id, payload.run)]);
    await planStream(deps, payload, probed?.source ?? null);
  };
}

/** A file that could not be probed after every attempt: its stream FAILED, with the reason for admins. */
function probeFailed(deps: MediaJobDeps): NonNullable<JobHandler['failed']> {
  return async (raw, error) => {
    const reason = `The video could not be probed: ${error.message}`;
    await setProcessing(deps.db, moviePayloadOf(raw), 'FAILED', { error: reason });
  };
}

/**
 * Makes the poster and stores it under a new key. Run again (a crash after the file was written),
 * it finds the key already set, or loses the conditional update to a twin run (or to a delete) and
 * removes its file.
 */
function poster(deps: MediaJobDeps): JobHandler['run'] {
  return async (raw, signal) => {
    const movie = await liveMovie(deps.db, moviePayloadOf(raw).movieId);
    if (!movie || movie.posterKey || !movie.width || movie.durationSeconds === null) return;
    const input = await deps.storage.toolInput(movie.storageKey);
    const jpeg = await makePoster(deps.tools, input, posterTime(movie.durationSeconds), signal);
    if (!jpeg) return deps.log.info({ movieId: movie.id }, 'ffmpeg took no still from the file');
    const key = newPosterKey();
    const staged = await deps.storage.stage(Readable.from([jpeg]));
    await staged.commit(key);
    const set = await deps
      .db('movies')
      .where({ id: movie.id, poster_key: null, is_deleted: false })
      .update({ poster_key: key });
    if (set !== 1) await staged.discard();
  };
}

/**
 * The media jobs this process can run: no probes without ffprobe, no posters or streams without
 * ffmpeg; removing a deleted movie's bytes needs neither.
 */
export function mediaJobHandlers(deps: MediaJobDeps, found: ToolsFound): Record<string, JobHandler> {
  const handlers: Record<string, JobHandler> = removalJobHandlers(deps);
  if (found.ffprobe) handlers.probe = { run: probe(deps), failed: probeFailed(deps) };
  if (found.ffmpeg) {
    Object.assign(handlers, { poster: { run: poster(deps) } }, streamJobHandlers(deps), previewJobHandlers(deps));
  }
  return handlers;
}
