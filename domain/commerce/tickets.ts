import type { Knex } from 'knex';
import { isAvailable, type Movie } from '../../db/models/movie.js';
import { findTicket, type FoundTicket } from '../../db/ticket-lookup.js';
import { ShortLivedCache } from '../core/short-lived-cache.js';
import type { DomainSettings } from '../core/settings.js';
import { hashToken, isWellFormedToken, newToken } from '../core/tokens.js';

export interface TicketWindow {
  availableAt: Date;
  expiresAt: Date;
}

/** The ticket rule: the bytes are served from now + wait, for TICKET_TTL_SECONDS after that. */
export function ticketWindow(now: Date, waitSeconds: number, settings: DomainSettings): TicketWindow {
  const availableAt = new Date(now.getTime() + waitSeconds * 1000);
  return { availableAt, expiresAt: new Date(availableAt.getTime() + settings.ticketTtlSeconds * 1000) };
}

/**
 * Stores a ticket for `userId` and `movieId`; the token is returned once and only its hash is kept.
 * The user's expired tickets go at the same time, so the table holds only live ones.
 */
export async function issueTicket(
  trx: Knex,
  userId: number,
  movieId: number,
  window: TicketWindow,
  now: Date,
): Promise<string> {
  await trx('download_tickets').where('user_id', userId).where('expires_at', '<=', now).delete();
  const token = newToken();
  await trx('download_tickets').insert({
    token_hash: hashToken(token),
    user_id: userId,
    movie_id: movieId,
    available_at: window.availableAt,
    expires_at: window.expiresAt,
  });
  return token;
}

export type TicketState =
  | { kind: 'unknown' }
  | { kind: 'expired' }
  | { kind: 'locked' }
  | { kind: 'gone' }
  | { kind: 'early'; retryAfterSeconds: number }
  | { kind: 'ready'; movie: Movie; expiresAt: Date };

/** What a ticket found in the database allows at `now`. */
function stateOf(found: FoundTicket | undefined, now: Date): TicketState {
  if (!found) return { kind: 'unknown' };
  const { ticket, movie, holderLocked } = found;
  if (ticket.expiresAt <= now) return { kind: 'expired' };
  // As a lock ends the holder's sessions; the ticket itself stays, and serves again if unlocked in time.
  if (holderLocked) return { kind: 'locked' };
  if (!movie || !isAvailable(movie)) return { kind: 'gone' };
  if (ticket.availableAt > now) {
    return { kind: 'early', retryAfterSeconds: Math.ceil((ticket.availableAt.getTime() - now.getTime()) / 1000) };
  }
  return { kind: 'ready', movie, expiresAt: ticket.expiresAt };
}

/** What a ticket allows right now, from an answer of the database at most `ttlMs` old. */
export type TicketChecks = (token: string, now: Date) => Promise<TicketState>;

/** Tickets remembered by one process at most: an entry is a row, a few hundred bytes. */
const REMEMBERED_TICKETS = 10_000;

/**
 * The ticket rule for the media endpoint, which a player asks many times a second (every Range,
 * every segment): the ticket's row, its movie and its holder's lock are read once per `ttlMs`
 * and the rule applied to them at each request. So an expiry or a wait ends at once, while a
 * deletion or a lock reaches a ticket already in use within `ttlMs`, and any new ticket at once.
 * A token the database does not know is never remembered.
 */
export function ticketChecks(db: Knex, ttlMs: number): TicketChecks {
  const rows = new ShortLivedCache<string, FoundTicket | undefined>(ttlMs, REMEMBERED_TICKETS, (found) => !!found);
  return async (token, now) => {
    if (!isWellFormedToken(token)) return { kind: 'unknown' };
    return stateOf(await rows.get(token, () => findTicket(db, hashToken(token))), now);
  };
}
