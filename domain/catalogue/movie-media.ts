import { extension } from 'mime-types';
import type { Movie } from '../../db/models/movie.js';
import { downloadNameOf } from './movie-names.js';
import type { MediaInfo } from '../media/probe.js';

/** What was found in the movie's file; null until probed, and when ffprobe found no media. */
export function mediaInfoOf(movie: Movie): MediaInfo | null {
  if (movie.mimeType === null || movie.durationSeconds === null) return null;
  return {
    durationSeconds: movie.durationSeconds,
    width: movie.width,
    height: movie.height,
    videoCodec: movie.videoCodec,
    audioCodec: movie.audioCodec,
    mimeType: movie.mimeType,
  };
}

/**
 * Whether the file holds a picture to play: null until the server has probed it, false once ffprobe
 * found no video in it (not media at all, or sound only). It can be downloaded either way.
 */
export function isPlayable(movie: Movie): boolean | null {
  if (movie.probedAt === null) return null;
  const info = mediaInfoOf(movie);
  return info !== null && info.width !== null;
}

/** The type the bytes are served as: the probed one, opaque bytes until then. */
export function contentTypeOf(movie: Movie): string {
  return movie.mimeType ?? 'application/octet-stream';
}

/** The name a download of the movie is saved under (domain/catalogue/movie-names.ts `downloadNameOf`). */
export function downloadNameOfMovie(movie: Movie): string {
  const typeExtension = movie.mimeType ? extension(movie.mimeType) || null : null;
  return downloadNameOf(movie.name, movie.fileExtension, typeExtension);
}
