import type { Knex } from 'knex';
import type { Movie, ProcessingState } from '../../db/models/movie.js';
import type { Rendition } from '../../db/models/rendition.js';
import { renditionsOfMovies, renditionsOfRun } from '../../db/renditions.js';
import { ShortLivedCache } from '../core/short-lived-cache.js';
import type { VariantStream } from './hls.js';
import { renditionFiles } from './transcode.js';

/** How far the server is with making a movie play everywhere (the API's `Processing`). */
export interface Processing {
  state: ProcessingState;
  /** 0..1 while RUNNING: the renditions' progress together. */
  progress: number | null;
  /** Why it FAILED; only admins read it. */
  error: string | null;
}

/** The processing of a movie, from its row and the renditions of its current run. */
export function processingOf(movie: Movie, renditions: Rendition[], viewerIsAdmin: boolean): Processing {
  const state = movie.processingState;
  const progress =
    state === 'RUNNING' && renditions.length > 0
      ? renditions.reduce((sum, rendition) => sum + rendition.progress, 0) / renditions.length
      : null;
  return { state, progress, error: viewerIsAdmin ? movie.processingError : null };
}

/** The renditions a player can use: those of the current run, once the whole stream is READY. */
export function streamableRenditions(movie: Movie, renditions: Rendition[]): Rendition[] {
  return movie.processingState === 'READY' ? renditions.filter((rendition) => rendition.readyAt !== null) : [];
}

/** Whether a movie's stream can be played: a ticket's `streamUrl` is null otherwise. */
export function isStreamReady(movie: Movie): boolean {
  return movie.processingState === 'READY';
}

/** The renditions of the movies' current runs, lowest first (made or not). */
export function currentRenditions(db: Knex, movies: Movie[]): Promise<Rendition[]> {
  return renditionsOfMovies(db, movies);
}

/** The variants of a movie's READY stream for its master playlist, lowest first; empty otherwise. */
export async function streamVariants(db: Knex, movie: Movie): Promise<VariantStream[]> {
  const renditions = streamableRenditions(movie, await renditionsOfRun(db, movie.id, movie.processingRun));
  return renditions.map((rendition) => ({
    width: rendition.width,
    height: rendition.height,
    frameRate: rendition.frameRate,
    peakBitrate: rendition.peakBitrate ?? rendition.bitrate,
    averageBitrate: rendition.averageBitrate ?? rendition.bitrate,
    codecs: rendition.codecs ?? '',
    uri: renditionFiles(rendition.height).playlist,
  }));
}

/** Streams remembered by one process at most. */
const REMEMBERED_STREAMS = 1000;

/**
 * `streamVariants` for the stream's requests (every segment asks): a run's READY renditions read
 * once per `ttlMs`, as the ticket they come with (domain/commerce/tickets.ts).
 */
export function cachedStreamVariants(db: Knex, ttlMs: number): (movie: Movie) => Promise<VariantStream[]> {
  // "No stream yet" is never remembered: the run may turn READY the next moment.
  const variants = new ShortLivedCache<string, VariantStream[]>(ttlMs, REMEMBERED_STREAMS, (found) => found.length > 0);
  return (movie) => variants.get(`${movie.id}.${movie.processingRun}`, () => streamVariants(db, movie));
}
