import type { QueryBuilder } from 'objection';
import { BaseModel } from './base-model.js';

export class Movie extends BaseModel {
  static override tableName = 'movies';
  static override booleanColumns = ['isFree', 'isDeleted'];
  static override dateColumns = ['uploadedAt', 'deletedAt', 'probedAt'];

  /** Movies that are listed, sold and served: not deleted. `isAvailable` says the same of one row. */
  static override modifiers = {
    available(query: QueryBuilder<Movie>) {
      query.where('is_deleted', false);
    },
  };

  id!: number;
  name!: string;
  searchKey!: string;
  /** The name as the NAME sort compares it (domain/catalogue/movie-names.ts). */
  nameOrder!: string;
  /** Plain text; empty unless an admin wrote one. */
  description!: string;
  isFree!: boolean;
  size!: number;
  fingerprint!: string;
  sha256!: string;
  liveSha256!: string | null;
  storageKey!: string;
  uploaderId!: number;
  uploadedAt!: Date;
  isDeleted!: boolean;
  deletedAt!: Date | null;
  /** Of the uploaded file's name, lower case, without the dot. */
  fileExtension!: string | null;
  /** When ffprobe ran; a null `mimeType` then means it found no media. */
  probedAt!: Date | null;
  durationSeconds!: number | null;
  width!: number | null;
  height!: number | null;
  videoCodec!: string | null;
  audioCodec!: string | null;
  mimeType!: string | null;
  posterKey!: string | null;
  /** QUEUED, RUNNING, READY, FAILED or UNSUPPORTED: how far the stream is. */
  processingState!: ProcessingState;
  /** Why it FAILED, for admins. */
  processingError!: string | null;
  /** The current making of the stream; jobs of another run are stale. */
  processingRun!: number;
  /** The folder of the seek-bar previews, once made. */
  previewsKey!: string | null;
}

export type ProcessingState = 'QUEUED' | 'RUNNING' | 'READY' | 'FAILED' | 'UNSUPPORTED';

/** Whether a movie can be listed, sold and served (the row form of the `available` modifier). */
export function isAvailable(movie: Movie): boolean {
  return !movie.isDeleted;
}
