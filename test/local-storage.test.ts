import { mkdir, mkdtemp, readdir, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { newMediaKey, newPosterKey } from '../domain/storage/keys.js';
import { LocalStorage } from '../domain/storage/local-storage.js';

describe('local storage', () => {
  let root: string;
  let storage: LocalStorage;
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'storage-'));
    storage = new LocalStorage(root, { uploadExpirySeconds: 86_400 });
  });
  afterEach(() => rm(root, { recursive: true, force: true }));

  const files = async () =>
    (await readdir(root, { recursive: true, withFileTypes: true }))
      .filter((e) => e.isFile())
      .map((e) => join(e.parentPath, e.name));

  it('keeps staged bytes out of the key until commit, then reads, stats and deletes them', async () => {
    const key = newMediaKey();
    const staged = await storage.stage(Readable.from([Buffer.from('hello '), Buffer.from('world')]));
    expect(staged.size).toBe(11);
    expect((await staged.readAt(6, 5)).toString()).toBe('world');
    expect(await files()).not.toContain(storage.localPath(key));
    await staged.commit(key);
    await staged.commit(key);
    expect(await files()).toEqual([storage.localPath(key)]);
    expect(await readFile(storage.localPath(key), 'utf8')).toBe('hello world');
    expect(await storage.stat(key)).toEqual({ size: 11, modified: expect.any(Date) });
    const range = await storage.openRead(key, { start: 2, end: 4 });
    expect(Buffer.concat(await range.toArray()).toString()).toBe('llo');
    const whole = await storage.openRead(key);
    expect(Buffer.concat(await whole.toArray()).toString()).toBe('hello world');
    await storage.delete(key);
    await storage.delete(key);
    expect(await storage.stat(key)).toBeNull();
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

  it('removes leftovers of interrupted uploads, but not the uploads of another live process', async () => {
    const staging = join(root, '.staging');
    await mkdir(join(staging, 'crashed-process'), { recursive: true });
    await writeFile(join(staging, 'crashed-process', 'a.part'), 'half a file');
    const longAgo = new Date(Date.now() - 3600_000);
    await utimes(join(staging, 'crashed-process', 'a.part'), longAgo, longAgo);
    await utimes(join(staging, 'crashed-process'), longAgo, longAgo);
    await writeFile(join(staging, 'loose.part'), 'from an older version');
    const other = new LocalStorage(root, { uploadExpirySeconds: 86_400 });
    const live = await other.stage(Readable.from([Buffer.from('being uploaded')]));

    expect(await storage.removeLeftovers()).toBe(2);
    expect(await files()).toEqual([join(other.stagingDir, (await readdir(other.stagingDir))[0]!)]);
    await live.commit(newMediaKey());
  });

  it('removes at once the staging of a process of this host that no longer runs, and its own at close', async () => {
    const dead = spawnSync(process.execPath, ['-e', '']).pid;
    const staging = join(root, '.staging');
    const crashed = join(staging, `${dead}@${hostname()}~${randomUUID()}`);
    const running = join(staging, `${process.ppid}@${hostname()}~${randomUUID()}`);
    for (const folder of [crashed, running]) {
      await mkdir(folder, { recursive: true });
      await writeFile(join(folder, 'a.part'), 'written a moment ago');
    }
    const mine = await storage.stage(Readable.from([Buffer.from('mine')]));

    expect(await storage.removeLeftovers()).toBe(1);
    expect((await files()).sort()).toEqual(
      [join(running, 'a.part'), join(storage.stagingDir, (await readdir(storage.stagingDir))[0]!)].sort(),
    );
    await storage.close();
    expect(await files()).toEqual([join(running, 'a.part')]);
    await mine.discard();
  });

  it('leaves no file when the source fails before its file is even open', async () => {
    for (let i = 0; i < 200; i++) {
      const failing = new Readable({
        read() {
          this.destroy(new Error('refused at once'));
        },
      });
      await expect(storage.stage(failing)).rejects.toThrow('refused at once');
    }
    expect(await files()).toEqual([]);
  });

  it('lists what is stored under a prefix, never staged or unfinished uploads', async () => {
    const movies = [newMediaKey(), newMediaKey()];
    const poster = newPosterKey();
    for (const [i, key] of [...movies, poster].entries()) {
      await (await storage.stage(Readable.from([Buffer.alloc(i + 1)]))).commit(key);
    }
    await storage.stage(Readable.from([Buffer.from('staged, not committed')]));
    await storage.prepare();
    await writeFile(join(root, '.uploads', 'unfinished'), 'tus bytes');
    const listed = async (prefix: string) => {
      const found = [];
      for await (const object of storage.list(prefix)) found.push(object);
      return found;
    };
    const sizes = new Map([...movies, poster].map((key, i) => [key, i + 1]));
    const expected = (keys: string[]) => keys.sort().map((key) => ({ key, size: sizes.get(key) }));
    expect(await listed('movies/')).toEqual(expected([...movies]));
    expect(await listed('posters/')).toEqual(expected([poster]));
    expect(await listed('')).toEqual(expected([...movies, poster]));
    expect(await listed(movies[0]!.slice(0, 'movies/'.length + 8))).toEqual(expected([movies[0]!]));
    expect(await listed('nothing/')).toEqual([]);
  });

  it('stats the time of the bytes, hands tools a path, and checks its folder', async () => {
    const key = newMediaKey();
    await (await storage.stage(Readable.from([Buffer.from('abc')]))).commit(key);
    const when = new Date('2020-01-02T03:04:05Z');
    await utimes(storage.localPath(key), when, when);
    expect(await storage.stat(key)).toEqual({ size: 3, modified: when });
    expect(await storage.toolInput(key)).toBe(storage.localPath(key));
    await expect(storage.check()).resolves.toBeUndefined();
    await rm(root, { recursive: true });
    await expect(storage.check()).rejects.toThrow();
    await writeFile(root, 'a file in its place');
    await expect(storage.check()).rejects.toThrow();
  });

  it('refuses keys it did not make', () => {
    for (const key of ['../../etc/passwd', 'movies/../../x', '/etc/passwd', 'movies/abc']) {
      expect(() => storage.localPath(key)).toThrow();
    }
  });
});
