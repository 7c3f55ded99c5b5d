import { constants } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { Writable } from 'node:stream';
import { ALIGNED_BUFFER_BYTES, returnAlignedBuffer, takeAlignedBuffer } from './aligned-buffers.js';

/** Direct writes start at, and span, multiples of the disk's block; 4 KiB covers both sizes disks use. */
const BLOCK_BYTES = 4096;

type Done = (error?: Error | null) => void;

/**
 * The file an upload's bytes go to, written a MiB at a time with O_DIRECT where the file system
 * allows it, so that they go from this process to the disk without passing through the page cache.
 * Through the page cache, the kernel's copy of every byte into pages it had just reclaimed cost
 * 0.5-1.5 s of CPU a GiB here, more than hashing the upload; directly, about 0.1 s.
 *
 * Chunks are gathered as they come, then copied into one of two page-aligned buffers (O_DIRECT's
 * condition) and written while the other fills. They are kept until then, not copied at once: freed
 * as soon as they came, the request's chunks made the allocator give memory back and fault it in
 * again, page by page (up to a minor fault for every 4 KiB received). The last, partial block is written
 * padded and the file cut back to its length. Where O_DIRECT is refused (some file systems), the
 * same writes go through the page cache. `fsync` is still the caller's: it makes the file's length
 * durable.
 *
 * Ended, it writes what it holds; destroyed (its source failed), it drops what it has not written.
 */
export class UploadFileSink extends Writable {
  /** Bytes written to the file so far. */
  bytesWritten = 0;
  private handle: FileHandle | undefined;
  private direct: boolean;
  /** The buffer filled next, and the one that may be being written. */
  private buffers: [Buffer, Buffer] | undefined;
  /** Chunks received and not yet copied to a buffer. */
  private gathered: Buffer[] = [];
  private gatheredBytes = 0;
  /** Where the next full buffer goes in the file. */
  private position = 0;
  /** The last write started: a buffer is filled again only once its write is over. */
  private writing: Promise<void> = Promise.resolve();

  /**
   * Creates the file at `path`, which must not exist yet. `direct: false` writes through the page
   * cache, as where O_DIRECT is refused.
   */
  constructor(
    private readonly path: string,
    options: { direct?: boolean } = {},
  ) {
    super({ highWaterMark: ALIGNED_BUFFER_BYTES });
    this.direct = options.direct !== false && constants.O_DIRECT !== undefined;
  }

  /** Whether the bytes go to the disk without the page cache; known once the file is open. */
  get writesDirectly(): boolean {
    return this.direct;
  }

  override _construct(callback: Done): void {
    this.openFile().then(() => callback(), callback);
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: Done): void {
    this.gathered.push(chunk);
    this.gatheredBytes += chunk.length;
    if (this.gatheredBytes < ALIGNED_BUFFER_BYTES) return callback();
    this.writeFull().then(() => callback(), callback);
  }

  override _final(callback: Done): void {
    this.writeTail().then(() => callback(), callback);
  }

  override _destroy(error: Error | null, callback: Done): void {
    // The kernel may still be reading a buffer: they go back, and the file closes, once the write is over.
    void this.writing
      .catch(() => undefined)
      .then(async () => {
        const { handle, buffers } = this;
        this.handle = undefined;
        this.buffers = undefined;
        this.gathered = [];
        for (const buffer of buffers ?? []) returnAlignedBuffer(buffer);
        await handle?.close();
      })
      .then(
        () => callback(error),
        (closeError: Error) => callback(error ?? closeError),
      );
  }

  private async openFile(): Promise<void> {
    const { O_WRONLY, O_CREAT, O_EXCL, O_DIRECT } = constants;
    const handle = await open(this.path, O_WRONLY | O_CREAT | O_EXCL);
    if (this.direct) {
      // Opened apart, so that a refusal (EINVAL) leaves the file created once and open already.
      try {
        this.handle = await open(this.path, O_WRONLY | O_DIRECT);
        await handle.close();
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EINVAL') {
          await handle.close();
          throw err;
        }
        this.direct = false;
      }
    }
    this.handle ??= handle;
    this.buffers = [takeAlignedBuffer(), takeAlignedBuffer()];
  }

  /** Copies what was gathered into the buffer not being written, a MiB at a time, and starts writing it. */
  private async writeFull(): Promise<void> {
    while (this.gatheredBytes >= ALIGNED_BUFFER_BYTES) {
      await this.writing;
      if (this.destroyed) return;
      const [buffer, next] = this.buffers!;
      this.buffers = [next, buffer];
      this.take(buffer, ALIGNED_BUFFER_BYTES);
      const writing = this.writeOut(buffer, ALIGNED_BUFFER_BYTES, this.position);
      this.position += ALIGNED_BUFFER_BYTES;
      // Its failure is heard when the next buffer is full, or at the end.
      writing.catch(() => undefined);
      this.writing = writing;
    }
  }

  /** Moves the first `length` gathered bytes into `buffer`. */
  private take(buffer: Buffer, length: number): void {
    let filled = 0;
    while (filled < length) {
      const chunk = this.gathered[0]!;
      const copied = chunk.copy(buffer, filled, 0, Math.min(chunk.length, length - filled));
      filled += copied;
      if (copied === chunk.length) this.gathered.shift();
      else this.gathered[0] = chunk.subarray(copied);
    }
    this.gatheredBytes -= length;
  }

  private async writeTail(): Promise<void> {
    await this.writing;
    const [buffer] = this.buffers!;
    const length = this.gatheredBytes;
    if (length === 0) return;
    this.take(buffer, length);
    if (!this.direct) return this.writeOut(buffer, length, this.position);
    const padded = Math.ceil(length / BLOCK_BYTES) * BLOCK_BYTES;
    buffer.fill(0, length, padded);
    const before = this.bytesWritten;
    try {
      await this.writeOut(buffer, padded, this.position);
    } finally {
      // The padding never stays, nor a part of a tail that failed: the file ends at what was written.
      this.bytesWritten = Math.min(this.bytesWritten, before + length);
      await this.handle!.truncate(this.bytesWritten);
    }
  }

  private async writeOut(buffer: Buffer, length: number, position: number): Promise<void> {
    for (let done = 0; done < length;) {
      const { bytesWritten } = await this.handle!.write(buffer, done, length - done, position + done);
      if (bytesWritten === 0) throw new Error(`${this.path} took none of the bytes written to it`);
      done += bytesWritten;
      this.bytesWritten += bytesWritten;
    }
  }
}
