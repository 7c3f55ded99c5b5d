import { readdirSync, readlinkSync } from 'node:fs';
import { mkdtemp, rename, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OpenFiles } from '../domain/storage/open-files.js';
import type { ByteRange, OpenedObject } from '../domain/storage/storage.js';

/** The descriptors of this process open on `path` (a deleted file's name ends in " (deleted)"). */
function descriptorsOn(path: string): number {
  return readdirSync('/proc/self/fd').filter((fd) => {
    try {
      return readlinkSync(`/proc/self/fd/${fd}`).startsWith(path);
    } catch {
      return false;
    }
  }).length;
}

/** `descriptorsOn(path)` once it is `count`: a descriptor closes a moment after the call that closes it. */
async function settlesTo(path: string, count: number): Promise<number> {
  for (let i = 0; i < 50 && descriptorsOn(path) !== count; i++) await new Promise((r) => setTimeout(r, 10));
  return descriptorsOn(path);
}

async function text(opened: OpenedObject, range: ByteRange): Promise<string> {
  const body = await opened.bytes(range);
  if (body === null) throw new Error('the bytes went');
  if (Buffer.isBuffer(body)) return body.toString();
  return Buffer.concat(await body.toArray()).toString();
}

describe('open files of the media path', () => {
  let dir: string;
  let files: OpenFiles;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'open-files-'));
    files = new OpenFiles(0);
  });
  afterEach(async () => {
    files.closeAll();
    await rm(dir, { recursive: true, force: true });
  });

  it('reads every range of a file through one descriptor, kept open between readers', async () => {
    const path = join(dir, 'a');
    await writeFile(path, 'hello world');
    for (const [start, end, expected] of [
      [0, 4, 'hello'],
      [6, 10, 'world'],
      [4, 6, 'o w'],
    ] as const) {
      const opened = (await files.hold(path))!;
      expect(opened.size).toBe(11);
      expect(await text(opened, { start, end })).toBe(expected);
      opened.release();
    }
    const [first, second] = await Promise.all([files.hold(path), files.hold(path)]);
    expect(descriptorsOn(path)).toBe(1);
    first!.release();
    second!.release();
    expect(descriptorsOn(path)).toBe(1);
  });

  it('streams a long range exactly, and a reader that leaves early closes nothing the next one needs', async () => {
    const path = join(dir, 'long');
    const bytes = Buffer.alloc(3 * 1024 * 1024, 'abcdefgh');
    await writeFile(path, bytes);
    const leaving = (await files.hold(path))!;
    const stream = (await leaving.bytes({ start: 0, end: bytes.length - 1 })) as Readable;
    expect(Buffer.isBuffer(stream)).toBe(false);
    stream.once('data', () => stream.destroy());
    await new Promise((resolve) => stream.once('close', resolve));
    leaving.release();
    const next = (await files.hold(path))!;
    const range = { start: 1000, end: 2 * 1024 * 1024 + 7 };
    expect(await text(next, range)).toBe(bytes.subarray(range.start, range.end + 1).toString());
    next.release();
  });

  it('notices a file replaced under its name, and closes the old one once its reader is done', async () => {
    const path = join(dir, 'replaced');
    await writeFile(path, 'old bytes');
    const reading = (await files.hold(path))!;
    await writeFile(join(dir, 'new'), 'new bytes!');
    await rename(join(dir, 'new'), path);
    const fresh = (await files.hold(path))!;
    expect(fresh.size).toBe(10);
    expect(await text(fresh, { start: 0, end: 9 })).toBe('new bytes!');
    // The reader that opened the old file still reads it, whole.
    expect(await text(reading, { start: 0, end: 8 })).toBe('old bytes');
    expect(descriptorsOn(path)).toBe(2);
    reading.release();
    fresh.release();
    expect(await settlesTo(path, 1)).toBe(1);
  });

  it('serves nothing of a deleted file and closes it, so that its disk space is freed', async () => {
    const path = join(dir, 'deleted');
    await writeFile(path, 'soon gone');
    (await files.hold(path))!.release();
    expect(descriptorsOn(path)).toBe(1);
    await unlink(path);
    expect(await files.hold(path)).toBeNull();
    expect(await settlesTo(path, 0)).toBe(0);
    expect(files.size).toBe(0);
  });

  it('keeps a replaced file for at most the bound it is given, then the new one', async () => {
    const bounded = new OpenFiles(300);
    const path = join(dir, 'bounded');
    await writeFile(path, 'first');
    (await bounded.hold(path))!.release();
    await unlink(path);
    await writeFile(path, 'second');
    const within = (await bounded.hold(path))!;
    expect(await text(within, { start: 0, end: 4 })).toBe('first');
    within.release();
    await new Promise((resolve) => setTimeout(resolve, 350));
    const after = (await bounded.hold(path))!;
    expect(await text(after, { start: 0, end: 5 })).toBe('second');
    after.release();
    bounded.closeAll();
    expect(await settlesTo(path, 0)).toBe(0);
  });

  it('keeps at most 16 files open, closing the least recently used', async () => {
    const paths = Array.from({ length: 20 }, (_, i) => join(dir, `many-${String(i).padStart(2, '0')}`));
    for (const path of paths) {
      await writeFile(path, path);
      const opened = (await files.hold(path))!;
      expect(await text(opened, { start: 0, end: path.length - 1 })).toBe(path);
      opened.release();
    }
    expect(files.size).toBe(16);
    // Closes run on the thread pool and may finish in any order: each evicted file is waited for.
    for (const path of paths.slice(0, 4)) await settlesTo(path, 0);
    expect(paths.map(descriptorsOn)).toEqual([...Array(4).fill(0), ...Array(16).fill(1)]);
  });
});
