import { CombinedError, type Client } from 'urql';
import {
  discardResumable,
  sendResumable,
  uploadIdOf,
  type UploadFailure,
  type UploadTarget,
} from '../../../client-transport/tus-upload.js';
import { graphql } from '../gql';

// The one place of the web client that knows how a video's bytes reach the server: tus (resumable,
// as the CLI sends them: client-transport/), then `finishUpload`, which makes the upload a video
// under the same rules as any other.

const FinishUploadMutation = graphql(`
  mutation FinishUpload(
    $uploadId: String!
    $isFree: Boolean!
    $fingerprint: String!
    $name: String
    $description: String
  ) {
    finishUpload(
      uploadId: $uploadId
      isFree: $isFree
      fingerprint: $fingerprint
      name: $name
      description: $description
    ) {
      id
      name
    }
  }
`);

export interface MovieToSend {
  file: File;
  name: string;
  description: string;
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

/** This page's own server: the session cookie goes along. */
const SAME_ORIGIN: UploadTarget = { server: '' };

/** The server's refusal of a tus request (its JSON `errors`, else its status), or an unreachable server. */
function refusalOf({ error, answer }: UploadFailure): CombinedError {
  if (!answer) return new CombinedError({ networkError: error });
  try {
    const body = JSON.parse(answer.body) as {
      errors?: { message: string; extensions?: Record<string, unknown> }[];
    };
    if (body.errors?.length) return new CombinedError({ graphQLErrors: body.errors });
  } catch {
    // Not one of the server's JSON answers (a proxy's page, say): the status says enough.
  }
  return new CombinedError({
    graphQLErrors: [{ message: error.message, extensions: { code: codeOfStatus(answer.status) } }],
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
  const failure = await discardResumable(SAME_ORIGIN, url);
  return failure && refusalOf(failure);
}

/**
 * Sends the bytes over tus, from where the server stopped when `resumeUrl` is set; cancelling
 * deletes the upload on the server. What the video is to be goes along in the upload's metadata,
 * so that it survives a reload (`resumableUploads` reads it back): the server lists unfinished
 * uploads, nothing is kept in this browser.
 */
async function sendBytes(
  movie: MovieToSend,
  options: SendOptions,
): Promise<{ url: string } | { error: CombinedError } | { cancelled: true }> {
  let resumedFrom: number | null = null;
  const sent = await sendResumable({
    target: SAME_ORIGIN,
    source: movie.file,
    choices: {
      filename: movie.file.name,
      name: movie.name.trim() || null,
      description: movie.description.trim() || null,
      isFree: movie.isFree,
      fingerprint: movie.fingerprint,
    },
    resumeUrl: options.resumeUrl,
    onUploadUrl: (url) => options.onUploadUrl(new URL(url, window.location.href).href),
    onProgress: (loaded) => {
      resumedFrom ??= loaded;
      options.onProgress({ loaded, resumedFrom });
    },
    cancel: { signal: options.cancel, discard: true },
  });
  return 'failure' in sent ? { error: refusalOf(sent.failure) } : sent;
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
        description: movie.description.trim() || null,
      },
      { additionalTypenames: ['Movie', 'ResumableUpload'] },
    )
    .toPromise();
  if (result.error) return { error: result.error };
  if (!result.data) return { cancelled: true };
  return { movie: result.data.finishUpload };
}
