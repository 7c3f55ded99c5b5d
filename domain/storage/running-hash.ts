import { createHash, type Hash } from 'node:crypto';
import { Transform, type Readable } from 'node:stream';
import { isOutOfSpace } from './out-of-space.js';

/** The SHA-256 of an upload's first `offset` bytes, as they passed through this process. */
interface RunningHash {
  sha256: Hash;
  offset: number;
}

/**
 * The SHA-256 of resumable uploads, computed as a tus store writes their bytes while this process
 * has seen all the earlier ones, so that `finishUpload` need not read gigabytes back. A write that
 * fails, or bytes written by another process (the offsets no longer meet), drop an upload's hash,
 * and its bytes are read back instead.
 */
export class RunningHashes {
  private readonly hashes = new Map<string, RunningHash>();

  /** Runs `write` (the store's own) on `readable`, hashing what it takes when the offsets meet. */
  async write(readable: Readable, id: string, offset: number, write: (source: Readable) => Promise<number>) {
    const known = this.hashes.get(id);
    this.hashes.delete(id);
    const running = known?.offset === offset ? known : offset === 0 ? { sha256: createHash('sha256'), offset } : null;
    let hashed = 0;
    const tap = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        running?.sha256.update(chunk);
        hashed += chunk.length;
        done(null, chunk);
      },
    });
    readable.once('error', (err) => tap.destroy(err));
    try {
      const written = await write(readable.pipe(tap));
      if (running && written === offset + hashed) this.hashes.set(id, { sha256: running.sha256, offset: written });
      return written;
    } catch (err) {
      // tus reports every failed write alike; a full disk is the uploader's to hear of, so the disk's
      // own error (which the pipeline gave the tap) is passed on instead.
      throw isOutOfSpace(tap.errored) ? tap.errored : err;
    }
  }

  /** The hash of upload `id` when this process saw all of its `size` bytes; forgotten either way. */
  take(id: string, size: number): string | undefined {
    const running = this.hashes.get(id);
    this.hashes.delete(id);
    return running?.offset === size ? running.sha256.digest('hex') : undefined;
  }

  forget(id: string): void {
    this.hashes.delete(id);
  }

  /** Forgets every upload (as after a restart). */
  clear(): void {
    this.hashes.clear();
  }
}
