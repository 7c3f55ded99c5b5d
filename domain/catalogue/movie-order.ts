import type { Movie } from '../../db/models/movie.js';
import { NEWEST_FIRST, type Ordering } from '../core/pagination.js';

export const MOVIE_SORTS = ['NEWEST', 'OLDEST', 'NAME', 'LONGEST'] as const;

/** How the catalogue may be sorted: `movies(sort:)`. */
export type MovieSort = (typeof MOVIE_SORTS)[number];

/**
 * Each sort as a keyset order, the id breaking ties: pages hold whatever is uploaded meanwhile.
 * NAME compares names in any case (code point order, as both databases compare bytes); LONGEST puts
 * the videos whose duration is not known yet (not probed, or no media) last.
 */
export const MOVIE_ORDERINGS: Record<MovieSort, Ordering<Movie>> = {
  NEWEST: NEWEST_FIRST,
  OLDEST: { name: 'OLDEST', direction: 'asc' },
  NAME: {
    name: 'NAME',
    direction: 'asc',
    key: { column: 'movies.name_order', type: 'string', valueOf: (movie) => movie.nameOrder },
  },
  LONGEST: {
    name: 'LONGEST',
    direction: 'desc',
    key: {
      column: 'movies.duration_seconds',
      type: 'number',
      nullable: true,
      valueOf: (movie) => movie.durationSeconds,
    },
  },
};
