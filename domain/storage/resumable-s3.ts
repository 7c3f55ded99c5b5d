import {
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListPartsCommand,
  UploadPartCommand,
  type Part,
} from '@aws-sdk/client-s3';
import { S3Store } from '@tus/s3-store';
import type { KvStore, Upload } from '@tus/utils';
import type { Readable } from 'node:stream';
import { newestFirst, ownedBy, readHeld } from './held-uploads.js';
import { RunningHashes } from './running-hash.js';
import { MOVIES, UPLOADS, type S3Bucket } from './s3-bucket.js';
import { addContentMd5, isMissing, MAX_PARTS, s3ClientConfig } from './s3-client.js';
import { S3StagedObject } from './s3-staged-object.js';
import type { HeldUpload, ResumableUploads, TakenUpload } from './storage.js';
import { OWNER_KEY } from './tus-store.js';

/** The ids the tus server makes (16 random bytes in hex); anything else names no upload. */
const UPLOAD_ID = /^[0-9a-f]{32}$/;
/** Parts uploaded at once per PATCH; each waits in a file of os.tmpdir(), not in memory. */
const PARTS_IN_FLIGHT = 4;

/** An upload's id written as a UUID: its bytes are completed under `movies/<uuid>`, where they stay once accepted. */
export function movieIdOfUpload(id: string): string {
  return `${id.slice(0, 8)}-${id.slice(8, 12)}-${id.slice(12, 16)}-${id.slice(16, 20)}-${id.slice(20)}`;
}

const infoKey = (id: string) => `${UPLOADS}${id}.info`;
const INFO_KEY = /^uploads\/([0-9a-f]{32})\.info$/;
const tailKey = (id: string) => `${UPLOADS}${id}.part`;
/**
 * A multipart upload opened beside each upload and aborted by whoever takes it: Amazon S3 lets only
 * one abort succeed; Swift lets two that meet both succeed, a case finishUpload guards against.
 */
const claimKey = (id: string) => `${UPLOADS}${id}.claim`;

/** Nothing kept in the process: each request reads an upload's state from the bucket, so any process can continue it. */
class NoCache<T> implements KvStore<T> {
  get(): Promise<T | undefined> {
    return Promise.resolve(undefined);
  }
  async set(): Promise<void> {}
  async delete(): Promise<void> {}
}

type Params = { Key?: unknown; Delete?: { Objects?: { Key?: string }[] } } | undefined;

/** tus's store names the multipart upload by the bare id; ours is the movie key made from it. */
function withMovieKeys(params: Params): Params {
  const mapped = (key: unknown) =>
    typeof key === 'string' && UPLOAD_ID.test(key) ? MOVIES + movieIdOfUpload(key) : key;
  if (!params || typeof params !== 'object') return params;
  const objects = params.Delete?.Objects?.map((object) => ({ ...object, Key: mapped(object.Key) as string }));
  return {
    ...params,
    ...('Key' in params ? { Key: mapped(params.Key) } : {}),
    ...(objects ? { Delete: { ...params.Delete, Objects: objects } } : {}),
  };
}

export interface S3UploadOptions {
  expiryMs: number;
  partBytes: number;
  maxUploadBytes: number;
}

/**
 * tus's S3 store with its state in the bucket only (`uploads/<id>.info`, and `uploads/<id>.part`
 * for a tail shorter than a part), its bytes in a multipart upload at `movies/<uuid of id>`, and a
 * last part that does not complete it: `take` does, so that the bytes appear where the movie keeps
 * them, and only once somebody finishes the upload.
 */
class MovieKeyS3Store extends S3Store {
  readonly hashes = new RunningHashes();

  constructor(bucket: S3Bucket, options: S3UploadOptions) {
    super({
      s3ClientConfig: { ...s3ClientConfig(bucket.location), bucket: bucket.name },
      partSize: options.partBytes,
      // Every part but the last the same size, so that MAX_PARTS of them hold the largest upload.
      minPartSize: options.partBytes,
      maxMultipartParts: MAX_PARTS,
      maxConcurrentPartUploads: PARTS_IN_FLIGHT,
      expirationPeriodInMilliseconds: options.expiryMs,
      // Tags are not implemented by every S3-compatible store (Swift); expiry is swept by creation time.
      useTags: false,
      cache: new NoCache(),
    });
    (this as { maxUploadSize: number }).maxUploadSize = options.maxUploadBytes;
    addContentMd5(this.client);
    const client = this.client;
    this.client = new Proxy(client, {
      get(target, name, receiver) {
        const value: unknown = Reflect.get(target, name, receiver);
        if (typeof value !== 'function' || name === 'send' || name === 'destroy') return value;
        return (params: Params, ...rest: unknown[]) =>
          (value as (...args: unknown[]) => unknown).call(target, withMovieKeys(params), ...rest);
      },
    });
  }

