import { randomUUID } from 'node:crypto';

const UUID = '[0-9a-f-]{36}';
/**
 * A video, its poster, the files of its stream and of its previews: the only keys storage accepts.
 * A stream file without its run's folder is of the layout before runs had folders: still accepted,
 * so that deleting its movie removes it.
 */
const KEY = new RegExp(
  `^(movies/${UUID}|posters/${UUID}\\.jpg|streams/${UUID}/(r\\d{1,9}/)?\\d{1,4}\\.(mp4|m3u8)|previews/${UUID}/(previews\\.vtt|sprite-\\d{1,4}\\.jpg))$`,
);
/** A file a stream's playlists name: a rendition's playlist or its media file. */
const STREAM_FILE = /^\d{1,4}\.(mp4|m3u8)$/;
const POSTER_FILE = /^[0-9a-f-]{36}\.jpg$/;

/** A storage key made by the server, never derived from anything a client sent. */
export function newMediaKey(): string {
  return `movies/${randomUUID()}`;
}

/** A poster's key: random too, so that its URL says nothing about where its video is. */
export function newPosterKey(): string {
  return `posters/${randomUUID()}.jpg`;
}

/** The last segment of a poster's URL. */
export function posterFileOf(key: string): string {
  return key.slice('posters/'.length);
}

/** The poster key a URL segment names, or null when it cannot name one. */
export function posterKeyFromFile(file: string): string | null {
  return POSTER_FILE.test(file) ? `posters/${file}` : null;
}

/** The folder of a movie's stream (`streams/<uuid>/`), named after its original's key. */
export function streamFolderOf(storageKey: string): string {
  return `streams/${storageKey.slice('movies/'.length)}/`;
}

/**
 * The key of a file of a movie's stream made by processing run `run` (`streams/<uuid>/r<run>/`), or
 * null when `file` cannot name one (a URL segment). Each run writes under its own keys, so a job of
 * an earlier run that stores late overwrites nothing of a later one.
 */
export function streamKeyOf(storageKey: string, run: number, file: string): string | null {
  return STREAM_FILE.test(file) ? `${streamFolderOf(storageKey)}r${run}/${file}` : null;
}

const PREVIEWS_FOLDER = /^[0-9a-f-]{36}$/;
const PREVIEWS_FILE = /^(previews\.vtt|sprite-\d{1,4}\.jpg)$/;

/** The previews folder and the key of one of its files that URL segments name, or null when they cannot name one. */
export function previewsKeyFromPath(folder: string, file: string): { folder: string; key: string } | null {
  if (!PREVIEWS_FOLDER.test(folder) || !PREVIEWS_FILE.test(file)) return null;
  return { folder: `previews/${folder}`, key: `previews/${folder}/${file}` };
}

/** The last segment of a previews folder's key (`previews/<uuid>`). */
export function previewsFolderOf(key: string): string {
  return key.slice('previews/'.length);
}

export function assertMediaKey(key: string): void {
  if (!KEY.test(key)) throw new Error(`not a media key: ${key}`);
}
