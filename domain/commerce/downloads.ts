import type { Knex } from 'knex';
import { DownloadRecord } from '../../db/models/download-record.js';
import { isAvailable, Movie } from '../../db/models/movie.js';
import type { User } from '../../db/models/user.js';
import { locked } from '../../db/locking.js';
import { purchasedMovieIds } from '../../db/purchases.js';
import { inTransaction } from '../../db/transaction.js';
import { lockedAccount, pay } from './coins.js';
import { notFound } from '../core/errors.js';
import { fetchPage, type Page, type PageRequest } from '../core/pagination.js';
import { priceOf } from './pricing.js';
import type { DomainSettings } from '../core/settings.js';
import { issueTicket, ticketWindow, type TicketWindow } from './tickets.js';
import { waitSecondsOf } from './waiting.js';

export interface IssuedTicket extends TicketWindow {
  token: string;
  waitSeconds: number;
  price: number;
  movie: Movie;
}

async function hasBought(trx: Knex, userId: number, movieId: number): Promise<boolean> {
  return (await trx('purchases').where({ user_id: userId, movie_id: movieId }).first('id')) !== undefined;
}

/** Pays `price` from the balance (with its DOWNLOAD entry) and remembers the purchase. */
async function charge(trx: Knex.Transaction, buyer: User, movieId: number, price: number, now: Date): Promise<void> {
  await pay(trx, buyer, { price, reason: 'DOWNLOAD', movieId, what: 'This video' });
  await trx('purchases').insert({ user_id: buyer.id, movie_id: movieId, price, purchased_at: now });
}

/**
 * Charges (once per user and paid video), records the download and issues a ticket, all in one
 * transaction: a refusal (INSUFFICIENT_FUNDS, NOT_FOUND) changes nothing.
 */
export function downloadMovie(
  db: Knex,
  settings: DomainSettings,
  userId: number,
  movieId: number,
): Promise<IssuedTicket> {
  return inTransaction(db, async (trx) => {
    // The user's row is locked first, so that one user's downloads are charged one after another;
    // the movie's is shared, so that a delete waits for the sale instead of slipping in between.
    const buyer = await lockedAccount(trx, userId);
    const movie = await locked(trx, Movie.query(trx).findById(movieId), 'share');
    if (!movie || !isAvailable(movie)) throw notFound('The video');

    const now = settings.clock.now();
    const price = priceOf(movie, buyer, await hasBought(trx, userId, movieId), settings);
    if (price > 0) await charge(trx, buyer, movieId, price, now);
    await trx('download_records').insert({ user_id: userId, movie_id: movieId, price, downloaded_at: now });
    const waitSeconds = waitSecondsOf(movie, buyer, settings);
    const window = ticketWindow(now, waitSeconds, settings);
    const token = await issueTicket(trx, userId, movieId, window, now);
    return { token, waitSeconds, price, movie, ...window };
  });
}

/** The user's own download history, newest first (deleted movies included). */
export function listDownloadRecords(db: Knex, userId: number, page: PageRequest): Promise<Page<DownloadRecord>> {
  return fetchPage(DownloadRecord.query(db).where('user_id', userId), 'id', page);
}

/** Which of `movieIds` the user has bought: the batch behind Movie.price. */
export async function boughtMovieIds(db: Knex, userId: number, movieIds: readonly number[]): Promise<Set<number>> {
  const rows = await purchasedMovieIds(db, userId).whereIn('movie_id', [...movieIds]);
  return new Set(rows.map((row) => Number(row.movie_id)));
}
