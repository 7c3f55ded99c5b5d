import { close, fstat, open, read, stat, type Stats } from 'node:fs';
import { Readable } from 'node:stream';
import type { ByteRange, OpenedObject } from './storage.js';

/** How many files stay open for the next reader: the videos being watched right now. */
const MAX_OPEN = 16;
/** A file nobody read for this long is closed (and a deleted one's disk space freed). */
const IDLE_MS = 10_000;
/** A read of at most this many bytes is answered from one buffer; a longer one is streamed. */
const BUFFERED_READ_MAX = 256 * 1024;
/** The chunk of a streamed read: fewer system calls than the default 64 KiB. */
const STREAM_CHUNK = 256 * 1024;

interface OpenFile {
  fd: number;
  size: number;
  modified: Date;
  /** Device and inode: which file the descriptor reads, whatever is at the path now. */
  identity: string;
  checkedAt: number;
  usedAt: number;
  readers: number;
  /** Left the cache (evicted, replaced, deleted): closed as its last reader finishes. */
  retired: boolean;
}

function identityOf(stats: Stats): string {
  return `${stats.dev}:${stats.ino}:${stats.size}:${stats.mtimeMs}`;
}

const statOf = (path: string) =>
  new Promise<Stats | null>((resolve, reject) =>
    stat(path, (err, stats) => (err ? (err.code === 'ENOENT' ? resolve(null) : reject(err)) : resolve(stats))),
  );

const closeQuietly = (fd: number) => close(fd, () => {});

/** Opens `path` and describes the file the descriptor reads; null when there is none. */
function openFile(path: string, now: number): Promise<OpenFile | null> {
  return new Promise((resolve, reject) =>
    open(path, 'r', (err, fd) => {
      if (err) return err.code === 'ENOENT' ? resolve(null) : reject(err);
      fstat(fd, (statErr, stats) => {
        if (statErr) {
          closeQuietly(fd);
          return reject(statErr);
        }
        const file = { fd, size: stats.size, modified: stats.mtime, identity: identityOf(stats) };
        resolve({ ...file, checkedAt: now, usedAt: now, readers: 0, retired: false });
      });
    }),
  );
}

/** A file that ends before the range its answer announced: cut short since it was opened. */
const endedEarly = () => new Error('the file ended before the range it was read for');

/** Exactly the bytes of `range`, looping over short reads; rejects when the file ends before it. */
function readRange(fd: number, { start, end }: ByteRange): Promise<Buffer> {
  const buffer = Buffer.allocUnsafe(end - start + 1);
  return new Promise((resolve, reject) => {
    const next = (filled: number) =>
      read(fd, buffer, filled, buffer.length - filled, start + filled, (err, bytesRead) => {
        if (err) return reject(err);
        if (bytesRead === 0) return reject(endedEarly());
        if (filled + bytesRead === buffer.length) return resolve(buffer);
        next(filled + bytesRead);
      });
    next(0);
  });
}

/**
 * The bytes of `range` as a stream of reads by position. Never closes `fd` (fs.createReadStream
 * closes it when destroyed, whatever autoClose says, and other readers share it), and ends its
 * destruction only after a read in flight has returned, so that the descriptor outlives every read.
 */
function rangeStream(fd: number, { start, end }: ByteRange): Readable {
  let position = start;
  let reading = false;
  let destroyed: (() => void) | undefined;
  return new Readable({
    highWaterMark: STREAM_CHUNK,
    read() {
      const length = Math.min(STREAM_CHUNK, end + 1 - position);
      if (length <= 0) return void this.push(null);
      const buffer = Buffer.allocUnsafe(length);
      reading = true;
      read(fd, buffer, 0, length, position, (err, bytesRead) => {
        reading = false;
        if (destroyed) return destroyed();
        if (err) return void this.destroy(err);
        // Ending quietly would leave the answer short of its Content-Length on a kept-alive connection.
        if (bytesRead === 0) return void this.destroy(endedEarly());
        position += bytesRead;
        this.push(bytesRead < length ? buffer.subarray(0, bytesRead) : buffer);
      });
    },
    destroy(err, callback) {
      if (reading) destroyed = () => callback(err);
      else callback(err);
    },
  });
}

