import type { Readable } from 'node:stream';
import type { ReadAt } from '../fingerprint.js';

/** Bytes received but not yet accepted: invisible under any key until `commit`. */
export interface StagedObject {
  readonly size: number;
  readAt: ReadAt;
  /** Moves the bytes under `key`, where readers find them. Idempotent. */
  commit(key: string): Promise<void>;
  /** Removes the bytes, staged or committed. Idempotent. */
  discard(): Promise<void>;
}

/** Where video files live: the local disk under MEDIA_DIR (an S3-compatible bucket to come). */
export interface Storage {
  /**
   * Streams `source` to a staging place; rejects (leaving nothing) when `source` errors. It must
   * take `source`'s errors synchronously: an error emitted with no listener ends the process.
   */
  stage(source: Readable): Promise<StagedObject>;
  /** The file on this machine that holds `key`'s bytes, when there is one (served with `send`). */
  localPath(key: string): string | null;
  /** Removes what interrupted uploads left in staging (run at start and now and then). Returns how many. */
  removeLeftovers(): Promise<number>;
}
