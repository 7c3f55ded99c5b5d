import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { rename, stat, truncate } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Api } from './api.js';
import { PrivateRecords } from './config-folder.js';
import { DownloadMovie, MovieById } from './documents.js';
import { CliError, errorOfAnswer } from './errors.js';
import { safeFileName } from './file-names.js';
import { startProgress } from './progress.js';
import { confirm, say } from './terminal.js';

interface Ticket {
  url: string;
  /** Local clock, milliseconds: when the bytes are served (the wait counted from our own receipt). */
  availableAt: number;
  expiresAt: number;
}

/** Tickets of unfinished downloads, per server and video: running again reuses one that is still valid. */
const tickets = new PrivateRecords<Ticket>('downloads.json');

interface Video {
  id: string;
  name: string;
  /** What the server names the file (its Content-Disposition): the stored file's extension kept. */
  downloadName: string;
  size: number;
  sha256: string;
  price: number;
}

export interface Downloaded {
  path: string;
  size: number;
  sha256: string;
  price: number;
}

async function statOf(path: string) {
  return stat(path).catch(() => undefined);
}

/** Where the file goes: `-o` as given (a folder gets the file's name in it), else the file's name here. */
async function targetOf(video: Video, output: string | undefined): Promise<string> {
  const name = safeFileName(video.downloadName);
  if (output === undefined) return name;
  return (await statOf(output))?.isDirectory() ? join(output, name) : output;
}

async function newTicket(api: Api, video: Video, key: string): Promise<Ticket> {
  const { downloadMovie } = await api.mutation(DownloadMovie, { id: video.id });
  const ticket = {
    url: downloadMovie.url,
    availableAt: Date.now() + downloadMovie.waitSeconds * 1000,
    expiresAt: Date.parse(downloadMovie.expiresAt),
  };
  await tickets.set(key, ticket);
  return ticket;
}

/** Counts down on stderr until `at`. */
async function waitUntil(at: number): Promise<void> {
  let left = Math.ceil((at - Date.now()) / 1000);
  if (left <= 0) return;
  if (!process.stderr.isTTY) say(`The download starts in ${left} s.`);
  while (left > 0) {
    if (process.stderr.isTTY) process.stderr.write(`\rThe download starts in ${left} s. `);
    await sleep(Math.min(1000, at - Date.now()));
    left = Math.ceil((at - Date.now()) / 1000);
  }
  if (process.stderr.isTTY) process.stderr.write('\n');
}

type Fetched = { kind: 'done' } | { kind: 'expired' } | { kind: 'early'; retryAfterSeconds: number };

/** Appends the rest of the video to `part` (Range from what it holds), or starts it over. */
async function fetchInto(ticket: Ticket, part: string, video: Video): Promise<Fetched> {
  let have = (await statOf(part))?.size ?? 0;
  if (have > video.size) {
    await truncate(part, 0);
    have = 0;
  }
  if (have === video.size) return { kind: 'done' };
  const response = await fetch(ticket.url, {
    // If-Range: the rest only while the file is the same one (its SHA-256 is the ETag), else all.
    headers: have ? { range: `bytes=${have}-`, 'if-range': `"${video.sha256}"` } : {},
  });
  if (response.status === 410 || response.status === 404) return { kind: 'expired' };
  if (response.status === 425) {
    return { kind: 'early', retryAfterSeconds: Number(response.headers.get('retry-after')) || 1 };
  }
  if (response.status !== 200 && response.status !== 206) {
    throw errorOfAnswer(response.status, await response.text());
  }
  const start = response.status === 206 ? have : 0;
  const progress = startProgress('download', video.size, start);
  let done = start;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      done += chunk.length;
      progress.update(done);
      callback(null, chunk);
    },
  });
  try {
    await pipeline(
      Readable.fromWeb(response.body as WebReadableStream<Uint8Array>),
      counter,
      createWriteStream(part, { flags: start ? 'a' : 'w' }),
    );
  } finally {
    progress.stop();
  }
  return { kind: 'done' };
}

async function sha256Of(path: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(path), hash);
  return hash.digest('hex');
}

/**
 * Downloads a video into `<name>.part`, resuming what an earlier run left, and renames it into place
 * once its SHA-256 is the video's. A paid video asks for confirmation unless `yes`.
 */
export async function downloadVideo(
  api: Api,
  id: string,
  output: string | undefined,
  yes: boolean,
): Promise<Downloaded> {
  const { movie } = await api.query(MovieById, { id });
  if (!movie || movie.isDeleted) throw new CliError(`No video has the id ${id}.`, 'NOT_FOUND');
  const target = await targetOf(movie, output);
  const part = `${target}.part`;
  if (await statOf(target)) {
    throw new CliError(`${target} already exists: move it away, or choose another path with -o.`);
  }
  const key = `${api.server} ${movie.id}`;
  let ticket = await tickets.get(key);
  if (!ticket || ticket.expiresAt <= Date.now()) {
    if (movie.price > 0 && !yes && !(await confirm(`Download “${movie.name}” for ${movie.price} coins?`))) {
      throw new CliError(`“${movie.name}” costs ${movie.price} coins: confirm on a terminal, or pass --yes.`);
    }
    ticket = await newTicket(api, movie, key);
  }
  for (let renewed = false; ;) {
    await waitUntil(ticket.availableAt);
    const fetched = await fetchInto(ticket, part, movie);
    if (fetched.kind === 'done') break;
    if (fetched.kind === 'early') ticket.availableAt = Date.now() + fetched.retryAfterSeconds * 1000;
    if (fetched.kind === 'expired') {
      if (renewed) throw new CliError(`“${movie.name}” can no longer be downloaded.`, 'NOT_FOUND');
      // A new ticket: free for a video already bought, so no question this time.
      ticket = await newTicket(api, movie, key);
      renewed = true;
    }
  }
  const sha256 = await sha256Of(part);
  if (sha256 !== movie.sha256) {
    await truncate(part, 0);
    throw new CliError(`The bytes received do not match the video (SHA-256 ${sha256}); run the command again.`);
  }
  await rename(part, target);
  await tickets.set(key, undefined);
  return { path: target, size: movie.size, sha256, price: movie.price };
}
