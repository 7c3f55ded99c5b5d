import type { Knex } from 'knex';
import { locked } from '../../db/locking.js';
import { Movie } from '../../db/models/movie.js';
import { inTransaction } from '../../db/transaction.js';
import { notFound } from '../core/errors.js';
import { jobQueue } from '../jobs/job-queue.js';
import { movieJob, subjectOf } from './movie-jobs.js';

/** Queues the removal of stored keys that nothing names any more (an earlier run's poster). */
export function forgetKeysJob(keys: string[], reason: string) {
  return { kind: 'forget', uniqueKey: `forget:${reason}`, payload: { keys } };
}

/**
 * Makes a movie's stream, previews and poster again (after a failure, or with a new ffmpeg): its
 * jobs are cancelled, a new processing run starts QUEUED with a probe, and the earlier poster is
 * removed. A job of the earlier run that is still running changes nothing once it ends.
 */
export async function reprocessMovie(db: Knex, id: number): Promise<Movie> {
  return inTransaction(db, async (trx) => {
    const movie = await locked(trx, Movie.query(trx).findById(id), 'update');
    if (!movie || movie.isDeleted) throw notFound('The video');
    const queue = jobQueue(trx);
    await queue.cancel(subjectOf(id));
    const run = movie.processingRun + 1;
    await trx('movies').where('id', id).update({
      processing_run: run,
      processing_state: 'QUEUED',
      processing_error: null,
      poster_key: null,
      previews_key: null,
    });
    const earlier = [movie.posterKey, movie.previewsKey].filter((key): key is string => key !== null);
    await queue.enqueue([
      movieJob('probe', id, run),
      ...(earlier.length > 0 ? [forgetKeysJob(earlier, `movie:${id}:r${movie.processingRun}`)] : []),
    ]);
    return (await Movie.query(trx).findById(id))!;
  });
}
