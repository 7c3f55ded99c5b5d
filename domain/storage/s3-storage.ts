import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import {
  CreateBucketCommand,
  GetObjectCommand,
  HeadBucketCommand,
  ListPartsCommand,
  type MultipartUpload,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { DataStore } from '@tus/utils';
import { create as contentDisposition } from 'content-disposition';
import { assertMediaKey } from './keys.js';
import { ResumableS3 } from './resumable-s3.js';
import { openedByStat } from './opened-by-stat.js';
import { MOVIES, S3Bucket, STAGING, UPLOADS } from './s3-bucket.js';
import { isMissing, MAX_PARTS, type S3Location } from './s3-client.js';
import { S3StagedObject } from './s3-staged-object.js';
import type { ByteRange, ListedObject, OpenedObject, PresignOptions, StagedObject, StoredObject } from './storage.js';
import type { TusStorage } from './tus-store.js';

const MIB = 1024 * 1024;
/** Parts of a streamed upload: lib-storage holds QUEUE_SIZE of them in memory at most. */
export const PART_BYTES = 16 * MIB;
const QUEUE_SIZE = 4;
/**
 * Staged bytes with nothing written for this long belong to no live upload. Local files see every
 * write (15 minutes there); a bucket sees a part only once it is whole, and a 16 MiB part at the
 * slowest rate an upload may keep (UPLOAD_MIN_BYTES_PER_SECOND, 16 KiB/s) takes 17 minutes.
 */
const STALE_MS = 2 * 60 * 60 * 1000;
/** A health check that takes longer than this is a store that does not answer. */
const CHECK_TIMEOUT_MS = 2000;

/** The part size that keeps an upload of `maxBytes` within MAX_PARTS: 16 MiB, or more for larger limits. */
export function partBytesFor(maxBytes: number): number {
  return Math.max(PART_BYTES, Math.ceil(maxBytes / MAX_PARTS / MIB) * MIB);
}

export interface S3StorageOptions {
  /** The largest upload (MAX_UPLOAD_BYTES): the part size grows with it so that it fits in MAX_PARTS. */
  maxUploadBytes: number;
  /** How long a resumable upload is kept before it is swept with its bytes. */
  uploadExpirySeconds: number;
  /** How long ffprobe and ffmpeg may read through one pre-signed URL (MEDIA_TIMEOUT_SECONDS). */
  toolSeconds: number;
}

/**
 * Videos and posters in an S3-compatible bucket. An upload streams into a multipart upload of
 * `partBytes` parts, QUEUE_SIZE in flight: at most `4 × 16 MiB = 64 MiB` of memory per upload at the
 * default MAX_UPLOAD_BYTES. Its bytes go straight to a fresh `movies/<uuid>` key, beside a marker
 * `staging/<uuid>` that says they are not accepted yet: `commit` under that same key only removes the
 * marker, so accepting a video of many gigabytes copies nothing. No movie row names the key before
 * `commit`, so nobody can read the bytes meanwhile; a refusal deletes them with the marker.
 */
export class S3Storage implements TusStorage {
  readonly bucket: S3Bucket;
  readonly partBytes: number;
  private readonly options: S3StorageOptions;
  private resumableS3: ResumableS3 | undefined;

  constructor(location: S3Location, options: S3StorageOptions) {
    this.bucket = new S3Bucket(location);
    this.options = options;
    this.partBytes = partBytesFor(options.maxUploadBytes);
  }

  get resumable(): ResumableS3 {
    this.resumableS3 ??= new ResumableS3(this.bucket, {
      expiryMs: this.options.uploadExpirySeconds * 1000,
      partBytes: this.partBytes,
      maxUploadBytes: this.options.maxUploadBytes,
    });
    return this.resumableS3;
  }

  tusStore(): DataStore {
    return this.resumable.datastore;
  }

  private get client() {
    return this.bucket.client;
  }

  /** Creates the bucket when it is missing; one clear reason when the store cannot be used. */
  async prepare(): Promise<void> {
    try {
      await this.client.send(new HeadBucketCommand({ Bucket: this.bucket.name }));
    } catch (err) {
      if (!isMissing(err)) throw new Error(reasonOf(err, this.bucket.location));
      try {
        await this.client.send(new CreateBucketCommand({ Bucket: this.bucket.name }));
      } catch (createErr) {
        const { name } = createErr as Error;
        if (name !== 'BucketAlreadyOwnedByYou') throw new Error(reasonOf(createErr, this.bucket.location));
      }
    }
  }

  async check(): Promise<void> {
    await this.client.send(new HeadBucketCommand({ Bucket: this.bucket.name }), {
      abortSignal: AbortSignal.timeout(CHECK_TIMEOUT_MS),
    });
  }

  async stage(source: Readable): Promise<StagedObject> {
    const id = randomUUID();
    const key = MOVIES + id;
    // Taken synchronously; lib-storage reads `source` from its first tick on, and an error that
    // arrives before would otherwise end the process.
    let failure: unknown;
    source.on('error', (err) => (failure ??= err));
    const upload = new Upload({
      client: this.client,
      params: { Bucket: this.bucket.name, Key: key, Body: source },
      partSize: this.partBytes,
      queueSize: QUEUE_SIZE,
      // Any failure aborts the multipart upload, so that no part stays billed in the bucket.
      leavePartsOnError: false,
    });
    const marked = this.bucket.putMarker(id);
    const [sent, marker] = await Promise.allSettled([upload.done(), marked]);
    if (sent.status === 'rejected' || marker.status === 'rejected' || failure) {
      await this.bucket.removeStaged(id);
      throw failure ?? (sent.status === 'rejected' ? sent.reason : (marker as PromiseRejectedResult).reason);
    }
    const found = await this.stat(key);
    if (!found) throw new Error(`the staged upload ${key} is missing from the bucket`);
    return new S3StagedObject(this.bucket, id, found.size);
  }

  openRead(key: string, range?: ByteRange): Promise<Readable> {
    return this.bucket.openRead(key, range);
  }

  stat(key: string): Promise<StoredObject | null> {
    return this.bucket.stat(key);
  }

  openObject(key: string): Promise<OpenedObject | null> {
    return openedByStat(this, key);
  }

  delete(key: string): Promise<void> {
    return this.bucket.delete(key);
  }

  /** Objects under `prefix`, except staging markers, resumable uploads' state and bytes not accepted yet. */
  async *list(prefix: string): AsyncIterable<ListedObject> {
    const staged = new Set<string>();
    for await (const marker of this.bucket.listAll(STAGING)) staged.add(MOVIES + marker.Key!.slice(STAGING.length));
    for await (const object of this.bucket.listAll(prefix)) {
      const key = object.Key!;
      if (key.startsWith(STAGING) || key.startsWith(UPLOADS) || staged.has(key)) continue;
      yield { key, size: object.Size ?? 0 };
    }
  }

  /** A URL ffprobe and ffmpeg read the bytes through, valid for as long as they may run. */
  async toolInput(key: string): Promise<string> {
    assertMediaKey(key);
    const command = new GetObjectCommand({ Bucket: this.bucket.name, Key: key });
    return getSignedUrl(this.client, command, { expiresIn: this.options.toolSeconds + 60 });
  }

  /** A short-lived URL the browser downloads from, with the headers the /media route would send. */
  async presignedUrl(key: string, options: PresignOptions): Promise<string> {
    assertMediaKey(key);
    const command = new GetObjectCommand({
      Bucket: this.bucket.name,
      Key: key,
      ResponseContentType: options.contentType,
      ResponseContentDisposition: contentDisposition(options.filename, {
        type: options.inline ? 'inline' : 'attachment',
      }),
    });
    return getSignedUrl(this.client, command, { expiresIn: options.expiresInSeconds });
  }

  /** When a multipart upload last received bytes: its newest part, or its start. */
  private async lastWrite(upload: MultipartUpload): Promise<number> {
    let newest = upload.Initiated?.getTime() ?? 0;
    try {
      const parts = await this.client.send(
        new ListPartsCommand({ Bucket: this.bucket.name, Key: upload.Key, UploadId: upload.UploadId }),
      );
      for (const part of parts.Parts ?? []) newest = Math.max(newest, part.LastModified?.getTime() ?? 0);
    } catch (err) {
      if (!isMissing(err)) throw err;
    }
    return newest;
  }

  /**
   * Removes what interrupted uploads left: staged bytes (and their open multipart uploads) whose
   * marker is older than two hours and to which nothing was written for as long (another process
   * may still be receiving them), and multipart uploads of no resumable upload and no marker that
   * stalled as long (a crash before the marker was written). Resumable uploads are swept by their
   * own expiry.
   */
  async removeLeftovers(now = Date.now()): Promise<number> {
    const stale = (time: number) => now - time >= STALE_MS;
    const markers = new Map<string, number>();
    for await (const object of this.bucket.listAll(STAGING)) {
      markers.set(object.Key!.slice(STAGING.length), object.LastModified?.getTime() ?? 0);
    }
    const writing = new Map<string, MultipartUpload[]>();
    for await (const upload of this.bucket.multipartUploads(MOVIES)) {
      const id = upload.Key!.slice(MOVIES.length);
      writing.set(id, [...(writing.get(id) ?? []), upload]);
    }
    let removed = 0;
    for (const [id, marked] of markers) {
      if (!stale(marked)) continue;
      const writes = await Promise.all((writing.get(id) ?? []).map((upload) => this.lastWrite(upload)));
      if (writes.some((time) => !stale(time))) continue;
      await this.bucket.removeStaged(id);
      removed += 1;
    }
    for (const [id, uploads] of writing) {
      if (markers.has(id) || (await this.resumable.isUpload(id))) continue;
      for (const upload of uploads) {
        if (stale(await this.lastWrite(upload)) && (await this.bucket.abortUpload(upload))) removed += 1;
      }
    }
    return removed;
  }

  /**
   * At shutdown. Every request has discarded or committed what it staged; bytes a crash left have
   * their marker, which any process's removeLeftovers finds.
   */
  close(): Promise<void> {
    this.resumableS3?.close();
    this.client.destroy();
    return Promise.resolve();
  }
}

/** Why the store cannot be used, in one line (the endpoint, never the secret). */
function reasonOf(err: unknown, location: S3Location): string {
  const { name, message, $metadata } = err as Error & { $metadata?: { httpStatusCode?: number } };
  const where = location.endpoint ?? `Amazon S3 (${location.region})`;
  const status = $metadata?.httpStatusCode;
  if (status === 403 || name === 'InvalidAccessKeyId' || name === 'SignatureDoesNotMatch') {
    return `the store at ${where} refused the credentials (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY) for bucket ${location.bucket}`;
  }
  return `the store at ${where} cannot be reached for bucket ${location.bucket}: ${message || name}`;
}
