import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  discardResumable,
  sendResumable,
  uploadIdOf,
  type UploadFailure,
  type UploadTarget,
} from '../client-transport/tus-upload.js';
import { fingerprintOfFile } from '../domain/catalogue/file-fingerprint.js';
import { defaultMovieName } from '../domain/catalogue/movie-names.js';
import type { UploadChoices } from '../domain/catalogue/upload-metadata.js';
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

const targetOf = (api: Api): UploadTarget => ({ server: api.server, token: api.token });

/** The server's refusal of a tus request, or why the server could not be reached. */
function tusError({ error, answer }: UploadFailure, api: Api): CliError {
  if (!answer) return new CliError(`Cannot reach the server at ${api.server}: ${error.message}`);
  return errorOfAnswer(answer.status, answer.body);
}

/**
 * Sends the file over tus, streaming it from disk in chunks, from where an earlier run stopped when
 * there is one. Ctrl-C leaves the upload on the server to resume, and says so.
 */
async function sendFile(
  api: Api,
  path: string,
  choices: Partial<UploadChoices>,
  size: number,
  key: string,
  resumeUrl?: string,
): Promise<string> {
  const progress = startProgress('upload', size, 0);
  const interrupted = new AbortController();
  const interrupt = () => interrupted.abort();
  // Listened to until the end, not once: tus-js-client loads signal-exit (through proper-lockfile),
  // which kills the process again with a SIGINT that finds no other listener than its own.
  process.on('SIGINT', interrupt);
  try {
    const outcome = await sendResumable({
      target: targetOf(api),
      source: createReadStream(path),
      choices: { ...choices, filename: basename(path) },
      resumeUrl,
      onUploadUrl: (url) => void unfinished.set(key, { url }),
      onProgress: (sent) => progress.update(sent),
      cancel: { signal: interrupted.signal, discard: false },
    });
    if ('url' in outcome) return outcome.url;
    if ('failure' in outcome) throw tusError(outcome.failure, api);
    progress.stop();
    say(`\nInterrupted. Run the same command again to resume the upload, or add --discard to throw it away.`);
    process.exit(130);
  } finally {
    process.off('SIGINT', interrupt);
    progress.stop();
  }
}

/** Throws away the unfinished upload of a file, on the server and here. */
export async function discardUpload(api: Api, path: string): Promise<boolean> {
  const { fingerprint } = await fingerprintOf(path);
  const key = await recordKey(api, path, fingerprint);
  const record = await unfinished.get(key);
  if (!record) return false;
  // Gone from the server already, or out of reach: either way it is forgotten here.
  await discardResumable(targetOf(api), record.url);
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
  const url = await sendFile(api, path, { name: title, isFree, fingerprint }, size, key, earlier?.url);
  const uploadId = uploadIdOf(url);
  try {
    const { finishUpload } = await api.mutation(FinishUpload, { uploadId, isFree, fingerprint, name: title });
    return finishUpload;
  } finally {
    // The bytes all arrived (tus said so): accepted or refused, the server has let go of the upload.
    await unfinished.set(key, undefined);
  }
}
