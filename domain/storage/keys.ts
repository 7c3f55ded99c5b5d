import { randomUUID } from 'node:crypto';

/** A video, or the poster beside it: the only keys storage accepts. */
const KEY = /^(movies\/[0-9a-f-]{36}|posters\/[0-9a-f-]{36}\.jpg)$/;
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

export function assertMediaKey(key: string): void {
  if (!KEY.test(key)) throw new Error(`not a media key: ${key}`);
}
