import type { Knex } from 'knex';

interface Purchase {
  user_id: number;
  movie_id: number;
}

/**
 * The ids of the movies a user has bought, as a query to run or to nest in another: the catalogue
 * reads it with a page of movies, the downloads with a batch of prices.
 */
export function purchasedMovieIds(db: Knex, userId: number): Knex.QueryBuilder<Purchase, Pick<Purchase, 'movie_id'>[]> {
  return db<Purchase>('purchases').where('user_id', userId).select('movie_id');
}
