import type * as Tus from 'tus-js-client';
import { CombinedError, type Client } from 'urql';
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

/** An upload of this file that an earlier page left unfinished (kept in localStorage by tus-js-client). */
export type UnfinishedUpload = Tus.PreviousUpload;

function tusOptions(movie: Pick<MovieToSend, 'file' | 'fingerprint'>): Tus.UploadOptions {
  return {
    endpoint: '/uploads',
    // Same origin: the session cookie goes along; the CSRF header marks the request as the app's.
    headers: { 'x-graphql-yoga-csrf': '1' },
    metadata: { filename: movie.file.name },
    chunkSize: CHUNK_BYTES,
    retryDelays: [0, 1000, 3000, 5000],
    // Keyed by content, so that the same file picked or dropped again after a reload is recognised.
    fingerprint: () => Promise.resolve(`youku-upload-${movie.fingerprint}-${movie.file.size}`),
    removeFingerprintOnSuccess: true,
  };
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

/** The unfinished upload of this file, if this browser began one that the server may still hold. */
export async function findUnfinished(
  movie: Pick<MovieToSend, 'file' | 'fingerprint'>,
): Promise<UnfinishedUpload | null> {
  const tus = await loadTus();
  const previous = await new tus.Upload(movie.file, tusOptions(movie)).findPreviousUploads().catch(() => []);
  return previous.sort((a, b) => b.creationTime.localeCompare(a.creationTime))[0] ?? null;
}

/** Throws away an unfinished upload, on the server and in this browser's memory of it. */
export async function discardUnfinished(
  movie: Pick<MovieToSend, 'file' | 'fingerprint'>,
  unfinished: UnfinishedUpload,
) {
  const tus = await loadTus();
  if (unfinished.uploadUrl) await tus.Upload.terminate(unfinished.uploadUrl, tusOptions(movie)).catch(() => undefined);
  await tus.defaultOptions.urlStorage?.removeUpload(unfinished.urlStorageKey);
}

/** Sends the bytes over tus (from where `resume` stopped, when given); cancelling deletes the upload on the server. */
async function sendBytes(
  movie: MovieToSend,
  onProgress: (progress: SendProgress) => void,
  cancel: AbortSignal,
  resume: UnfinishedUpload | undefined,
): Promise<{ url: string } | { error: CombinedError } | { cancelled: true }> {
  const tus = await loadTus();
  return new Promise((resolve) => {
    let resumedFrom: number | null = null;
    const upload = new tus.Upload(movie.file, {
      ...tusOptions(movie),
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
    if (resume) upload.resumeFromPreviousUpload(resume);
    upload.start();
  });
}

export async function sendMovie(
  client: Client,
  movie: MovieToSend,
  onProgress: (progress: SendProgress) => void,
  cancel: AbortSignal,
  resume?: UnfinishedUpload,
): Promise<SendResult> {
  const sent = await sendBytes(movie, onProgress, cancel, resume);
  if (!('url' in sent)) return sent;
  const result = await client
    .mutation(
      FinishUploadMutation,
      {
        uploadId: new URL(sent.url, window.location.href).pathname.split('/').pop()!,
        isFree: movie.isFree,
        fingerprint: movie.fingerprint,
        name: movie.name.trim() || null,
      },
      { additionalTypenames: ['Movie'] },
    )
    .toPromise();
  if (result.error) return { error: result.error };
  if (!result.data) return { cancelled: true };
  return { movie: result.data.finishUpload };
}
