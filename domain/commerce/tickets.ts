import type { Knex } from 'knex';
import { isAvailable, type Movie } from '../../db/models/movie.js';
import { findTicket } from '../../db/ticket-lookup.js';
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

/** What a ticket allows right now: the media endpoint answers from this. */
export async function ticketState(db: Knex, token: string, now: Date): Promise<TicketState> {
  if (!isWellFormedToken(token)) return { kind: 'unknown' };
  const found = await findTicket(db, hashToken(token));
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
