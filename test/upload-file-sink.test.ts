import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UploadFileSink } from '../domain/storage/upload-file-sink.js';

const MiB = 1024 * 1024;

/** `bytes` cut into chunks of uneven sizes, as a socket hands them over. */
function chunksOf(bytes: Buffer): Buffer[] {
  const chunks: Buffer[] = [];
  for (let at = 0, i = 0; at < bytes.length; i++) {
    const size = [65_536, 1, 16_384, 4095, 300_000, 2 * MiB + 7][i % 6]!;
    chunks.push(bytes.subarray(at, at + size));
    at += size;
  }
  return chunks;
}

describe('the file an upload is written to', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'upload-sink-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  // Sizes on and off the disk's blocks and the MiB the sink writes at a time.
  const sizes = [0, 1, 4095, 4096, 4097, MiB - 1, MiB, MiB + 1, 3 * MiB + 12_345];

  for (const direct of [true, false]) {
    it(`writes every byte and nothing more (${direct ? 'directly' : 'through the page cache'})`, async () => {
      for (const size of sizes) {
        const bytes = randomBytes(size);
        const path = join(dir, `new-${direct}-${size}`);
        const sink = new UploadFileSink(path, { direct });
        await pipeline(Readable.from(chunksOf(bytes)), sink);
        // The temporary folder's file system takes O_DIRECT on these machines (ext4, and tmpfs since Linux 6.6).
        expect(sink.writesDirectly).toBe(direct);
        expect(sink.bytesWritten).toBe(size);
        expect((await readFile(path)).equals(bytes), `${size} bytes`).toBe(true);
      }
    });
  }

  it('appends at an offset, on a block boundary (directly) or off one (through the page cache)', async () => {
    for (const start of [0, 4096, MiB, 1000, MiB + 3]) {
      const head = randomBytes(start);
      const tail = randomBytes(MiB + 5000);
      const path = join(dir, `append-${start}`);
      await writeFile(path, head);
      const sink = new UploadFileSink(path, { appendAt: start });
      await pipeline(Readable.from(chunksOf(tail)), sink);
      expect(sink.writesDirectly).toBe(start % 4096 === 0);
      expect(sink.bytesWritten).toBe(tail.length);
      expect((await readFile(path)).equals(Buffer.concat([head, tail])), `from ${start}`).toBe(true);
    }
  });

  it('writes what it gathered once its source pauses, then goes on to the end', async () => {
    const bytes = randomBytes(3 * MiB + 777);
    const path = join(dir, 'paused');
    const source = new Readable({ read: () => undefined });
    const sink = new UploadFileSink(path, { flushAfterPauseMs: 20 });
    const written = pipeline(source, sink);
    const first = 300_000;
    source.push(bytes.subarray(0, first));
    const size = () =>
      readFile(path).then(
        (file) => file.length,
        () => 0,
      );
    for (let i = 0; i < 200 && (await size()) < first; i++) await sleep(10);
    expect((await readFile(path)).equals(bytes.subarray(0, first))).toBe(true);
    source.push(bytes.subarray(first));
    source.push(null);
    await written;
    expect(sink.bytesWritten).toBe(bytes.length);
    expect((await readFile(path)).equals(bytes)).toBe(true);
  });

  it('keeps only whole written MiBs when its source fails, never padding', async () => {
    const bytes = randomBytes(2 * MiB + 100);
    const path = join(dir, 'failed');
    const source = new Readable({ read: () => undefined });
    source.push(bytes);
    setTimeout(() => source.destroy(new Error('client went away')), 50);
    const sink = new UploadFileSink(path);
    await expect(pipeline(source, sink)).rejects.toThrow('client went away');
    // The file closes once a write under way is over.
    if (!sink.closed) await new Promise((resolve) => sink.once('close', resolve));
    const kept = await readFile(path);
    expect(kept.length % MiB).toBe(0);
    expect(kept.equals(bytes.subarray(0, kept.length))).toBe(true);
    expect(sink.bytesWritten).toBe(kept.length);
  });

  it('refuses to write over a file that exists', async () => {
    const path = join(dir, 'exists');
    await writeFile(path, 'x');
    await expect(pipeline(Readable.from([Buffer.from('y')]), new UploadFileSink(path))).rejects.toMatchObject({
      code: 'EEXIST',
    });
    expect(await readFile(path, 'utf8')).toBe('x');
  });
});
