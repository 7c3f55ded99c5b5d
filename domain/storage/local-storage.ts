import { randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream, mkdirSync } from 'node:fs';
import { mkdir, open, readdir, rename, rm, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fileReader } from '../fingerprint.js';
import { assertMediaKey } from './keys.js';
import type { ByteRange, StagedObject, Storage } from './storage.js';

const STAGING = '.staging';

/** Files under a root folder; staged uploads live in `<root>/.staging` until renamed into place. */
export class LocalStorage implements Storage {
  readonly root: string;

  constructor(root: string) {
    this.root = resolve(root);
  }

  localPath(key: string): string {
    return this.pathOf(key);
  }

  private pathOf(key: string): string {
    assertMediaKey(key);
    return join(this.root, key);
  }

  async stage(source: Readable): Promise<StagedObject> {
    const staging = join(this.root, STAGING);
    // Synchronous, so that the pipeline below takes `source`'s errors from the first tick on.
    mkdirSync(staging, { recursive: true });
    const stagedPath = join(staging, `${randomUUID()}.part`);
    const sink = createWriteStream(stagedPath, { flags: 'wx' });
    try {
      await pipeline(source, sink);
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
        const target = this.pathOf(key);
        if (current === target) return;
        // Flush to disk before the rename makes the file visible.
        const handle = await open(current, 'r+');
        await handle.sync().finally(() => handle.close());
        await mkdir(join(target, '..'), { recursive: true });
        await rename(current, target);
        current = target;
      },
      discard: async () => {
        await rm(current, { force: true });
      },
    };
  }

  async openRead(key: string, range?: ByteRange): Promise<Readable> {
    const path = this.pathOf(key);
    const handle = await open(path, 'r');
    return createReadStream('', { fd: handle, ...(range ?? {}) });
  }

  async stat(key: string): Promise<{ size: number } | null> {
    try {
      return { size: (await stat(this.pathOf(key))).size };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
  }

  async delete(key: string): Promise<void> {
    await rm(this.pathOf(key), { force: true });
  }

  async removeLeftovers(): Promise<number> {
    const staging = join(this.root, STAGING);
    const names = await readdir(staging).catch(() => [] as string[]);
    await Promise.all(names.map((name) => rm(join(staging, name), { force: true })));
    return names.length;
  }
}
