import type * as Tus from 'tus-js-client';
import { metadataOf, type UploadChoices } from '../domain/catalogue/upload-metadata.js';
import { ROUTES } from '../domain/core/routes.js';
import { requestHeaders } from './headers.js';

// How both clients send a video's bytes: tus (resumable) at /uploads, with what the video is to be
// in the upload's metadata; `finishUpload` then makes it a video. Each client reads the file its
// own way (a Blob in the browser, a file's read stream in Node) and keeps its own account of
// unfinished uploads, so this module knows neither files nor storage.

/** tus-js-client, loaded on first use: in the web client it would otherwise add most of the first load. */
const loadTus = () => import('tus-js-client');

/** Bytes per PATCH: each is read from the file as it is sent, and a break costs at most the one in flight. */
const CHUNK_BYTES = 8 * 1024 * 1024;

/** Waits before each new try of a request that failed (no answer, a 5xx, a 409 or 423); then the upload fails. */
const RETRY_DELAYS_MS = [0, 1000, 3000, 5000];

/** What tus-js-client reads the bytes from: a File in the browser, a file's read stream in Node. */
export type UploadSource = ConstructorParameters<typeof Tus.Upload>[0];

/** Which server, and as whom: its origin ('' for the page's own, whose cookie goes along) and a session token. */
export interface UploadTarget {
  server: string;
  token?: string;
}

/** Why a tus request failed: the server's answer, or null when it could not be reached. */
export interface UploadFailure {
  error: Error;
  answer: { status: number; body: string } | null;
}

export type SendOutcome = { url: string } | { failure: UploadFailure } | { cancelled: true };

export interface ResumableSend {
  target: UploadTarget;
  source: UploadSource;
  /** What the video is to be, kept with the upload: `resumableUploads` shows it to any client. */
  choices: Partial<UploadChoices>;
  /** An unfinished upload to go on with; one the server no longer has is started afresh. */
  resumeUrl?: string;
  /** Told the upload's URL once the server has created it, or found it to resume. */
  onUploadUrl(url: string): void;
  /** How many of the file's bytes the server has (a resumed upload starts where it stopped). */
  onProgress(sent: number): void;
  /** Stops the upload when it aborts; `discard` deletes it on the server, else it stays there to resume. */
  cancel?: { signal: AbortSignal; discard: boolean };
}

function failureOf(error: Error): UploadFailure {
  const response = (error as Tus.DetailedError).originalResponse;
  return { error, answer: response ? { status: response.getStatus(), body: response.getBody() } : null };
}

/** The upload's id, as finishUpload takes it: the last segment of its URL's path. */
export function uploadIdOf(url: string): string {
  // Only the path is read: the base merely lets a URL relative to a page parse.
  return new URL(url, 'http://upload.invalid').pathname.split('/').pop()!;
}

/** Sends the bytes over tus, from where the server stopped when `resumeUrl` is set; answers the upload's URL. */
export async function sendResumable(send: ResumableSend): Promise<SendOutcome> {
  const { target, cancel } = send;
  if (cancel?.signal.aborted) return { cancelled: true };
  const tus = await loadTus();
  return new Promise((resolve) => {
    const upload = new tus.Upload(send.source, {
      endpoint: `${target.server}${ROUTES.uploads}`,
      uploadUrl: send.resumeUrl ?? null,
      headers: requestHeaders(target.token),
      metadata: metadataOf(send.choices),
      chunkSize: CHUNK_BYTES,
      retryDelays: RETRY_DELAYS_MS,
      // The clients keep their unfinished uploads themselves: tus-js-client stores nothing.
      storeFingerprintForResuming: false,
      onUploadUrlAvailable: () => send.onUploadUrl(upload.url!),
      onProgress: (sent) => send.onProgress(sent),
      onSuccess: () => resolve({ url: upload.url! }),
      onError: (error) => resolve(cancel?.signal.aborted ? { cancelled: true } : { failure: failureOf(error) }),
    });
    cancel?.signal.addEventListener(
      'abort',
      () => {
        const cancelled = () => resolve({ cancelled: true });
        void upload.abort(cancel.discard).then(cancelled, cancelled);
      },
      { once: true },
    );
    upload.start();
  });
}

/** Deletes an unfinished upload on the server (tus DELETE); null when done, else why not. */
export async function discardResumable(target: UploadTarget, url: string): Promise<UploadFailure | null> {
  const tus = await loadTus();
  return tus.Upload.terminate(url, { headers: requestHeaders(target.token) }).then(
    () => null,
    (error: Error) => failureOf(error),
  );
}
