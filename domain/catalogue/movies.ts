import type { Knex } from 'knex';
import type { Model } from 'objection';
import { isAvailable, Movie } from '../../db/models/movie.js';
import { purchasedMovieIds } from '../../db/purchases.js';
import { inTransaction } from '../../db/transaction.js';
import { cancelMediaJobs } from '../media/media-jobs.js';
import { enqueueRemoval } from '../media/removal.js';
import { notFound, badInput } from '../core/errors.js';
import { fetchPage, type Page, type PageRequest } from '../core/pagination.js';
import { checkedSearch, whereContains } from '../core/search.js';
import { normaliseDescription } from './descriptions.js';
import { normaliseFingerprint } from './fingerprint.js';
import { MOVIE_ORDERINGS, type MovieSort } from './movie-order.js';
import { MAX_MOVIE_NAME_LENGTH, nameColumnsOf, normaliseMovieName, searchKeyOf } from './movie-names.js';

export type MovieKind = 'ALL' | 'FREE' | 'CHARGE';

export interface MovieFilter {
  kind: MovieKind;
  search?: string | null;
  sort?: MovieSort;
}

function availableMovies(db: Knex) {
  return Movie.query(db).modify('available');
}

/** A property of a movie's row, as the model names it. */
export type MovieProperty = Exclude<keyof Movie, keyof Model>;

/**
 * The columns a page reads: those of `reads`, with the id and the sort's key that cursors hold;
 * every column when `reads` is not given.
 */
function pageColumns(reads: readonly MovieProperty[] | undefined, sort: MovieSort): string[] {
  if (!reads) return ['movies.*'];
  const columns = new Set([
    'movies.id',
    ...reads.map((property) => `movies.${Movie.propertyNameToColumnName(property)}`),
  ]);
  const key = MOVIE_ORDERINGS[sort].key;
  if (key) columns.add(key.column);
  return [...columns];
}

export interface MoviePage extends Page<Movie> {
  /** Which movies of the page the viewer has bought, read in the page's own query. */
  bought: Set<number>;
}

/**
 * Live movies in the filter's sort (newest first unless told): all, free or paid, optionally whose
 * name contains `search` (any case), with which of them `viewerId` has bought. Given `reads`, the
 * rows hold only those properties (and the id and the sort's key): a page of 20 that reads every
 * column pays for hashes and storage keys it never shows.
 */
export async function listMovies(
  db: Knex,
  filter: MovieFilter,
  page: PageRequest,
  viewerId: number,
  reads?: readonly MovieProperty[],
): Promise<MoviePage> {
  const sort = filter.sort ?? 'NEWEST';
  const query = availableMovies(db);
  if (filter.kind === 'FREE') query.where('is_free', true);
  if (filter.kind === 'CHARGE') query.where('is_free', false);
  const search = checkedSearch(filter.search, MAX_MOVIE_NAME_LENGTH);
  if (search) whereContains(query, 'search_key', searchKeyOf(search));
  // The price of every movie on the page needs this: read with the page, it costs no round trip of its own.
  const found = await fetchPage(
    query,
    'movies.id',
    page,
    (window) => {
      window.select(
        ...pageColumns(reads, sort),
        db.raw('?? in ? as bought', ['movies.id', purchasedMovieIds(db, viewerId)]),
      );
    },
    MOVIE_ORDERINGS[sort],
  );
  const bought = new Set<number>();
  for (const movie of found.nodes as (Movie & { bought?: unknown })[]) {
    if (Number(movie.bought) === 1) bought.add(movie.id);
    delete movie.bought;
  }
  return { ...found, bought };
}

/** A movie by id; a deleted one only when `includeDeleted` (admins see those). */
export async function findMovie(db: Knex, id: number, includeDeleted: boolean): Promise<Movie | null> {
  const movie = await Movie.query(db).findById(id);
  return movie && (includeDeleted || isAvailable(movie)) ? movie : null;
}

/** The live movie with this fingerprint, if any: the "already uploaded?" check before an upload. */
export async function movieWithFingerprint(db: Knex, rawFingerprint: string): Promise<Movie | null> {
  const fingerprint = normaliseFingerprint(rawFingerprint);
  if (!fingerprint) throw badInput('The fingerprint must be 32 hexadecimal digits (an MD5).', 'fingerprint');
  return (await availableMovies(db).where('fingerprint', fingerprint).orderBy('id', 'desc').first()) ?? null;
}

/**
 * Soft delete: the row stays (download history keeps its name), it leaves every list and can no
 * longer be downloaded; the same bytes may be uploaded again. In the same transaction its background
 * jobs are cancelled and the removal of its bytes is queued. Deleting twice is harmless.
 */
export async function deleteMovie(db: Knex, id: number): Promise<Movie> {
  return inTransaction(db, async (trx) => {
    const deleted = await trx('movies')
      .where({ id, is_deleted: false })
      .update({ is_deleted: true, deleted_at: new Date(), live_sha256: null });
    if (deleted === 1) {
      await cancelMediaJobs(trx, id);
      await enqueueRemoval(trx, id);
    }
    const movie = await Movie.query(trx).findById(id);
    if (!movie) throw notFound('The video');
    return movie;
  });
}

/** Movies by id in the order asked (missing ones as null), deleted ones included: for dataloaders. */
export async function moviesByIds(db: Knex, ids: readonly number[]): Promise<(Movie | null)[]> {
  const movies = await Movie.query(db).whereIn('id', [...ids]);
  const byId = new Map(movies.map((movie) => [movie.id, movie]));
  return ids.map((id) => byId.get(id) ?? null);
}

/** The movie whose previews are in `folder`, when it is one that `viewerIsAdmin` may see. */
export async function movieWithPreviews(db: Knex, folder: string, viewerIsAdmin: boolean): Promise<Movie | null> {
  const movie = await Movie.query(db).findOne({ previews_key: folder });
  return movie && (viewerIsAdmin || isAvailable(movie)) ? movie : null;
}

/** The movie a poster belongs to, when it is one that `viewerIsAdmin` may see. */
export async function movieWithPoster(db: Knex, posterKey: string, viewerIsAdmin: boolean): Promise<Movie | null> {
  const movie = await Movie.query(db).findOne({ poster_key: posterKey });
  return movie && (viewerIsAdmin || isAvailable(movie)) ? movie : null;
}

/** What an admin changes of a video; what is not given (null or absent) stays as it is. */
export interface MovieChanges {
  name?: string | null;
  description?: string | null;
  isFree?: boolean | null;
}

/**
 * Changes a live video's name, description or price type. Purchases and tickets keep what they
 * were: a viewer who bought it pays nothing again, and a ticket already issued keeps its wait and
 * its window. A deleted video is not found.
 */
export async function updateMovie(db: Knex, id: number, changes: MovieChanges): Promise<Movie> {
  const row: Record<string, unknown> = {};
  if (changes.name != null) Object.assign(row, nameColumnsOf(normaliseMovieName(changes.name)));
  if (changes.description != null) row.description = normaliseDescription(changes.description);
  if (changes.isFree != null) row.is_free = changes.isFree;
  if (Object.keys(row).length > 0) await db('movies').where({ id, is_deleted: false }).update(row);
  const movie = await findMovie(db, id, false);
  if (!movie) throw notFound('The video');
  return movie;
}
