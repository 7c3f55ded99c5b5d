import type { Knex } from 'knex';

/**
 * The ids of the movies a user has bought, as a query to run or to nest in another: the catalogue
 * reads it with a page of movies, the downloads with a batch of prices.
 */
export function purchasedMovieIds(db: Knex, userId: number): Knex.QueryBuilder {
  return db('purchases').where('user_id', userId).select('movie_id');
}
