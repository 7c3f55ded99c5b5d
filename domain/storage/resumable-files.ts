import { readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { FileConfigstore, FileStore } from '@tus/file-store';
import { ERRORS, type Upload } from '@tus/utils';
import { newestFirst, ownedBy, readHeld } from './held-uploads.js';
import { isOutOfSpace } from './out-of-space.js';
import { RunningHashes } from './running-hash.js';
import type { HeldUpload, ResumableUploads, StagedObject, TakenUpload } from './storage.js';
import { OWNER_KEY } from './tus-store.js';
import { UploadFileSink } from './upload-file-sink.js';

/** The ids the tus server makes (16 random bytes in hex); anything else names no upload. */
const UPLOAD_ID = /^[0-9a-f]{32}$/;
const INFO_SUFFIX = '.json';

/** Moves a file into the storage's own staging area, where `commit` can rename it under a key. */
export type Adopt = (path: string) => Promise<StagedObject>;

/** One of tus's answers (what its stores throw) as an Error: tus answers its status and body. */
function tusError(answer: { status_code: number; body: string }): Error {
  return Object.assign(new Error(answer.body), answer);
}

/** How long a PATCH may pause before the bytes it sent so far are written. */
const FLUSH_AFTER_PAUSE_MS = 200;

/**
 * tus's file store, hashing the bytes as it writes them (see RunningHashes). Its own `write` is
 * replaced because it opens the file with Node's 16 KiB buffer, a write call per chunk received
 * (1.6 s of CPU a GiB); this one writes as a multipart upload does (UploadFileSink), a MiB at a time
 * past the page cache. A PATCH that breaks off keeps the bytes that came (tus ends the stream, and the
 * sink writes what it holds), and those of a PATCH that stalls are in the file soon after, even if
 * this process stops then.
 */
class HashingFileStore extends FileStore {
  readonly hashes = new RunningHashes();

  override async write(readable: Readable, id: string, offset: number): Promise<number> {
    return this.hashes.write(readable, id, offset, (source) => this.writeAt(source, id, offset));
  }

  private async writeAt(source: Readable, id: string, offset: number): Promise<number> {
    // The store's own path check, which this write passes by: only the ids tus makes name a file.
    if (!UPLOAD_ID.test(id)) throw tusError(ERRORS.FILE_NOT_FOUND);
    const sink = new UploadFileSink(join(this.directory, id), {
      appendAt: offset,
      flushAfterPauseMs: FLUSH_AFTER_PAUSE_MS,
    });
    try {
      await pipeline(source, sink);
    } catch (err) {
      // A full disk is the uploader's to hear of. The sink may fail after its source has ended (it
      // writes the last MiB at the end), when the pipeline no longer gives the error to the source.
      throw isOutOfSpace(err) ? err : tusError(ERRORS.FILE_WRITE_ERROR);
    }
    return offset + sink.bytesWritten;
  }

  override async remove(id: string): Promise<void> {
    this.hashes.forget(id);
    await super.remove(id);
  }
}

/**
 * Resumable uploads on the local disk, in one folder: `<id>` holds the bytes received so far and
 * `<id>.json` the upload's state (its announced length, metadata and creation time), written by
 * tus's file store. Nothing is held only in memory, so an upload resumes after a restart.
 */
export class ResumableFiles implements ResumableUploads {
  /** What tus writes through (TusStorage.tusStore). */
  readonly datastore: HashingFileStore;
  private readonly info: FileConfigstore<Upload>;

  constructor(
    readonly directory: string,
    private readonly expiryMs: number,
    private readonly adopt: Adopt,
  ) {
    this.info = new FileConfigstore(directory);
    this.datastore = new HashingFileStore({
      directory,
      configstore: this.info,
      expirationPeriodInMilliseconds: expiryMs,
    });
  }

  private async infoOf(id: string): Promise<Upload | undefined> {
    return UPLOAD_ID.test(id) ? this.info.get(id) : undefined;
  }

  private isExpired(upload: Upload, now: number): boolean {
    const created = upload.creation_date ? Date.parse(upload.creation_date) : Number.NaN;
    return !(now - created <= this.expiryMs);
  }

  async ownerOf(id: string): Promise<number | null> {
    const owner = Number((await this.infoOf(id))?.metadata?.[OWNER_KEY]);
    return Number.isSafeInteger(owner) ? owner : null;
  }

  async find(id: string, ownerId: number, now = Date.now()): Promise<HeldUpload | null> {
    if ((await this.ownerOf(id)) !== ownerId) return null;
    return readHeld(this.datastore, id, this.expiryMs, now);
  }

  async listAll(now = Date.now()): Promise<HeldUpload[]> {
    const names = await readdir(this.directory).catch(() => [] as string[]);
    const ids = names.filter((name) => name.endsWith(INFO_SUFFIX)).map((name) => name.slice(0, -INFO_SUFFIX.length));
    const found: (HeldUpload | null)[] = [];
    for (const id of ids.filter((one) => UPLOAD_ID.test(one)))
      found.push(await readHeld(this.datastore, id, this.expiryMs, now));
    return newestFirst(found);
  }

  async listOf(ownerId: number, now = Date.now()): Promise<HeldUpload[]> {
    return ownedBy(await this.listAll(now), ownerId);
  }

  async take(id: string, ownerId: number): Promise<TakenUpload | null> {
    const upload = await this.infoOf(id);
    if (!upload || upload.metadata?.[OWNER_KEY] !== String(ownerId)) return null;
    let staged: StagedObject;
    try {
      // A rename: of two callers, only one finds the file.
      staged = await this.adopt(join(this.directory, id));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
    await rm(join(this.directory, id + INFO_SUFFIX), { force: true });
    const sha256 = this.datastore.hashes.take(id, staged.size);
    if (this.isExpired(upload, Date.now())) {
      await staged.discard();
      return null;
    }
    return {
      complete: upload.size !== undefined && staged.size === upload.size,
      filename: upload.metadata?.filename ?? undefined,
      staged,
      sha256,
    };
  }

  /**
   * Removes every upload created more than the expiry ago, finished or not (an upload nobody
   * called `finishUpload` for is still unfinished), and bytes or state left without their other half.
   */
  async sweepExpired(now = Date.now()): Promise<number> {
    const names = await readdir(this.directory).catch(() => [] as string[]);
    const ids = new Set(names.map((name) => name.replace(INFO_SUFFIX, '')).filter((id) => UPLOAD_ID.test(id)));
    let removed = 0;
    for (const id of ids) {
      const upload = await this.info.get(id);
      const bytes = await stat(join(this.directory, id)).catch(() => null);
      // Bytes without state are an upload being created, or a crash: gone once as old as an expired one.
      const expired = upload ? this.isExpired(upload, now) || !bytes : now - (bytes?.mtimeMs ?? 0) > this.expiryMs;
      if (!expired) continue;
      await rm(join(this.directory, id), { force: true });
      await rm(join(this.directory, id + INFO_SUFFIX), { force: true });
      this.datastore.hashes.forget(id);
      removed += 1;
    }
    return removed;
  }
}