  protected override infoKey(id: string): string {
    return infoKey(id);
  }

  protected override partKey(id: string, isIncomplete = false): string {
    return isIncomplete ? tailKey(id) : id;
  }

  /** The claim `take` aborts, opened with the upload. */
  override async create(upload: Upload): Promise<Upload> {
    const created = await super.create(upload);
    await this.client.send(new CreateMultipartUploadCommand({ Bucket: this.bucket, Key: claimKey(upload.id) }));
    return created;
  }

  /** Left open when the last byte arrives: `take` completes it. */
  protected override finishMultipartUpload(): Promise<string | undefined> {
    return Promise.resolve(undefined);
  }

  override async write(readable: Readable, id: string, offset: number): Promise<number> {
    return this.hashes.write(readable, id, offset, (source) => super.write(source, id, offset));
  }

  override async remove(id: string): Promise<void> {
    this.hashes.forget(id);
    await super.remove(id);
    await this.client.deleteObjects({
      Bucket: this.bucket,
      Delete: { Objects: [{ Key: tailKey(id) }] },
    });
    await this.claim(id);
  }

  /** Closes the connections of tus's own client. */
  destroy(): void {
    this.client.destroy();
  }

  /** Aborts the upload's claim; true when this caller's abort did it (see claimKey). */
  async claim(id: string): Promise<boolean> {
    let won = false;
    const { Uploads } = await this.client.listMultipartUploads({ Bucket: this.bucket, Prefix: claimKey(id) });
    for (const upload of Uploads ?? []) {
      if (upload.Key !== claimKey(id)) continue;
      try {
        await this.client.abortMultipartUpload({ Bucket: this.bucket, Key: upload.Key, UploadId: upload.UploadId });
        won = true;
      } catch (err) {
        if (!isMissing(err)) throw err;
      }
    }
    return won;
  }
}

interface UploadState {
  upload: Upload;
  /** The multipart upload that holds the bytes. */
  uploadId: string;
}

/**
 * Resumable uploads in the bucket. Any process can continue any upload (nothing is cached in
 * memory); one upload's PATCH requests must not run on two processes at once (tus's lock is per
 * process), which tus clients never do: they send one request at a time.
 */
export class ResumableS3 implements ResumableUploads {
  /** What tus writes through (TusStorage.tusStore). */
  readonly datastore: MovieKeyS3Store;

  constructor(
    private readonly bucket: S3Bucket,
    private readonly options: S3UploadOptions,
  ) {
    this.datastore = new MovieKeyS3Store(bucket, options);
  }

  private async stateOf(id: string): Promise<UploadState | null> {
    if (!UPLOAD_ID.test(id)) return null;
    try {
      const answer = await this.bucket.client.send(
        new GetObjectCommand({ Bucket: this.bucket.name, Key: infoKey(id) }),
      );
      const upload = JSON.parse(await answer.Body!.transformToString()) as Upload;
      return { upload, uploadId: answer.Metadata?.['upload-id'] ?? '' };
    } catch (err) {
      if (isMissing(err)) return null;
      throw err;
    }
  }

  /** Whether `movies/<movieId>` is where a resumable upload collects its bytes. */
  async isUpload(movieId: string): Promise<boolean> {
    const id = movieId.replaceAll('-', '');
    if (!UPLOAD_ID.test(id)) return false;
    try {
      await this.bucket.client.send(new HeadObjectCommand({ Bucket: this.bucket.name, Key: infoKey(id) }));
      return true;
    } catch (err) {
      if (isMissing(err)) return false;
      throw err;
    }
  }

  private isExpired(upload: Upload, now: number): boolean {
    const created = upload.creation_date ? Date.parse(upload.creation_date) : Number.NaN;
    return !(now - created <= this.options.expiryMs);
  }

  async ownerOf(id: string): Promise<number | null> {
    const owner = Number((await this.stateOf(id))?.upload.metadata?.[OWNER_KEY]);
    return Number.isSafeInteger(owner) ? owner : null;
  }

  async find(id: string, ownerId: number, now = Date.now()): Promise<HeldUpload | null> {
    if ((await this.ownerOf(id)) !== ownerId) return null;
    return readHeld(this.datastore, id, this.options.expiryMs, now);
  }

  async listAll(now = Date.now()): Promise<HeldUpload[]> {
    const found: (HeldUpload | null)[] = [];
    for await (const object of this.bucket.listAll(UPLOADS)) {
      const id = INFO_KEY.exec(object.Key!)?.[1];
      if (id) found.push(await readHeld(this.datastore, id, this.options.expiryMs, now));
    }
    return newestFirst(found);
  }

