import type { Knex } from 'knex';
import { isAvailable, Movie } from '../../db/models/movie.js';
import { purchasedMovieIds } from '../../db/purchases.js';
import { inTransaction } from '../../db/transaction.js';
import { cancelMediaJobs } from '../media/media-jobs.js';
import { enqueueRemoval } from '../media/removal.js';
import { badInput, notFound } from '../core/errors.js';
import { normaliseFingerprint } from './fingerprint.js';
import { MAX_MOVIE_NAME_LENGTH, searchKeyOf } from './movie-names.js';
import { fetchPage, type Page, type PageRequest } from '../core/pagination.js';
import { characterCount, hasControlCharacters } from '../core/text.js';

export type MovieKind = 'ALL' | 'FREE' | 'CHARGE';

export interface MovieFilter {
  kind: MovieKind;
  search?: string | null;
}

/** `%`, `_` and the escape character itself match literally. */
function likePattern(search: string): string {
  return `%${search.replace(/[!%_]/g, (c) => `!${c}`)}%`;
}

function availableMovies(db: Knex) {
  return Movie.query(db).modify('available');
}

export interface MoviePage extends Page<Movie> {
  /** Which movies of the page the viewer has bought, read in the page's own query. */
  bought: Set<number>;
}

/**
 * Live movies, newest first: all, free or paid, optionally whose name contains `search` (any
 * case), with which of them `viewerId` has bought.
 */
export async function listMovies(
  db: Knex,
  filter: MovieFilter,
  page: PageRequest,
  viewerId: number,
): Promise<MoviePage> {
  const query = availableMovies(db);
  if (filter.kind === 'FREE') query.where('is_free', true);
  if (filter.kind === 'CHARGE') query.where('is_free', false);
  const search = filter.search?.trim();
  if (search) {
    if (characterCount(search) > MAX_MOVIE_NAME_LENGTH)
      throw badInput('The search is longer than any video name.', 'search');
    // No name holds them, and databases disagree on them (SQLite's LIKE stops at a NUL).
    if (hasControlCharacters(search)) throw badInput('The search must not contain control characters.', 'search');
    // Tables compare bytes on every database (db/migrations/tables.ts): the key is folded here.
    query.whereRaw("search_key LIKE ? ESCAPE '!'", [likePattern(searchKeyOf(search))]);
  }
  // The price of every movie on the page needs this: read with the page, it costs no round trip of its own.
  const found = await fetchPage(query, 'id', page, (window) => {
    window.select('movies.*', db.raw('?? in ? as bought', ['movies.id', purchasedMovieIds(db, viewerId)]));
  });
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
