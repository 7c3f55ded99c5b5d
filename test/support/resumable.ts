import * as tus from 'tus-js-client';
import type { Client } from './client.js';
import { MOVIE_FIELDS } from './movies.js';

export const RESUMABLE_UPLOADS = `{
  resumableUploads { id url size offset name description isFree filename fingerprint createdAt expiresAt }
}`;

export interface ResumableUploadShape {
  id: string;
  url: string;
  size: number;
  offset: number;
  name: string | null;
  description: string | null;
  isFree: boolean | null;
  filename: string | null;
  fingerprint: string | null;
  createdAt: string;
  expiresAt: string;
}

export const FINISH_UPLOAD = `mutation Finish($uploadId: String!, $isFree: Boolean!, $fingerprint: String!, $name: String) {
  finishUpload(uploadId: $uploadId, isFree: $isFree, fingerprint: $fingerprint, name: $name) { ${MOVIE_FIELDS} }
}`;

/** The headers every tus request of `client` carries: its login and the CSRF header. */
export function tusHeaders(client: Client): Record<string, string> {
  return { 'x-graphql-yoga-csrf': '1', ...(client.token ? { authorization: `Bearer ${client.token}` } : {}) };
}

export interface TusOptions {
  bytes: Buffer;
  filename?: string;
  /** Bytes per PATCH request. */
  chunkSize?: number;
  /** An upload created earlier, to resume: the client asks the server for its offset first. */
  uploadUrl?: string;
  /** Abort (keeping the upload) once this many bytes were acknowledged. */
  stopAfter?: number;
  /** Upload-Metadata beside the file name (`metadataOf` of the clients' choices). */
  metadata?: Record<string, string>;
  /** Uploads sent side by side (tus's concatenation extension) when over 1. */
  parallelUploads?: number;
}

/** The id `finishUpload` takes: the last segment of the upload's URL. */
export function uploadIdOf(url: string): string {
  return url.split('/').pop()!;
}

/**
 * Sends bytes with the reference tus client (tus-js-client in Node), from the start or resuming
 * `uploadUrl`. Resolves with the upload's URL when it completed or stopped as asked; rejects with
 * the client's error (its `originalResponse` holds the server's answer).
 */
export function tusUpload(client: Client, options: TusOptions): Promise<string> {
  return new Promise((resolve, reject) => {
    const upload: tus.Upload = new tus.Upload(options.bytes, {
      endpoint: `${client.url}/uploads`,
      uploadUrl: options.uploadUrl ?? null,
      headers: tusHeaders(client),
      metadata: { filename: options.filename ?? 'video.mp4', filetype: 'video/mp4', ...options.metadata },
      chunkSize: options.chunkSize ?? Number.POSITIVE_INFINITY,
      parallelUploads: options.parallelUploads ?? 1,
      retryDelays: [],
      storeFingerprintForResuming: false,
      onChunkComplete: (_size, accepted) => {
        if (options.stopAfter !== undefined && accepted >= options.stopAfter) {
          void upload.abort().then(() => resolve(upload.url!), reject);
        }
      },
      onSuccess: () => resolve(upload.url!),
      onError: reject,
    });
    upload.start();
  });
}

/** Sends a bare tus request (HEAD, DELETE, PATCH…) with the given headers. */
export function tusRequest(url: string, method: string, headers: Record<string, string>, body?: Buffer) {
  return fetch(url, {
    method,
    headers: { 'tus-resumable': '1.0.0', ...headers },
    body: body ? new Uint8Array(body) : undefined,
  });
}
