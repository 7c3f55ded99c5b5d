import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { Client } from './client.js';
import { eventually } from './media.js';

const run = promisify(execFile);

export const MOVIE_STREAM = `query MovieStream($id: ID!) { movie(id: $id) {
  id processing { state progress error } renditions { width height bitrate codecs } previewsUrl } }`;

export const REPROCESS = `mutation Reprocess($id: ID!) { reprocessMovie(id: $id) {
  id processing { state progress error } renditions { width height bitrate codecs } } }`;

export interface StreamShape {
  id: string;
  processing: { state: string; progress: number | null; error: string | null };
  renditions: { width: number; height: number; bitrate: number; codecs: string }[];
  previewsUrl?: string | null;
}

export async function movieStream(client: Client, id: string): Promise<StreamShape> {
  return (await client.ok<{ movie: StreamShape }>(MOVIE_STREAM, { id })).movie;
}

const SETTLED = new Set(['READY', 'FAILED', 'UNSUPPORTED']);

/** The movie once its processing has come to an end (READY, FAILED or UNSUPPORTED). */
export function processedMovie(client: Client, id: string): Promise<StreamShape> {
  return eventually(
    () => movieStream(client, id),
    (movie) => SETTLED.has(movie.processing.state),
    100,
  );
}

export interface ProbedStream {
  codec_type: string;
  codec_name: string;
  profile?: string;
  pix_fmt?: string;
  width?: number;
  height?: number;
  channels?: number;
  side_data_list?: unknown[];
}

/** The streams ffprobe reads through a playlist (a file or a URL): what a player would get. */
export async function probeStreams(playlist: string): Promise<ProbedStream[]> {
  const { stdout } = await run('ffprobe', [
    ...['-v', 'error', '-protocol_whitelist', 'file,http,https,tcp,tls,crypto'],
    ...['-show_streams', '-of', 'json', playlist],
  ]);
  return (JSON.parse(stdout) as { streams: ProbedStream[] }).streams;
}

/** The mean brightness (0..255) of the four halves of a playlist's first frame: which way is up. */
export async function brightnessOfHalves(playlist: string, width: number, height: number) {
  const { stdout } = await run(
    'ffmpeg',
    [
      ...['-v', 'error', '-protocol_whitelist', 'file,http,https,tcp,tls,crypto', '-i', playlist],
      ...['-frames:v', '1', '-f', 'rawvideo', '-pix_fmt', 'gray', 'pipe:1'],
    ],
    { encoding: 'buffer', maxBuffer: 64 * 1024 * 1024 },
  );
  const mean = (inside: (x: number, y: number) => boolean) => {
    let sum = 0;
    let count = 0;
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        if (!inside(x, y)) continue;
        sum += stdout[y * width + x]!;
        count++;
      }
    }
    return sum / count;
  };
  return {
    top: mean((_x, y) => y < height / 2),
    bottom: mean((_x, y) => y >= height / 2),
    left: mean((x) => x < width / 2),
    right: mean((x) => x >= width / 2),
  };
}

export const DOWNLOAD_STREAM = `mutation Download($id: ID!) { downloadMovie(id: $id) { url streamUrl availableAt expiresAt } }`;

export interface StreamTicket {
  url: string;
  streamUrl: string | null;
  availableAt: string;
  expiresAt: string;
}

export async function streamTicket(client: Client, movieId: string): Promise<StreamTicket> {
  return (await client.ok<{ downloadMovie: StreamTicket }>(DOWNLOAD_STREAM, { id: movieId })).downloadMovie;
}
