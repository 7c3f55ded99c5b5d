import type { Knex } from 'knex';

const BATCH = 500;

/**
 * Stream files now live in a folder per processing run (`streams/<uuid>/r<run>/`), so that a late
 * job of a reprocessed run overwrites nothing. Streams made before are at `streams/<uuid>/<file>`,
 * where the stream route no longer looks: each movie that has one is processed again, once, as
 * reprocessMovie does (a new run, its poster and previews made again), and the files of the old
 * layout, poster and previews are removed by a job.
 */
export async function up(knex: Knex): Promise<void> {
  const now = new Date();
  let after = 0;
  for (;;) {
    const movies = await knex('movies')
      .where('id', '>', after)
      .where('is_deleted', false)
      .whereExists(knex('renditions').whereRaw('renditions.movie_id = movies.id'))
      .orderBy('id')
      .limit(BATCH)
      .select<Movie[]>('id', 'storage_key', 'processing_run', 'poster_key', 'previews_key');
    if (movies.length === 0) break;
    for (const movie of movies) await processAgain(knex, movie, now);
    after = movies[movies.length - 1]!.id;
  }
}

interface Movie {
  id: number;
  storage_key: string;
  processing_run: number;
  poster_key: string | null;
  previews_key: string | null;
}

async function processAgain(knex: Knex, movie: Movie, now: Date): Promise<void> {
  const run = movie.processing_run + 1;
  const uuid = movie.storage_key.slice('movies/'.length);
  const heights = await knex('renditions').where('movie_id', movie.id).distinct<{ height: number }[]>('height');
  const oldFiles = heights.flatMap(({ height }) => [`streams/${uuid}/${height}.mp4`, `streams/${uuid}/${height}.m3u8`]);
  const keys = [...oldFiles, movie.poster_key, movie.previews_key].filter((key): key is string => key !== null);
  // The jobs of the old run go, as reprocessMovie cancels them: they would make what is made again.
  await knex('jobs').where('subject', `movie:${movie.id}`).delete();
  await knex('movies').where('id', movie.id).update({
    processing_run: run,
    processing_state: 'QUEUED',
    processing_error: null,
    poster_key: null,
    previews_key: null,
  });
  const job = { run_at: now, attempts: 0, created_at: now };
  await knex('jobs').insert([
    {
      ...job,
      kind: 'probe',
      unique_key: `probe:${movie.id}:r${run}`,
      subject: `movie:${movie.id}`,
      payload: JSON.stringify({ movieId: movie.id, run }),
    },
    {
      ...job,
      kind: 'forget',
      unique_key: `forget:movie:${movie.id}:r${movie.processing_run}:layout`,
      subject: null,
      payload: JSON.stringify({ keys }),
    },
  ]);
}

/** The streams made again stay made; nothing of the old layout can come back. */
export function down(): Promise<void> {
  return Promise.resolve();
}
