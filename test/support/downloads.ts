import type { Client } from './client.js';
import { MOVIE_FIELDS } from './movies.js';

export const DOWNLOAD = `mutation Download($id: ID!) {
  downloadMovie(id: $id) { url waitSeconds availableAt expiresAt price movie { ${MOVIE_FIELDS} } }
}`;
export const BUY_VIP = `mutation { buyVip { id isVip balance } }`;
export const RECORDS = `query Records($first: Int, $after: String) {
  downloadRecords(first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor } edges { node { id price downloadedAt movie { id name isDeleted } } }
  }
}`;

export interface Ticket {
  url: string;
  waitSeconds: number;
  availableAt: string;
  expiresAt: string;
  price: number;
  movie: { id: string; name: string };
}

export async function download(client: Client, movieId: string): Promise<Ticket> {
  const data = await client.ok<{ downloadMovie: Ticket }>(DOWNLOAD, { id: movieId });
  return data.downloadMovie;
}

/** Fetches a ticket's URL from the server. */
export function fetchMedia(baseUrl: string, ticket: Ticket, init: RequestInit = {}): Promise<Response> {
  return fetch(new URL(ticket.url, baseUrl), init);
}
