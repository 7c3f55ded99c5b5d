import type { Readable } from 'node:stream';
import type { ReadAt } from '../fingerprint.js';
import type { ResumableUploads } from './resumable.js';

/** Bytes received but not yet accepted: invisible under any key until `commit`. */
export interface StagedObject {
  readonly size: number;
  readAt: ReadAt;
  /** All the bytes, from the start (to hash what a resumable upload left on disk). */
  openRead(): Promise<Readable>;
  /** Moves the bytes under `key`, where readers find them. Idempotent. */
  commit(key: string): Promise<void>;
  /** Removes the bytes, staged or committed. Idempotent. */
  discard(): Promise<void>;
}

export interface ByteRange {
  start: number;
  /** Inclusive, as in HTTP ranges. */
  end: number;
}

/**
 * Where video files live: the local disk under MEDIA_DIR (an S3-compatible bucket to come). Put is
 * `stage` then `commit`; reading a range, stat and delete are what every backend offers, so that
 * callers (the media route for a backend without local files, moderation) need no other.
 */
export interface Storage {
  /**
   * Streams `source` to a staging place; rejects (leaving nothing) when `source` errors. It must
   * take `source`'s errors synchronously: an error emitted with no listener ends the process.
   */
  stage(source: Readable): Promise<StagedObject>;
  /** Uploads that arrive over tus in many requests; `take` hands one over staged, like `stage`. */
  readonly resumable: ResumableUploads;
  /** The file on this machine that holds `key`'s bytes, when there is one (served with `send`). */
  localPath(key: string): string | null;
  /** The bytes under `key`, whole or one range. */
  openRead(key: string, range?: ByteRange): Promise<Readable>;
  /** The size under `key`, or null when nothing is stored there. */
  stat(key: string): Promise<{ size: number } | null>;
  /** Removes what is under `key` (nothing there is fine). */
  delete(key: string): Promise<void>;
  /** Removes what interrupted uploads left in staging (run at start and now and then). Returns how many. */
  removeLeftovers(): Promise<number>;
  /** Removes this process's own unfinished uploads; called at shutdown, once no request is in flight. */
  close(): Promise<void>;
}
