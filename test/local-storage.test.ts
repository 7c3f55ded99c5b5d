import { mkdtemp, readdir, readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { newMediaKey } from '../domain/storage/keys.js';
import { LocalStorage } from '../domain/storage/local-storage.js';

describe('local storage', () => {
  let root: string;
  let storage: LocalStorage;
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'storage-'));
    storage = new LocalStorage(root);
  });
  afterEach(() => rm(root, { recursive: true, force: true }));

  const files = async () => (await readdir(root, { recursive: true, withFileTypes: true })).filter((e) => e.isFile());

  it('keeps staged bytes invisible until commit, then serves them under the key', async () => {
    const key = newMediaKey();
    const staged = await storage.stage(Readable.from([Buffer.from('hello '), Buffer.from('world')]));
    expect(staged.size).toBe(11);
    expect((await staged.readAt(6, 5)).toString()).toBe('world');
    expect(await storage.stat(key)).toBeNull();
    await staged.commit(key);
    await staged.commit(key);
    expect(await storage.stat(key)).toEqual({ size: 11 });
    expect(await readFile(storage.localPath(key), 'utf8')).toBe('hello world');
    const range = await storage.openRead(key, { start: 2, end: 4 });
    expect(Buffer.concat(await range.toArray()).toString()).toBe('llo');
    await storage.delete(key);
    expect(await files()).toEqual([]);
  });

  it('leaves nothing when the source fails or the upload is discarded', async () => {
    const failing = new Readable({
      read() {
        this.push(Buffer.alloc(1000));
        this.destroy(new Error('client went away'));
      },
    });
    await expect(storage.stage(failing)).rejects.toThrow('client went away');
    const staged = await storage.stage(Readable.from([Buffer.from('x')]));
    await staged.discard();
    const committed = await storage.stage(Readable.from([Buffer.from('y')]));
    await committed.commit(newMediaKey());
    await committed.discard();
    expect(await files()).toEqual([]);
  });

  it('removes what interrupted uploads left in staging', async () => {
    await mkdir(join(root, '.staging'), { recursive: true });
    await writeFile(join(root, '.staging', 'crashed.part'), 'half a file');
    expect(await storage.removeLeftovers()).toBe(1);
    expect(await files()).toEqual([]);
  });

  it('refuses keys it did not make', () => {
    for (const key of ['../../etc/passwd', 'movies/../../x', '/etc/passwd', 'movies/abc']) {
      expect(() => storage.localPath(key)).toThrow();
    }
  });
});
