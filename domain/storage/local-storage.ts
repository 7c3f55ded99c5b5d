import { randomUUID } from 'node:crypto';
import { createWriteStream, mkdirSync } from 'node:fs';
import { mkdir, open, readdir, rename, rm, stat } from 'node:fs/promises';
import { hostname } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fileReader } from '../file-fingerprint.js';
import { assertMediaKey } from './keys.js';
import type { ByteRange, StagedObject, Storage } from './storage.js';

const STAGING = '.staging';
/** Another process's staging folder with nothing written for this long belongs to no live upload. */
const STALE_MS = 15 * 60 * 1000;
/** `<pid>@<host>~<uuid>`: whose staging folder it is, so that one of a dead process goes at once. */
const OWNED = /^(\d+)@(.+)~[0-9a-f-]{36}$/;

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

async function newestChange(folder: string): Promise<number> {
  const names = await readdir(folder).catch(() => [] as string[]);
  const times = await Promise.all(
    names.map((name) =>
      stat(join(folder, name)).then(
        (s) => s.mtimeMs,
        () => 0,
      ),
    ),
  );
  return Math.max((await stat(folder)).mtimeMs, ...times);
}

/**
 * Files under a root folder. Uploads are staged in `<root>/.staging/<process>/` and renamed into
 * place only once accepted, so a half-written file never sits under a key.
 */
export class LocalStorage implements Storage {
  readonly root: string;
  /** This process's own staging folder: another process sharing the root never sweeps it while in use. */
  readonly stagingDir: string;

  constructor(root: string) {
    this.root = resolve(root);
    this.stagingDir = join(this.root, STAGING, `${process.pid}@${hostname()}~${randomUUID()}`);
  }

  localPath(key: string): string {
    assertMediaKey(key);
    return join(this.root, key);
  }

  async stage(source: Readable): Promise<StagedObject> {
    // Synchronous, so that the pipeline below takes `source`'s errors from the first tick on.
    mkdirSync(this.stagingDir, { recursive: true });
    const stagedPath = join(this.stagingDir, `${randomUUID()}.part`);
    const sink = createWriteStream(stagedPath, { flags: 'wx' });
    try {
      await pipeline(source, sink);
      // On disk before it can be accepted; done here, not in `commit`, which runs in a transaction.
      await syncPath(stagedPath, 'r+');
    } catch (err) {
      await rm(stagedPath, { force: true });
      throw err;
    }
    return this.stagedFile(stagedPath, sink.bytesWritten);
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

  async stat(key: string): Promise<{ size: number } | null> {
    const found = await stat(this.localPath(key)).catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') return null;
      throw err;
    });
    return found && { size: found.size };
  }

  async delete(key: string): Promise<void> {
    await rm(this.localPath(key), { force: true });
  }

  /**
   * Removes what interrupted uploads left: loose files, the staging folders of this host's processes
   * that no longer run (a crash, a kill -9), and other folders in which nothing was written for 15
   * minutes (a live upload writes all the time; a process on another host cannot be asked).
   */
  async removeLeftovers(now = Date.now()): Promise<number> {
    const base = join(this.root, STAGING);
    const entries = await readdir(base, { withFileTypes: true }).catch(() => []);
    let removed = 0;
    for (const entry of entries) {
      const path = join(base, entry.name);
      if (path === this.stagingDir) continue;
      const live = entry.isDirectory() && !ownerIsGone(entry.name) && now - (await newestChange(path)) < STALE_MS;
      if (live) continue;
      await rm(path, { recursive: true, force: true });
      removed += 1;
    }
    return removed;
  }

  /** At shutdown, once no request is in flight: this process's unfinished uploads go. */
  async close(): Promise<void> {
    await rm(this.stagingDir, { recursive: true, force: true });
  }
}
