import type { Knex } from 'knex';
import { aliasedColumns, splitJoinedRow } from './joined-rows.js';
import { DownloadTicket } from './models/download-ticket.js';
import { Movie } from './models/movie.js';

const TICKET_PREFIX = 'ticket__';
const TICKET_COLUMNS = ['id', 'user_id', 'movie_id', 'available_at', 'expires_at'];
const HOLDER_LOCKED = 'holder__is_locked';

export interface FoundTicket {
  ticket: DownloadTicket;
  /** Null if the row is gone. */
  movie: Movie | null;
  /** Whether the user the ticket was issued to is locked now. */
  holderLocked: boolean;
}

/**
 * The ticket with this token hash, its movie and whether its holder is locked, in one query: every
 * media request asks, ranged ones many times a second.
 */
export async function findTicket(db: Knex, tokenHash: string): Promise<FoundTicket | undefined> {
  const row: Record<string, unknown> | undefined = await db('download_tickets')
    .join('users', 'users.id', 'download_tickets.user_id')
    .leftJoin('movies', 'movies.id', 'download_tickets.movie_id')
    .where('download_tickets.token_hash', tokenHash)
    .first(
      'movies.*',
      `users.is_locked as ${HOLDER_LOCKED}`,
      ...aliasedColumns('download_tickets', TICKET_PREFIX, TICKET_COLUMNS),
    );
  if (!row) return undefined;
  const { [HOLDER_LOCKED]: holderLocked, ...rest } = row;
  const { main, aliased } = splitJoinedRow(rest, TICKET_PREFIX);
  return {
    ticket: DownloadTicket.fromDatabaseJson({ ...aliased, token_hash: tokenHash }),
    movie: main.id == null ? null : Movie.fromDatabaseJson(main),
    // Both databases answer a boolean column as 0 or 1.
    holderLocked: Number(holderLocked) === 1,
  };
}