/**
 * Files kept open across requests: a player's ranges and an HLS stream's segments read the same
 * file again and again, and open, fstat and close cost more than the read itself. Reads go by
 * position, so readers share a descriptor. What is at the path is checked again at most every
 * `checkMs` (the media path's bound, TICKET_CHECK_CACHE_MS; 0 checks on every request): a replaced
 * file is opened anew, a deleted one is no longer served. A file leaves the cache when it is
 * replaced, deleted, idle or the least recently used of too many, and closes once its last reader
 * is done.
 */
export class OpenFiles {
  private readonly files = new Map<string, OpenFile>();
  private readonly opening = new Map<string, Promise<OpenFile | null>>();
  private sweeper: NodeJS.Timeout | undefined;

  constructor(private readonly checkMs: number) {}

  /** The file at `path` held open for one reader, or null when there is none. */
  async hold(path: string): Promise<OpenedObject | null> {
    const file = await this.current(path);
    if (!file) return null;
    // Retired (and closed) while this reader waited: its descriptor number may be reused by now.
    if (file.retired) return this.hold(path);
    file.readers++;
    file.usedAt = Date.now();
    let released = false;
    return {
      size: file.size,
      modified: file.modified,
      bytes: async (range) => this.bytesOf(file, range),
      release: () => {
        if (released) return;
        released = true;
        file.readers--;
        if (file.retired && file.readers === 0) closeQuietly(file.fd);
      },
    };
  }

  /** The file at `path` was deleted or replaced by this process: closed as soon as its readers are done. */
  forget(path: string): void {
    this.retire(path);
  }

  /** How many files are held open now (for tests). */
  get size(): number {
    return this.files.size;
  }

  /** Closes every file no reader holds; held ones close as their readers finish. */
  closeAll(): void {
    for (const path of [...this.files.keys()]) this.retire(path);
    clearInterval(this.sweeper);
    this.sweeper = undefined;
  }

  private bytesOf(file: OpenFile, range: ByteRange): Promise<Buffer | Readable> {
    if (range.end - range.start < BUFFERED_READ_MAX) return readRange(file.fd, range);
    return Promise.resolve(rangeStream(file.fd, range));
  }

  private async current(path: string): Promise<OpenFile | null> {
    const known = this.files.get(path);
    const now = Date.now();
    if (known && now - known.checkedAt < this.checkMs) return known;
    const pending = this.opening.get(path);
    if (pending) return pending;
    const checked = this.checked(path, known, now).finally(() => this.opening.delete(path));
    this.opening.set(path, checked);
    return checked;
  }

  /** `known` when the path still names the file it reads, else the file there now (or null). */
  private async checked(path: string, known: OpenFile | undefined, now: number): Promise<OpenFile | null> {
    if (known) {
      const stats = await statOf(path);
      if (stats && identityOf(stats) === known.identity) {
        known.checkedAt = now;
        return known;
      }
      this.retire(path);
    }
    const opened = await openFile(path, now);
    if (opened) this.keep(path, opened);
    return opened;
  }

  private keep(path: string, file: OpenFile): void {
    this.retire(path);
    this.files.set(path, file);
    if (this.files.size > MAX_OPEN) this.retire(this.leastRecentlyUsed());
    this.sweeper ??= setInterval(() => this.closeIdle(), IDLE_MS).unref();
  }

  private leastRecentlyUsed(): string {
    let oldest: [string, number] = ['', Infinity];
    for (const [path, file] of this.files) if (file.usedAt < oldest[1]) oldest = [path, file.usedAt];
    return oldest[0];
  }

  private closeIdle(): void {
    const before = Date.now() - IDLE_MS;
    for (const [path, file] of this.files) if (file.usedAt < before && file.readers === 0) this.retire(path);
    if (this.files.size === 0) {
      clearInterval(this.sweeper);
      this.sweeper = undefined;
    }
  }

  private retire(path: string): void {
    const file = this.files.get(path);
    if (!file) return;
    this.files.delete(path);
    file.retired = true;
    if (file.readers === 0) closeQuietly(file.fd);
  }
}
