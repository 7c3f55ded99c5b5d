import type * as Tus from 'tus-js-client';
import { CombinedError, type Client } from 'urql';
import { metadataOf } from '../../../domain/catalogue/upload-metadata';
import { ROUTES } from '../../../domain/core/routes';
import { graphql } from '../gql';

// The one place that knows how a video's bytes reach the server: tus (resumable) at /uploads,
// then `finishUpload`, which makes the upload a video under the same rules as any other.

const FinishUploadMutation = graphql(`
  mutation FinishUpload($uploadId: String!, $isFree: Boolean!, $fingerprint: String!, $name: String) {
    finishUpload(uploadId: $uploadId, isFree: $isFree, fingerprint: $fingerprint, name: $name) {
      id
      name
    }
  }
`);

/** tus-js-client, fetched only when an admin uploads: it would otherwise add most of the first load. */
const loadTus = () => import('tus-js-client');

/** Bytes per PATCH: a break costs at most the one in flight. */
const CHUNK_BYTES = 8 * 1024 * 1024;

export interface MovieToSend {
  file: File;
  name: string;
  isFree: boolean;
  fingerprint: string;
}

/** How far the bytes have gone: `resumedFrom` is where this run started (0 unless resumed). */
export interface SendProgress {
  loaded: number;
  resumedFrom: number;
}

export type SendResult = { movie: { id: string; name: string } } | { error: CombinedError } | { cancelled: true };

export interface SendOptions {
  onProgress(progress: SendProgress): void;
  /** Told the upload's URL once the server has created it, or found it to resume. */
  onUploadUrl(url: string): void;
  cancel: AbortSignal;
  /** An unfinished upload of this file to go on with; one the server no longer has is started afresh. */
  resumeUrl?: string;
}

/** Same origin: the session cookie goes along; the CSRF header marks the request as the app's. */
const HEADERS = { 'x-graphql-yoga-csrf': '1' };

/** The upload's id: the last segment of its URL (what finishUpload takes). */
export function uploadIdOf(url: string): string {
  return new URL(url, window.location.href).pathname.split('/').pop()!;
}

/** The server's refusal in a tus error (its JSON `errors`, else its status), or an unreachable server. */
function refusalOf(error: Error): CombinedError {
  const response = (error as Tus.DetailedError).originalResponse;
  if (!response) return new CombinedError({ networkError: error });
  try {
    const body = JSON.parse(response.getBody()) as {
      errors?: { message: string; extensions?: Record<string, unknown> }[];
    };
    if (body.errors?.length) return new CombinedError({ graphQLErrors: body.errors });
  } catch {
    // Not one of the server's JSON answers (a proxy's page, say): the status says enough.
  }
  return new CombinedError({
    graphQLErrors: [{ message: error.message, extensions: { code: codeOfStatus(response.getStatus()) } }],
  });
}

function codeOfStatus(status: number): string {
  if (status === 413) return 'PAYLOAD_TOO_LARGE';
  if (status === 401) return 'UNAUTHENTICATED';
  if (status === 403) return 'FORBIDDEN';
  if (status === 404) return 'NOT_FOUND';
  return 'INTERNAL_SERVER_ERROR';
}

/** Throws an unfinished upload away on the server (tus DELETE); null when done, else why not. */
export async function discardUpload(url: string): Promise<CombinedError | null> {
  const tus = await loadTus();
  return tus.Upload.terminate(url, { headers: HEADERS }).then(
    () => null,
    (error: Error) => refusalOf(error),
  );
}

/**
 * Sends the bytes over tus, from where the server stopped when `resumeUrl` is set; cancelling
 * deletes the upload on the server. What the video is to be goes along in the upload's metadata,
 * so that it survives a reload (`resumableUploads` reads it back).
 */
async function sendBytes(
  movie: MovieToSend,
  options: SendOptions,
): Promise<{ url: string } | { error: CombinedError } | { cancelled: true }> {
  const tus = await loadTus();
  const { cancel, onProgress, onUploadUrl, resumeUrl } = options;
  return new Promise((resolve) => {
    let resumedFrom: number | null = null;
    const upload = new tus.Upload(movie.file, {
      endpoint: ROUTES.uploads,
      uploadUrl: resumeUrl ?? null,
      headers: HEADERS,
      metadata: metadataOf({
        filename: movie.file.name,
        name: movie.name.trim() || null,
        isFree: movie.isFree,
        fingerprint: movie.fingerprint,
      }),
      chunkSize: CHUNK_BYTES,
      retryDelays: [0, 1000, 3000, 5000],
      // The server lists unfinished uploads: nothing is kept in this browser.
      storeFingerprintForResuming: false,
      onUploadUrlAvailable: () => onUploadUrl(new URL(upload.url!, window.location.href).href),
      onProgress: (loaded) => {
        resumedFrom ??= loaded;
        onProgress({ loaded, resumedFrom });
      },
      onSuccess: () => resolve({ url: upload.url! }),
      onError: (error) => resolve(cancel.aborted ? { cancelled: true } : { error: refusalOf(error) }),
    });
    cancel.addEventListener(
      'abort',
      () =>
        void upload.abort(true).then(
          () => resolve({ cancelled: true }),
          () => resolve({ cancelled: true }),
        ),
      { once: true },
    );
    upload.start();
  });
}

export async function sendMovie(client: Client, movie: MovieToSend, options: SendOptions): Promise<SendResult> {
  const sent = await sendBytes(movie, options);
  if (!('url' in sent)) return sent;
  const result = await client
    .mutation(
      FinishUploadMutation,
      {
        uploadId: uploadIdOf(sent.url),
        isFree: movie.isFree,
        fingerprint: movie.fingerprint,
        name: movie.name.trim() || null,
      },
      { additionalTypenames: ['Movie', 'ResumableUpload'] },
    )
    .toPromise();
  if (result.error) return { error: result.error };
  if (!result.data) return { cancelled: true };
  return { movie: result.data.finishUpload };
}
