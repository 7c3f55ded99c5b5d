import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { link, mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Knex } from 'knex';
import { nameColumnsOf } from '../domain/catalogue/movie-names.js';
import { userNameKey } from '../domain/accounts/names.js';
import { hashToken, newToken } from '../domain/core/tokens.js';
import { renditionFiles } from '../domain/media/transcode.js';
import { streamKeyOf } from '../domain/storage/keys.js';
import { patternChunks } from './pattern.js';

/** What the request-rate figures use: sessions of users with funds, paid movies, a ready ticket. */
export interface Seeded {
  /** One bearer token per buyer: each has a large balance. */
  buyerTokens: string[];
  /** Row ids of paid movies (no file: buying one does not read it). */
  paidMovieIds: number[];
  /** A ticket, ready now, for the one movie with a file of `mediaSize` bytes. */
  mediaTicket: string;
  /** That file's path, for the baseline servers to serve the same bytes. */
  mediaPath: string;
  /** The movie's stream has one READY rendition whose media file (this name) holds the same bytes. */
  streamFile: string;
}

const STREAM_HEIGHT = 360;

const BATCH = 500;
const BALANCE = 1_000_000_000;

function hexOf(text: string, algorithm: 'md5' | 'sha256'): string {
  return createHash(algorithm).update(text).digest('hex');
}

async function insertBuyers(db: Knex, count: number, now: Date): Promise<{ ids: number[]; tokens: string[] }> {
  const ids: number[] = [];
  const tokens: string[] = [];
  const expiresAt = new Date(now.getTime() + 86_400_000);
  for (let i = 0; i < count; i++) {
    const name = `bench-buyer-${i}`;
    // An unusable password hash: these accounts are reached through their sessions only.
    const [id] = await db('users').insert({
      name,
      name_key: userNameKey(name),
      password_hash: '!',
      role: 'USER',
      balance: BALANCE,
      registered_at: now,
    });
    const token = newToken();
    await db('sessions').insert({
      user_id: id,
      token_hash: hashToken(token),
      created_at: now,
      last_used_at: now,
      expires_at: expiresAt,
    });
    ids.push(id!);
    tokens.push(token);
  }
  return { ids, tokens };
}

function movieRow(i: number, uploaderId: number, now: Date, size: number) {
  const name = `Bench movie ${i}`;
  const sha256 = hexOf(name, 'sha256');
  return {
    // The name's columns as uploads write them, and a description: MySQL gives a TEXT column no default.
    ...nameColumnsOf(name),
    description: '',
    // One in four free, as a list shows both.
    is_free: i % 4 === 0,
    size,
    fingerprint: hexOf(name, 'md5'),
    sha256,
    live_sha256: sha256,
    storage_key: `movies/${randomUUID()}`,
    uploader_id: uploaderId,
    uploaded_at: now,
    file_extension: 'mp4',
    probed_at: now,
    mime_type: 'video/mp4',
  };
}

/**
 * A READY stream of one rendition for `movieId`, as a finished transcode leaves it: the row, and
 * its media file, a hard link to the movie's own file (the same bytes for the same baseline).
 */
async function seedStream(
  db: Knex,
  mediaDir: string,
  movieId: number,
  storageKey: string,
  mediaPath: string,
  now: Date,
): Promise<string> {
  const { media: file } = renditionFiles(STREAM_HEIGHT);
  const path = join(mediaDir, streamKeyOf(storageKey, 1, file)!);
  await mkdir(dirname(path), { recursive: true });
  await link(mediaPath, path);
  await db('renditions').insert({
    movie_id: movieId,
    run: 1,
    width: 640,
    height: STREAM_HEIGHT,
    frame_rate: 25,
    bitrate: 800_000,
    has_audio: true,
    progress: 1,
    codecs: 'avc1.64001e,mp4a.40.2',
    ready_at: now,
  });
  return file;
}

/**
 * Rows straight through Knex (the API would take minutes for 10,000 movies), and one real file:
 * the movie the media figures download.
 */
export async function seed(
  db: Knex,
  mediaDir: string,
  movies: number,
  buyers: number,
  mediaSize: number,
): Promise<Seeded> {
  const now = new Date();
  const { ids, tokens } = await insertBuyers(db, buyers, now);
  const rows = Array.from({ length: movies }, (_, i) => movieRow(i, ids[0]!, now, 1024 ** 3));
  for (let i = 0; i < rows.length; i += BATCH) await db('movies').insert(rows.slice(i, i + BATCH));
  const paidMovieIds = (await db('movies').where('is_free', false).pluck('id')) as number[];

  const media = movieRow(movies, ids[0]!, now, mediaSize);
  const mediaPath = join(mediaDir, media.storage_key);
  await mkdir(join(mediaDir, 'movies'), { recursive: true });
  await pipeline(Readable.from(patternChunks(mediaSize)), createWriteStream(mediaPath));
  const [mediaId] = await db('movies').insert({ ...media, processing_state: 'READY', processing_run: 1 });
  const streamFile = await seedStream(db, mediaDir, mediaId!, media.storage_key, mediaPath, now);
  const mediaTicket = newToken();
  await db('download_tickets').insert({
    token_hash: hashToken(mediaTicket),
    user_id: ids[0],
    movie_id: mediaId,
    available_at: new Date(now.getTime() - 1000),
    expires_at: new Date(now.getTime() + 86_400_000),
  });
  return { buyerTokens: tokens, paidMovieIds, mediaTicket, mediaPath, streamFile };
}
