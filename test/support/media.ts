import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Client } from './client.js';
import { MOVIE_FIELDS } from './movies.js';

const run = promisify(execFile);

export const MEDIA_FIELDS = `${MOVIE_FIELDS} mediaInfo { durationSeconds width height videoCodec audioCodec mimeType } posterUrl isPlayable`;
export const MOVIE_MEDIA = `query MovieMedia($id: ID!) { movie(id: $id) { ${MEDIA_FIELDS} } }`;

export interface MediaInfoShape {
  durationSeconds: number;
  width: number | null;
  height: number | null;
  videoCodec: string | null;
  audioCodec: string | null;
  mimeType: string;
}

export interface MovieMediaShape {
  id: string;
  name: string;
  mediaInfo: MediaInfoShape | null;
  posterUrl: string | null;
  isPlayable: boolean | null;
}

/** Runs ffmpeg quietly (tests make their own media). */
async function ffmpeg(args: string[]): Promise<void> {
  await run('ffmpeg', ['-v', 'error', '-nostdin', '-y', ...args]);
}

export interface VideoOptions {
  width: number;
  height: number;
  seconds: number;
  /** Degrees a phone would record in the display matrix. */
  rotate?: number;
  /** Makes two videos of the same size differ. */
  frequency?: number;
  /** The picture's encoder (H.264 unless said); the container follows the file name's extension. */
  codec?: 'libx264' | 'libx265' | 'mpeg4';
  /** Frames per second (5 unless said). */
  rate?: number;
  /** A picture whose top half is white and bottom half black (as stored), to tell which way is up. */
  halves?: boolean;
}

const HALVES = 'drawbox=x=0:y=0:w=iw:h=ih/2:color=white:t=fill,drawbox=x=0:y=ih/2:w=iw:h=ih/2:color=black:t=fill';

/** The encoder's arguments for `codec`: quick, and what every player of that codec reads. */
function encoderArgs(codec: VideoOptions['codec'] = 'libx264'): string[] {
  if (codec === 'mpeg4') return ['-c:v', 'mpeg4', '-q:v', '5'];
  const quiet = codec === 'libx265' ? ['-x265-params', 'log-level=error'] : [];
  return ['-c:v', codec, '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', ...quiet];
}

/** A small H.264/AAC MP4 (test pattern and a tone). */
export async function makeVideo(dir: string, name: string, options: VideoOptions): Promise<Buffer> {
  const path = join(dir, name);
  const { width, height, seconds } = options;
  await ffmpeg([
    ...['-f', 'lavfi', '-i', `testsrc=size=${width}x${height}:rate=${options.rate ?? 5}:duration=${seconds}`],
    ...['-f', 'lavfi', '-i', `sine=frequency=${options.frequency ?? 440}:duration=${seconds}`],
    ...(options.halves ? ['-vf', HALVES] : []),
    ...encoderArgs(options.codec),
    ...['-c:a', name.endsWith('.avi') ? 'mp3' : 'aac', '-shortest'],
    path,
  ]);
  if (options.rotate !== undefined) {
    // Only a copy keeps the tag (as a display matrix): an encode would apply it to the pixels.
    const rotated = join(dir, `rotated-${name}`);
    await ffmpeg(['-i', path, '-c', 'copy', '-metadata:s:v:0', `rotate=${options.rotate}`, rotated]);
    return readFile(rotated);
  }
  return readFile(path);
}

/** An AAC tone in an MP4 container, with no picture. */
export async function makeAudio(dir: string, name: string, seconds: number): Promise<Buffer> {
  const path = join(dir, name);
  await ffmpeg(['-f', 'lavfi', '-i', `sine=frequency=660:duration=${seconds}`, '-c:a', 'aac', path]);
  return readFile(path);
}

/** Width and height of an image or video, as ffprobe reads them. */
export async function pictureSize(path: string): Promise<{ width: number; height: number }> {
  const { stdout } = await run('ffprobe', ['-v', 'error', '-show_entries', 'stream=width,height', '-of', 'json', path]);
  const stream = (JSON.parse(stdout) as { streams: { width: number; height: number }[] }).streams[0]!;
  return { width: stream.width, height: stream.height };
}

/**
 * An ffprobe stand-in that notes each call in `calls.log` and then runs the real one; with `gated`,
 * it first says so in `started` and waits (at most 20 s) until `open` is called.
 */
export async function wrappedFfprobe(dir: string, gated = false) {
  const path = join(dir, 'ffprobe-wrapper.sh');
  const log = join(dir, 'calls.log');
  const gate = join(dir, 'gate');
  const started = join(dir, 'started');
  // The check at start (`-version`) passes at once; only a probe of a file or a URL (a bucket's
  // pre-signed GET) waits at the gate.
  const wait = gated
    ? `case "$*" in *file:*|*http://*|*https://*) touch '${started}'; i=0; while [ ! -e '${gate}' ] && [ $i -lt 400 ]; do sleep 0.05; i=$((i+1)); done;; esac\n`
    : '';
  await writeFile(path, `#!/bin/sh\necho "$@" >> '${log}'\n${wait}exec ffprobe "$@"\n`);
  await chmod(path, 0o755);
  return {
    path,
    open: () => writeFile(gate, ''),
    hasStarted: () => existsSync(started),
    /** The files (or the URLs' paths) ffprobe was asked about, one entry per run (`-version` checks left out). */
    calls: async () =>
      (await readFile(log, 'utf8').catch(() => ''))
        .split('\n')
        .map((line) => / file:(.*)$/.exec(line)?.[1] ?? / (https?:\/\/[^?\s]+)/.exec(line)?.[1])
        .filter((input) => input !== undefined),
  };
}

/** Asks again until `check` passes (each test has its own overall timeout). */
export async function eventually<T>(
  read: () => T | Promise<T>,
  check: (value: T) => boolean,
  pauseMs = 50,
): Promise<T> {
  for (;;) {
    const value = await read();
    if (check(value)) return value;
    await new Promise((resolve) => setTimeout(resolve, pauseMs));
  }
}

export async function movieMedia(client: Client, id: string): Promise<MovieMediaShape> {
  return (await client.ok<{ movie: MovieMediaShape }>(MOVIE_MEDIA, { id })).movie;
}

/** The movie once the server has probed it (and made its poster, when it has a picture). */
export function probedMovie(client: Client, id: string, withPoster: boolean): Promise<MovieMediaShape> {
  return eventually(
    () => movieMedia(client, id),
    (movie) => movie.mediaInfo !== null && (movie.posterUrl !== null) === withPoster,
  );
}
