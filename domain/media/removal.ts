import type { Knex } from 'knex';
import { Movie } from '../../db/models/movie.js';
import { jobQueue } from '../jobs/job-queue.js';
import type { JobHandler } from '../jobs/job-worker.js';
import { streamFolderOf } from '../storage/keys.js';
import type { Storage } from '../storage/storage.js';
import { moviePayloadOf, type MediaJobDeps } from './movie-jobs.js';

// Deleting frees the bytes: a deleted movie's row stays (histories name it), its files go.

/** Queues the removal of a deleted movie's bytes; called inside the transaction that deletes it. */
export async function enqueueRemoval(trx: Knex.Transaction, movieId: number): Promise<void> {
  await jobQueue(trx).enqueue([{ kind: 'remove', uniqueKey: `remove:${movieId}`, payload: { movieId } }]);
}

async function keysUnder(storage: Storage, prefix: string): Promise<string[]> {
  const keys: string[] = [];
  for await (const object of storage.list(prefix)) keys.push(object.key);
  return keys;
}

/** Every key that holds a movie's bytes: the original, its stream, its poster and its previews. */
async function keysOf(storage: Storage, movie: Movie): Promise<string[]> {
  const stream = await keysUnder(storage, streamFolderOf(movie.storageKey));
  const previews = movie.previewsKey ? await keysUnder(storage, `${movie.previewsKey}/`) : [];
  return [movie.storageKey, ...stream, ...(movie.posterKey ? [movie.posterKey] : []), ...previews];
}

/**
 * Removes a deleted movie's bytes from storage. Idempotent: a key already gone is fine. A job that
 * was still making a file of the movie removes it itself when it finds the movie deleted.
 */
function remove(deps: MediaJobDeps): JobHandler['run'] {
  return async (raw) => {
    const movie = await Movie.query(deps.db).findById(moviePayloadOf(raw).movieId);
    if (!movie?.isDeleted) return;
    for (const key of await keysOf(deps.storage, movie)) await deps.storage.delete(key);
  };
}

/** Removes stored keys nothing names any more (an earlier run's poster); a previews key is a folder. */
function forget(deps: MediaJobDeps): JobHandler['run'] {
  return async (raw) => {
    const keys = (raw as { keys?: unknown } | null)?.keys;
    if (!Array.isArray(keys)) throw new Error(`a forget job without keys: ${JSON.stringify(raw)}`);
    for (const key of keys as string[]) {
      const files = key.startsWith('previews/') ? await keysUnder(deps.storage, `${key}/`) : [key];
      for (const file of files) await deps.storage.delete(file);
    }
  };
}

export function removalJobHandlers(deps: MediaJobDeps): Record<string, JobHandler> {
  return { remove: { run: remove(deps) }, forget: { run: forget(deps) } };
}
