import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import * as tus from 'tus-js-client';
import { fingerprintOfFile } from '../domain/catalogue/file-fingerprint.js';
import { defaultMovieName } from '../domain/catalogue/movie-names.js';
import { metadataOf, type UploadChoices } from '../domain/catalogue/upload-metadata.js';
import { ROUTES } from '../domain/core/routes.js';
import type { Api } from './api.js';
import { PrivateRecords } from './config-folder.js';
import { CheckMovie, FinishUpload, MoviePlayable } from './documents.js';
import { CliError, errorOfAnswer } from './errors.js';
import { startProgress } from './progress.js';
import { say } from './terminal.js';

export interface Uploaded {
  id: string;
  name: string;
  isFree: boolean;
  size: number;
  sha256: string;
}

/** Bytes per PATCH: each is streamed from disk, and a break costs at most the one in flight. */
const CHUNK_BYTES = 16 * 1024 * 1024;

/** How long an upload waits for the server's first look at the file, and how often it asks. */
const PROBE_WAIT_MS = 15_000;
const PROBE_POLL_MS = 250;

/** The URLs of unfinished uploads, per server and file: running the same command again resumes one. */
const unfinished = new PrivateRecords<{ url: string }>('uploads.json');

/** The file's fingerprint, or a clear refusal when it is not a readable file. */
export async function fingerprintOf(path: string): Promise<{ size: number; fingerprint: string }> {
  const stats = await stat(path).catch(() => undefined);
  if (!stats?.isFile()) throw new CliError(`${path} is not a file that can be read.`);
  return { size: stats.size, fingerprint: await fingerprintOfFile(path) };
}

/**
 * What names an unfinished upload of this file: the server, and the file by path, size, change time
 * and fingerprint (the fingerprint alone samples the file; an edited file must start over).
 */
async function recordKey(api: Api, path: string, fingerprint: string): Promise<string> {
  const { size, mtimeMs } = await stat(path);
  return [api.server, resolve(path), size, mtimeMs, fingerprint].join(' ');
}

function tusHeaders(api: Api): Record<string, string> {
  return { 'x-graphql-yoga-csrf': '1', ...(api.token ? { authorization: `Bearer ${api.token}` } : {}) };
}

/** The server's refusal inside a tus client's error, or why the server could not be reached. */
function tusError(error: Error, api: Api): CliError {
  const response = (error as tus.DetailedError).originalResponse;
  if (!response) return new CliError(`Cannot reach the server at ${api.server}: ${error.message}`);
  return errorOfAnswer(response.getStatus(), response.getBody());
}

/**
 * Sends the file over tus, streaming it from disk in chunks, from where an earlier run stopped when
 * there is one. Ctrl-C leaves the upload on the server to resume, and says so.
 */
function sendResumable(
  api: Api,
  path: string,
  choices: Partial<UploadChoices>,
  size: number,
  key: string,
  resumeUrl?: string,
): Promise<string> {
  const progress = startProgress('upload', size, 0);
  return new Promise<string>((resolvePromise, reject) => {
    const upload = new tus.Upload(createReadStream(path), {
      endpoint: `${api.server}${ROUTES.uploads}`,
      uploadUrl: resumeUrl ?? null,
      headers: tusHeaders(api),
      // What the video is to be, kept with the upload: `resumableUploads` shows it to any client.
      metadata: metadataOf({ ...choices, filename: basename(path) }),
      chunkSize: CHUNK_BYTES,
      retryDelays: [0, 1000, 3000, 5000],
      storeFingerprintForResuming: false,
      onUploadUrlAvailable: () => void unfinished.set(key, { url: upload.url! }),
      onProgress: (sent) => progress.update(sent),
      onSuccess: () => resolvePromise(upload.url!),
      onError: (error) => reject(tusError(error, api)),
    });
    const interrupt = () => {
      void upload.abort(false).finally(() => {
        progress.stop();
        say(`\nInterrupted. Run the same command again to resume the upload, or add --discard to throw it away.`);
        process.exit(130);
      });
    };
    process.once('SIGINT', interrupt);
    upload.start();
  }).finally(() => progress.stop());
}

/** Throws away the unfinished upload of a file, on the server and here. */
export async function discardUpload(api: Api, path: string): Promise<boolean> {
  const { fingerprint } = await fingerprintOf(path);
  const key = await recordKey(api, path, fingerprint);
  const record = await unfinished.get(key);
  if (!record) return false;
  await tus.Upload.terminate(record.url, { headers: tusHeaders(api) }).catch(() => undefined);
  await unfinished.set(key, undefined);
  return true;
}

/** Whether the server found a picture to play in the video once it probed it; null: not yet. */
async function playable(api: Api, id: string): Promise<boolean | null> {
  const deadline = Date.now() + PROBE_WAIT_MS;
  for (;;) {
    const isPlayable = (await api.query(MoviePlayable, { id })).movie?.isPlayable ?? null;
    if (isPlayable !== null || Date.now() >= deadline) return isPlayable;
    await sleep(PROBE_POLL_MS);
  }
}

/**
 * Waits for the server's first look at an uploaded file (it probes in the background) and says on
 * stderr when it found no video in it; answers what it found (null: it had not looked yet).
 */
export async function checkPlayable(api: Api, path: string, id: string): Promise<boolean | null> {
  const isPlayable = await playable(api, id);
  if (isPlayable === false) say(`warning: the server found no video in ${path}: it cannot be played, only downloaded.`);
  if (isPlayable === null)
    say(`The server has not looked into ${path} yet: \`movie ${id}\` says later whether it plays.`);
  return isPlayable;
}

/**
 * Uploads a video: asks first whether its fingerprint is already there (then nothing is sent),
 * sends it resumably, then has the server accept it under the upload rules.
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
  const key = await recordKey(api, path, fingerprint);
  const earlier = await unfinished.get(key);
  say(earlier ? `Resuming the upload of ${path}…` : `Uploading ${path} (${size} bytes)…`);
  const title = name ?? defaultMovieName(path);
  const url = await sendResumable(api, path, { name: title, isFree, fingerprint }, size, key, earlier?.url);
  const uploadId = new URL(url).pathname.split('/').pop()!;
  try {
    const { finishUpload } = await api.mutation(FinishUpload, { uploadId, isFree, fingerprint, name: title });
    return finishUpload;
  } finally {
    // The bytes all arrived (tus said so): accepted or refused, the server has let go of the upload.
    await unfinished.set(key, undefined);
  }
}
