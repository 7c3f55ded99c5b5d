import { createHash, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { CreateMultipartUploadCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { newMediaKey, newPosterKey } from '../domain/storage/keys.js';
import { S3Storage } from '../domain/storage/s3-storage.js';
import type { StagedObject } from '../domain/storage/storage.js';
import { newBucket, s3Endpoint, type TestBucket } from './support/s3.js';

const MIB = 1024 * 1024;
const MINUTE = 60_000;

async function bytesOf(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** `total` bytes in chunks of 1 MiB, then an error instead of the end when `failAt` is reached. */
function source(bytes: Buffer, failAt?: number): Readable {
  let sent = 0;
  return new Readable({
    read() {
      if (failAt !== undefined && sent >= failAt) return this.destroy(new Error('the client went away'));
      if (sent >= bytes.length) return this.push(null);
      this.push(bytes.subarray(sent, sent + MIB));
      sent += MIB;
    },
  });
}

async function all<T>(items: AsyncIterable<T>): Promise<T[]> {
  const found: T[] = [];
  for await (const item of items) found.push(item);
  return found;
}

describe.skipIf(!s3Endpoint)('S3 storage', () => {
  let bucket: TestBucket;
  let storage: S3Storage;

  beforeEach(async () => {
    bucket = newBucket();
    storage = new S3Storage(bucket.location, {
      maxUploadBytes: 8 * 1024 ** 3,
      uploadExpirySeconds: 3600,
      toolSeconds: 60,
    });
    await storage.prepare();
  });
  afterEach(async () => {
    await storage.close();
    await bucket.remove();
  });

  const nothingStored = async () => expect(await bucket.contents()).toEqual({ objects: [], uploads: [] });

  it('creates its bucket when it is missing, and prepare is idempotent', async () => {
    await storage.prepare();
    await storage.check();
    await nothingStored();
  });

  it('stages out of sight and commits under its own key by removing the marker only', async () => {
    const bytes = randomBytes(300_000);
    const staged = await storage.stage(source(bytes));
    const key = staged.movieKey!;
    expect(key).toMatch(/^movies\/[0-9a-f-]{36}$/);
    expect(staged.size).toBe(bytes.length);
    expect(await all(storage.list('movies/'))).toEqual([]);
    expect((await bucket.contents()).objects).toEqual([key, key.replace('movies/', 'staging/')]);
    expect(Buffer.from(await staged.readAt(1000, 10))).toEqual(bytes.subarray(1000, 1010));
    expect(Buffer.from(await staged.readAt(bytes.length - 5, 5))).toEqual(bytes.subarray(-5));

    await staged.commit(key);
    await staged.commit(key);
    expect(await bucket.contents()).toEqual({ objects: [key], uploads: [] });
    expect(await all(storage.list('movies/'))).toEqual([{ key, size: bytes.length }]);
    const found = await storage.stat(key);
    expect(found?.size).toBe(bytes.length);
    expect(found?.modified).toBeInstanceOf(Date);
    expect(await bytesOf(await storage.openRead(key))).toEqual(bytes);
    expect(await bytesOf(await storage.openRead(key, { start: 10, end: 19 }))).toEqual(bytes.subarray(10, 20));
  });

  it('streams a large upload in 16 MiB parts and hashes to the same bytes', async () => {
    const bytes = randomBytes(40 * MIB);
    const staged = await storage.stage(source(bytes));
    expect(staged.size).toBe(bytes.length);
    const sha256 = createHash('sha256')
      .update(await bytesOf(await staged.openRead()))
      .digest('hex');
    expect(sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
    await staged.discard();
    await staged.discard();
    await nothingStored();
  });

  it('leaves nothing when the source fails, before or after the first part was sent', async () => {
    for (const failAt of [0, MIB, 20 * MIB, 36 * MIB]) {
      await expect(storage.stage(source(randomBytes(40 * MIB), failAt))).rejects.toThrow('the client went away');
      await nothingStored();
    }
  });

  it('discards committed bytes too, and commits under another key (a poster) by a copy', async () => {
    const staged = await storage.stage(source(Buffer.from('a jpeg')));
    const key = newPosterKey();
    await staged.commit(key);
    expect(await bucket.contents()).toEqual({ objects: [key], uploads: [] });
    expect(await bytesOf(await storage.openRead(key))).toEqual(Buffer.from('a jpeg'));
    await staged.discard();
    await nothingStored();
  });

  it('deletes, and finds nothing under a key never written', async () => {
    const staged: StagedObject = await storage.stage(source(Buffer.from('bytes')));
    await staged.commit(staged.movieKey!);
    await storage.delete(staged.movieKey!);
    await storage.delete(staged.movieKey!);
    expect(await storage.stat(staged.movieKey!)).toBeNull();
    expect(await storage.stat(newMediaKey())).toBeNull();
    await expect(storage.openRead(newMediaKey())).rejects.toThrow();
    await nothingStored();
  });

  it('removes staged bytes once nobody wrote them for two hours, and stalled multipart uploads', async () => {
    const staged = await storage.stage(source(Buffer.from('left behind')));
    const orphan = newMediaKey();
    await bucket.client.send(new CreateMultipartUploadCommand({ Bucket: bucket.location.bucket, Key: orphan }));
    const committed = await storage.stage(source(Buffer.from('kept')));
    await committed.commit(committed.movieKey!);

    expect(await storage.removeLeftovers()).toBe(0);
    expect(await storage.removeLeftovers(Date.now() + 60 * MINUTE)).toBe(0);
    expect(await storage.removeLeftovers(Date.now() + 121 * MINUTE)).toBe(2);
    expect(await bucket.contents()).toEqual({ objects: [committed.movieKey!], uploads: [] });
    expect(staged.size).toBe(11);
  });

  it('ffprobe’s URL and a download URL read the bytes without credentials, with the download’s headers', async () => {
    const staged = await storage.stage(source(Buffer.from('0123456789')));
    const key = staged.movieKey!;
    await staged.commit(key);
    const tool = await fetch(await storage.toolInput(key), { headers: { range: 'bytes=2-4' } });
    expect(tool.status).toBe(206);
    expect(await tool.text()).toBe('234');

    const url = await storage.presignedUrl(key, {
      filename: 'Été à Paris.mp4',
      contentType: 'video/mp4',
      inline: false,
      expiresInSeconds: 60,
    });
    const download = await fetch(url);
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toBe('video/mp4');
    expect(download.headers.get('content-disposition')).toBe(
      `attachment; filename="?t? ? Paris.mp4"; filename*=UTF-8''%C3%89t%C3%A9%20%C3%A0%20Paris.mp4`,
    );
    const inline = await storage.presignedUrl(key, {
      filename: 'clip.mp4',
      contentType: 'video/mp4',
      inline: true,
      expiresInSeconds: 60,
    });
    expect((await fetch(inline)).headers.get('content-disposition')).toBe('inline; filename=clip.mp4');
    expect((await fetch(url.replace(/X-Amz-Signature=[0-9a-f]+/, 'X-Amz-Signature=00'))).status).toBe(403);
  });

  it('lists by prefix without markers, resumable uploads’ state or staged bytes', async () => {
    const staged = await storage.stage(source(Buffer.from('staged')));
    await bucket.client.send(
      new PutObjectCommand({ Bucket: bucket.location.bucket, Key: 'uploads/x.info', Body: '{}' }),
    );
    const poster = await storage.stage(source(Buffer.from('poster')));
    const posterKey = newPosterKey();
    await poster.commit(posterKey);
    expect(await all(storage.list(''))).toEqual([{ key: posterKey, size: 6 }]);
    await staged.discard();
  });

  it('says so when the store does not answer: check throws and prepare gives one reason', async () => {
    const away = new S3Storage(
      { ...bucket.location, endpoint: 'http://127.0.0.1:9' },
      { maxUploadBytes: MIB, uploadExpirySeconds: 60, toolSeconds: 60 },
    );
    await expect(away.check()).rejects.toThrow();
    await expect(away.prepare()).rejects.toThrow(/^the store at http:\/\/127\.0\.0\.1:9 cannot be reached/);
    const refused = new S3Storage(
      { ...bucket.location, credentials: { accessKeyId: 'test:tester', secretAccessKey: 'wrong' } },
      { maxUploadBytes: MIB, uploadExpirySeconds: 60, toolSeconds: 60 },
    );
    await expect(refused.prepare()).rejects.toThrow(/refused the credentials/);
    await away.close();
    await refused.close();
  });
});
