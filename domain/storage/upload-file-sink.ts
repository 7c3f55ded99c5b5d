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
 * again, page by page (up to a minor fault for every 4 KiB received). The last, partial block is
 * written padded and the file cut back to its length. Where O_DIRECT is refused (some file systems),
 * or an append starts off a block boundary, the same writes go through the page cache. `fsync` is
 * still the caller's: it makes the file's length durable.
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
  private readonly append: boolean;
  private readonly start: number;
  /** Where the next bytes go in the file. */
  private position: number;
  /** The work on the buffers and the file, one step at a time. */
  private steps: Promise<void> = Promise.resolve();
  /** The last write started: a buffer is filled again only once its write is over. */
  private writing: Promise<void> = Promise.resolve();
  private readonly pauseMs: number | undefined;
  private pauseTimer: NodeJS.Timeout | undefined;
  private lastChunkAt = 0;

  /**
   * Creates the file at `path`, which must not exist yet; with `appendAt`, writes into the existing
   * file from there. `flushAfterPauseMs`: what was gathered is written once no chunk came for that
   * long, so that the bytes of a request that stalls are in the file (and then through the page
   * cache, as the rest of it). `direct: false` writes through the page cache, as where O_DIRECT is
   * refused.
   */
  constructor(
    private readonly path: string,
    options: { appendAt?: number; flushAfterPauseMs?: number; direct?: boolean } = {},
  ) {
    super({ highWaterMark: ALIGNED_BUFFER_BYTES });
    this.append = options.appendAt !== undefined;
    this.start = this.position = options.appendAt ?? 0;
    this.pauseMs = options.flushAfterPauseMs;
    this.direct = options.direct !== false && constants.O_DIRECT !== undefined && this.start % BLOCK_BYTES === 0;
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
    if (this.pauseMs !== undefined) this.watchForPause();
    if (this.gatheredBytes < ALIGNED_BUFFER_BYTES) return callback();
    this.step(() => this.writeFull()).then(() => callback(), callback);
  }

  override _final(callback: Done): void {
    clearTimeout(this.pauseTimer);
    this.step(() => this.writeTail()).then(() => callback(), callback);
  }

  override _destroy(error: Error | null, callback: Done): void {
    clearTimeout(this.pauseTimer);
    // The kernel may still be reading a buffer: they go back, and the file closes, once the write is over.
    void this.steps
      .then(() => this.writing)
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
    const handle = await open(this.path, this.append ? O_WRONLY : O_WRONLY | O_CREAT | O_EXCL);
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

  /** Runs `work` after the steps before it; a step that fails is its caller's to hear of. */
  private step(work: () => Promise<void>): Promise<void> {
    const run = this.steps.then(work);
    this.steps = run.catch(() => undefined);
    return run;
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

  /** Writes what is left (less than a MiB): padded to a block and cut back when writing directly. */
  private async writeTail(): Promise<void> {
    await this.writing;
    const [buffer] = this.buffers!;
    const length = this.gatheredBytes;
    if (length === 0) return;
    this.take(buffer, length);
    if (!this.direct) {
      await this.writeOut(buffer, length, this.position);
      this.position += length;
      return;
    }
    const padded = Math.ceil(length / BLOCK_BYTES) * BLOCK_BYTES;
    buffer.fill(0, length, padded);
    const before = this.bytesWritten;
    try {
      await this.writeOut(buffer, padded, this.position);
    } finally {
      // The padding never stays, nor a part of a tail that failed: the file ends at what was written.
      this.bytesWritten = Math.min(this.bytesWritten, before + length);
      this.position = this.start + this.bytesWritten;
      await this.handle!.truncate(this.position);
    }
  }

  private watchForPause(): void {
    this.lastChunkAt = performance.now();
    this.pauseTimer ??= setTimeout(() => this.onPauseTimer(), this.pauseMs).unref();
  }

  private onPauseTimer(): void {
    this.pauseTimer = undefined;
    if (this.destroyed || this.writableFinished || this.gatheredBytes === 0) return;
    const quiet = performance.now() - this.lastChunkAt;
    if (quiet < this.pauseMs!) {
      this.pauseTimer = setTimeout(() => this.onPauseTimer(), this.pauseMs! - quiet).unref();
      return;
    }
    // Nothing waits on this write: its failure fails the stream at once.
    void this.step(() => this.flushAfterPause()).catch((err: Error) => this.destroy(err));
  }

  /** Writes what was gathered now, through the page cache from here on: the file's end is off a block. */
  private async flushAfterPause(): Promise<void> {
    await this.writing;
    if (this.destroyed || this.gatheredBytes === 0) return;
    if (this.direct) {
      const direct = this.handle!;
      this.handle = await open(this.path, constants.O_WRONLY);
      this.direct = false;
      await direct.close();
    }
    const [buffer] = this.buffers!;
    // Chunks may have come since the pause was seen: a full MiB of them is the next step's.
    const length = Math.min(this.gatheredBytes, ALIGNED_BUFFER_BYTES);
    this.take(buffer, length);
    await this.writeOut(buffer, length, this.position);
    this.position += length;
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
