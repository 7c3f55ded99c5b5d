import type { Knex } from 'knex';
import { aliasedColumns, splitJoinedRow } from './joined-rows.js';
import { DownloadTicket } from './models/download-ticket.js';
import { Movie } from './models/movie.js';

const TICKET_PREFIX = 'ticket__';
const TICKET_COLUMNS = ['id', 'user_id', 'movie_id', 'available_at', 'expires_at'];

/**
 * The ticket with this token hash and its movie (null if the row is gone), in one query: every
 * media request asks, ranged ones many times a second.
 */
export async function findTicket(
  db: Knex,
  tokenHash: string,
): Promise<{ ticket: DownloadTicket; movie: Movie | null } | undefined> {
  const row: Record<string, unknown> | undefined = await db('download_tickets')
    .leftJoin('movies', 'movies.id', 'download_tickets.movie_id')
    .where('download_tickets.token_hash', tokenHash)
    .first('movies.*', ...aliasedColumns('download_tickets', TICKET_PREFIX, TICKET_COLUMNS));
  if (!row) return undefined;
  const { main, aliased } = splitJoinedRow(row, TICKET_PREFIX);
  return {
    ticket: DownloadTicket.fromDatabaseJson({ ...aliased, token_hash: tokenHash }),
    movie: main.id == null ? null : Movie.fromDatabaseJson(main),
  };
}
