import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { mkdir, open, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { DataStore } from '@tus/utils';
import { fileReader } from './file-reader.js';
import { assertMediaKey } from './keys.js';
import { ResumableFiles } from './resumable-files.js';
import { OpenFiles } from './open-files.js';
import type { ByteRange, ListedObject, OpenedObject, StagedObject, StoredObject } from './storage.js';
import type { TusStorage } from './tus-store.js';
import { UploadFileSink } from './upload-file-sink.js';

const STAGING = '.staging';
/** Resumable uploads: their bytes and state, until finished, deleted or expired. Never swept as staging. */
const RESUMABLE = '.uploads';
/** Another process's staging folder with nothing written for this long belongs to no live upload. */
const STALE_MS = 15 * 60 * 1000;
/** `<pid>@<host>~<uuid>`: whose staging folder it is, so that one of a dead process goes at once. */
const OWNED = /^(\d+)@(.+)~[0-9a-f-]{36}$/;

/**
 * Creates `path` and its missing parents one level at a time: `mkdir` with `recursive` never
 * returns on some file systems (under /proc it retries forever, spinning a core).
 */
async function makeFolders(path: string): Promise<void> {
  const missing: string[] = [];
  for (let folder = path; !(await stat(folder).catch(() => null)); folder = dirname(folder)) {
    missing.unshift(folder);
    if (dirname(folder) === folder) break;
  }
  for (const folder of missing) {
    await mkdir(folder).catch((err: NodeJS.ErrnoException) => {
      if (err.code !== 'EEXIST') throw err;
    });
  }
}

/** Whether this folder was made by a process of this host that no longer runs. */
function ownerIsGone(folder: string): boolean {
  const owner = OWNED.exec(folder);
  if (!owner || owner[2] !== hostname()) return false;
  try {
    process.kill(Number(owner[1]), 0);
    return false;
  } catch (err) {
    // EPERM: the process exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

async function syncPath(path: string, flags: 'r' | 'r+'): Promise<void> {
  const handle = await open(path, flags);
  await handle.sync().finally(() => handle.close());
}

/** When anything in `folder` last changed; undefined once it is gone (another process swept it). */
async function newestChange(folder: string): Promise<number | undefined> {
  const own = await stat(folder).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return undefined;
    throw err;
  });
  if (!own) return undefined;
  const names = await readdir(folder).catch(() => [] as string[]);
  const times = await Promise.all(
    names.map((name) =>
      stat(join(folder, name)).then(
        (s) => s.mtimeMs,
        () => 0,
      ),
    ),
  );
  return Math.max(own.mtimeMs, ...times);
}

export interface LocalStorageOptions {
  /** How long a resumable upload is kept before it is swept with its bytes. */
  uploadExpirySeconds: number;
  /**
   * How long a file kept open for the media path is served before the path is checked again for
   * a replaced or deleted file (TICKET_CHECK_CACHE_MS; 0: at every request). Default 0.
   */
  openFileCheckMs?: number;
}

/**
 * Files under a root folder. Uploads are staged in `<root>/.staging/<process>/` and renamed into
 * place only once accepted, so a half-written file never sits under a key. Resumable uploads
 * collect their bytes in `<root>/.uploads/` and are renamed into staging when finished: on the
 * same file system, so no byte is copied.
 */
export class LocalStorage implements TusStorage {
  readonly root: string;
  /** This process's own staging folder: another process sharing the root never sweeps it while in use. */
  readonly stagingDir: string;
  private readonly uploadExpiryMs: number;
  private resumableFiles: ResumableFiles | undefined;
  private readonly openFiles: OpenFiles;

  constructor(root: string, options: LocalStorageOptions) {
    this.root = resolve(root);
    this.stagingDir = join(this.root, STAGING, `${process.pid}@${hostname()}~${randomUUID()}`);
    this.uploadExpiryMs = options.uploadExpirySeconds * 1000;
    this.openFiles = new OpenFiles(options.openFileCheckMs ?? 0);
  }

  /**
   * Made on first use, after `prepare`: tus's file store creates its folder when constructed and
   * throws any failure from a callback, where nothing can catch it (an unusable MEDIA_DIR ended the
   * process with a stack instead of one line).
   */
  get resumable(): ResumableFiles {
    this.resumableFiles ??= new ResumableFiles(join(this.root, RESUMABLE), this.uploadExpiryMs, (path) =>
      this.adopt(path),
    );
    return this.resumableFiles;
  }

  tusStore(): DataStore {
    return this.resumable.datastore;
  }

  async prepare(): Promise<void> {
    try {
      await makeFolders(this.stagingDir);
      await makeFolders(join(this.root, RESUMABLE));
      const probe = join(this.stagingDir, 'write-test');
      await writeFile(probe, '');
      await rm(probe);
    } catch (err) {
      const { code } = err as NodeJS.ErrnoException;
      const reasons: Record<string, string> = {
        ENOTDIR: 'a file stands where a folder must be',
        EACCES: 'no permission to write there',
        EROFS: 'the file system is read-only',
        ENOENT: 'the folder cannot be created there',
        ENOSPC: 'the disk is full',
      };
      throw new Error(reasons[code ?? ''] ?? (err as Error).message);
    }
  }

  /** The file that holds `key`'s bytes (for this class and tests that look at the files themselves). */
  localPath(key: string): string {
    assertMediaKey(key);
    return join(this.root, key);
  }

  async check(): Promise<void> {
    if (!(await stat(this.root)).isDirectory()) throw new Error(`${this.root} is not a folder`);
  }

  toolInput(key: string): Promise<string> {
    return Promise.resolve(this.localPath(key));
  }

  async stage(source: Readable): Promise<StagedObject> {
    // Synchronous, so that the pipeline below takes `source`'s errors from the first tick on.
    mkdirSync(this.stagingDir, { recursive: true });
    const stagedPath = join(this.stagingDir, `${randomUUID()}.part`);
    const sink = new UploadFileSink(stagedPath);
    try {
      await pipeline(source, sink);
      // On disk before it can be accepted; done here, not in `commit`, which runs in a transaction.
      await syncPath(stagedPath, 'r+');
    } catch (err) {
      // The file may still be opening when the source fails: removed before it exists, it would
      // then appear and stay. Its stream closes only after the open.
      if (!sink.closed) await new Promise<void>((resolve) => sink.once('close', () => resolve()));
      await rm(stagedPath, { force: true });
      throw err;
    }
    return this.stagedFile(stagedPath, sink.bytesWritten);
  }

  /** Renames a file of this root (a finished resumable upload) into staging, on disk before it can be accepted. */
  private async adopt(path: string): Promise<StagedObject> {
    mkdirSync(this.stagingDir, { recursive: true });
    const stagedPath = join(this.stagingDir, `${randomUUID()}.part`);
    await rename(path, stagedPath);
    await syncPath(stagedPath, 'r+');
    return this.stagedFile(stagedPath, (await stat(stagedPath)).size);
  }

  private stagedFile(stagedPath: string, size: number): StagedObject {
    let current = stagedPath;
    return {
      size,
      readAt: async (offset, length) => {
        const handle = await open(current, 'r');
        try {
          return await fileReader(handle)(offset, length);
        } finally {
          await handle.close();
        }
      },
      openRead: async () => (await open(current, 'r')).createReadStream(),
      commit: async (key) => {
        const target = this.localPath(key);
        if (current === target) return;
        await mkdir(dirname(target), { recursive: true });
        await rename(current, target);
        current = target;
        // The rename itself survives a power loss only once its folder is flushed.
        await syncPath(dirname(target), 'r');
      },
      discard: async () => {
        await rm(current, { force: true });
      },
    };
  }

  async openRead(key: string, range?: ByteRange): Promise<Readable> {
    const handle = await open(this.localPath(key), 'r');
    return handle.createReadStream(range ? { start: range.start, end: range.end } : {});
  }

  async stat(key: string): Promise<StoredObject | null> {
    const found = await stat(this.localPath(key)).catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') return null;
      throw err;
    });
    return found && { size: found.size, modified: found.mtime };
  }

  openObject(key: string): Promise<OpenedObject | null> {
    return this.openFiles.hold(this.localPath(key));
  }

  /** Files under the root, the staging and resumable folders left out. */
  async *list(prefix: string): AsyncIterable<ListedObject> {
    yield* this.listFolder('', prefix);
  }

  private async *listFolder(folder: string, prefix: string): AsyncIterable<ListedObject> {
    const entries = await readdir(join(this.root, folder), { withFileTypes: true }).catch(
      (err: NodeJS.ErrnoException) => {
        if (err.code === 'ENOENT') return [];
        throw err;
      },
    );
    for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const key = folder + entry.name;
      if (folder === '' && (entry.name === STAGING || entry.name === RESUMABLE)) continue;
      if (entry.isDirectory() && (prefix.startsWith(`${key}/`) || `${key}/`.startsWith(prefix))) {
        yield* this.listFolder(`${key}/`, prefix);
      } else if (entry.isFile() && key.startsWith(prefix)) {
        yield { key, size: (await stat(join(this.root, key))).size };
      }
    }
  }

  async delete(key: string): Promise<void> {
    const path = this.localPath(key);
    await rm(path, { force: true });
    // Its disk space is freed once no descriptor holds it (another process's closes within its check or idle time).
    this.openFiles.forget(path);
  }

  /**
   * Removes what interrupted uploads left: loose files, the staging folders of this host's processes
   * that no longer run (a crash, a kill -9), and other folders in which nothing was written for 15
   * minutes (a live upload writes all the time; a process on another host cannot be asked).
   * Every process sharing the root runs it, at once too: a folder another one removed is skipped.
   */
  async removeLeftovers(now = Date.now()): Promise<number> {
    const base = join(this.root, STAGING);
    const entries = await readdir(base, { withFileTypes: true }).catch(() => []);
    let removed = 0;
    for (const entry of entries) {
      const path = join(base, entry.name);
      if (path === this.stagingDir) continue;
      // A loose file, or a folder of a process gone, counts as changed at the epoch.
      const changed = entry.isDirectory() && !ownerIsGone(entry.name) ? await newestChange(path) : 0;
      if (changed === undefined || now - changed < STALE_MS) continue;
      await rm(path, { recursive: true, force: true });
      removed += 1;
    }
    return removed;
  }

  /** At shutdown, once no request is in flight: this process's unfinished uploads go. */
  async close(): Promise<void> {
    this.openFiles.closeAll();
    await rm(this.stagingDir, { recursive: true, force: true });
  }
}