  async listOf(ownerId: number, now = Date.now()): Promise<HeldUpload[]> {
    return ownedBy(await this.listAll(now), ownerId);
  }

  private async partsOf(key: string, uploadId: string): Promise<Part[]> {
    const parts: Part[] = [];
    let marker: string | undefined;
    do {
      const page = await this.bucket.client.send(
        new ListPartsCommand({ Bucket: this.bucket.name, Key: key, UploadId: uploadId, PartNumberMarker: marker }),
      );
      parts.push(...(page.Parts ?? []));
      marker = page.IsTruncated ? page.NextPartNumberMarker : undefined;
    } while (marker);
    return parts.sort((a, b) => a.PartNumber! - b.PartNumber!);
  }

  /** Completes the multipart upload at the movie key; an empty upload gets the one empty part S3 requires. */
  private async complete(key: string, uploadId: string, parts: Part[]): Promise<void> {
    const { client, name: bucket } = this.bucket;
    if (parts.length === 0) {
      const empty = await client.send(
        new UploadPartCommand({ Bucket: bucket, Key: key, UploadId: uploadId, PartNumber: 1, Body: Buffer.alloc(0) }),
      );
      parts = [{ ETag: empty.ETag, PartNumber: 1 }];
    }
    await client.send(
      new CompleteMultipartUploadCommand({
        Bucket: bucket,
        Key: key,
        UploadId: uploadId,
        MultipartUpload: { Parts: parts.map(({ ETag, PartNumber }) => ({ ETag, PartNumber })) },
      }),
    );
  }

  private async removeState(id: string): Promise<void> {
    await this.bucket.client.send(
      new DeleteObjectsCommand({
        Bucket: this.bucket.name,
        Delete: { Objects: [{ Key: infoKey(id) }, { Key: tailKey(id) }] },
      }),
    );
  }

  async take(id: string, ownerId: number): Promise<TakenUpload | null> {
    const state = await this.stateOf(id);
    if (!state || state.upload.metadata?.[OWNER_KEY] !== String(ownerId)) return null;
    if (!(await this.datastore.claim(id))) return null;
    const movieId = movieIdOfUpload(id);
    const key = MOVIES + movieId;
    // The marker first: from here on, a crash leaves bytes that removeLeftovers finds.
    await this.bucket.putMarker(movieId);
    const parts = await this.partsOf(key, state.uploadId);
    const received = parts.reduce((sum, part) => sum + (part.Size ?? 0), 0);
    const size = state.upload.size;
    const complete = size !== undefined && size !== null && received === size;
    if (complete) await this.complete(key, state.uploadId, parts);
    else await this.bucket.abortUpload({ Key: key, UploadId: state.uploadId });
    await this.removeState(id);
    const staged = new S3StagedObject(this.bucket, movieId, received);
    if (this.isExpired(state.upload, Date.now())) {
      await staged.discard();
      return null;
    }
    const sha256 = this.datastore.hashes.take(id, received);
    return { complete, filename: state.upload.metadata?.filename ?? undefined, staged, sha256 };
  }

  /** Closes the connections of tus's own client. */
  close(): void {
    this.datastore.destroy();
  }

  /**
   * Removes every upload created more than the expiry ago, finished or not (an upload nobody called
   * `finishUpload` for is still unfinished), with its bytes; and claims whose upload has no state
   * any more (a crash while it was created or taken), once as old.
   */
  async sweepExpired(now = Date.now()): Promise<number> {
    let removed = 0;
    const known = new Set<string>();
    for await (const object of this.bucket.listAll(UPLOADS)) {
      const id = INFO_KEY.exec(object.Key!)?.[1];
      if (!id) continue;
      const state = await this.stateOf(id);
      if (!state) continue;
      if (!this.isExpired(state.upload, now)) {
        known.add(id);
        continue;
      }
      if (!(await this.datastore.claim(id))) continue;
      const key = MOVIES + movieIdOfUpload(id);
      await this.bucket.abortUpload({ Key: key, UploadId: state.uploadId });
      await this.removeState(id);
      this.datastore.hashes.forget(id);
      removed += 1;
    }
    for await (const upload of this.bucket.multipartUploads(UPLOADS)) {
      const id = /^uploads\/([0-9a-f]{32})\.claim$/.exec(upload.Key ?? '')?.[1];
      const old = now - (upload.Initiated?.getTime() ?? 0) > this.options.expiryMs;
      if (id && !known.has(id) && old && !(await this.stateOf(id))) await this.bucket.abortUpload(upload);
    }
    return removed;
  }
}
