import { createContextCache } from '@pothos/core';
import DataLoader from 'dataloader';
import type { Movie } from '../db/models/movie.js';
import type { Rendition } from '../db/models/rendition.js';
import { boughtMovieIds } from '../domain/commerce/downloads.js';
import { notFound } from '../domain/core/errors.js';
import { moviesByIds } from '../domain/catalogue/movies.js';
import { currentRenditions } from '../domain/media/processing.js';
import type { Context } from './context.js';
import { viewerOf } from './viewer.js';

/** Dataloader batches answer an Error, not null, for a key with no row. */
export function orNotFound<T>(what: string) {
  return (rows: (T | null)[]): (T | Error)[] => rows.map((row) => row ?? notFound(what));
}

/** The batch behind every field that points at a movie (deleted ones included). */
export function loadMovies(ids: number[], context: Context) {
  return moviesByIds(context.db, ids).then(orNotFound('The video'));
}

/** Per request: has the viewer bought this movie? One query for a whole page of movies. */
export const boughtByViewer = createContextCache(
  (context: Context) =>
    new DataLoader<number, boolean>(async (movieIds) => {
      const bought = await boughtMovieIds(context.db, viewerOf(context).id, movieIds);
      return movieIds.map((id) => bought.has(id));
    }),
);

/** Tells the batch what a page's own query already read, so that its prices cost no query. */
export function primeBoughtByViewer(context: Context, page: { nodes: { id: number }[]; bought: Set<number> }): void {
  const loader = boughtByViewer(context);
  for (const { id } of page.nodes) loader.prime(id, page.bought.has(id));
}

/** Per request: the renditions of each movie's current run, one query for a whole page of movies. */
export const renditionsOfMovie = createContextCache(
  (context: Context) =>
    new DataLoader<Movie, Rendition[], number>(
      async (movies) => {
        const rows = await currentRenditions(context.db, [...movies]);
        return movies.map((movie) => rows.filter((row) => row.movieId === movie.id && row.run === movie.processingRun));
      },
      { cacheKeyFn: (movie) => movie.id },
    ),
);
