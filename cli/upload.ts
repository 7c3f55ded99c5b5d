import { openAsBlob } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { fingerprintOfFile } from '../domain/file-fingerprint.js';
import type { Api } from './api.js';
import { CheckMovie, UploadMovie } from './documents.js';
import { CliError } from './errors.js';
import { say } from './terminal.js';

export interface Uploaded {
  id: string;
  name: string;
  isFree: boolean;
  size: number;
  sha256: string;
}

/** The file's fingerprint, or a clear refusal when it is not a readable file. */
export async function fingerprintOf(path: string): Promise<{ size: number; fingerprint: string }> {
  const stats = await stat(path).catch(() => undefined);
  if (!stats?.isFile()) throw new CliError(`${path} is not a file that can be read.`);
  return { size: stats.size, fingerprint: await fingerprintOfFile(path) };
}

/**
 * Uploads a video: asks first whether its fingerprint is already there (then nothing is sent), and
 * streams the file from disk as a GraphQL multipart request (never read whole into memory).
 */
export async function uploadVideo(api: Api, path: string, isFree: boolean, name?: string): Promise<Uploaded> {
  const { size, fingerprint } = await fingerprintOf(path);
  const { checkMovie } = await api.query(CheckMovie, { fingerprint });
  if (checkMovie.movie) {
    throw new CliError(
      `This video is already there, as “${checkMovie.movie.name}” (id ${checkMovie.movie.id}).`,
      'CONFLICT',
    );
  }
  say(`Uploading ${path} (${size} bytes)…`);
  const file = await openAsBlob(path);
  const { uploadMovie } = await api.mutation(UploadMovie, { file, isFree, fingerprint, name: name ?? basename(path) });
  return uploadMovie;
}
