import {
  AbortMultipartUploadCommand,
  CopyObjectCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListMultipartUploadsCommand,
  PutObjectCommand,
  paginateListObjectsV2,
  type MultipartUpload,
  type S3Client,
} from '@aws-sdk/client-s3';
import type { Readable } from 'node:stream';
import { assertMediaKey } from './keys.js';
import { createS3Client, isMissing, type S3Location } from './s3-client.js';
import type { ByteRange, StoredObject } from './storage.js';

/** Accepted videos (and, until accepted, their bytes beside a marker). */
export const MOVIES = 'movies/';
/** Markers: `staging/<uuid>` says that `movies/<uuid>` is not accepted yet. */
export const STAGING = 'staging/';
/** Resumable uploads' state (`<id>.info`), short tails (`<id>.part`) and claims (`<id>.claim`), kept by tus's store. */
export const UPLOADS = 'uploads/';

/**
 * One S3-compatible bucket, its client and the layout of its keys: what the store of accepted
 * videos (S3Storage) and the store of resumable uploads (ResumableS3) both work on, so that
 * neither needs the other to reach the bucket.
 */
export class S3Bucket {
  readonly client: S3Client;
  readonly name: string;

  constructor(readonly location: S3Location) {
    this.client = createS3Client(location);
    this.name = location.bucket;
  }

  async openRead(key: string, range?: ByteRange): Promise<Readable> {
    assertMediaKey(key);
    const answer = await this.client.send(
      new GetObjectCommand({
        Bucket: this.name,
        Key: key,
        ...(range ? { Range: `bytes=${range.start}-${range.end}` } : {}),
      }),
    );
    return answer.Body as Readable;
  }

  /** `length` bytes at `offset` of `key` (fewer at its end), for the fingerprint's samples. */
  async readAt(key: string, offset: number, length: number): Promise<Uint8Array> {
    if (length <= 0) return new Uint8Array();
    const answer = await this.client.send(
      new GetObjectCommand({ Bucket: this.name, Key: key, Range: `bytes=${offset}-${offset + length - 1}` }),
    );
    return answer.Body!.transformToByteArray();
  }

  async stat(key: string): Promise<StoredObject | null> {
    try {
      const head = await this.client.send(new HeadObjectCommand({ Bucket: this.name, Key: key }));
      return { size: head.ContentLength ?? 0, modified: head.LastModified ?? new Date(0) };
    } catch (err) {
      if (isMissing(err)) return null;
      throw err;
    }
  }

  async copy(from: string, to: string): Promise<void> {
    assertMediaKey(to);
    await this.client.send(new CopyObjectCommand({ Bucket: this.name, Key: to, CopySource: `${this.name}/${from}` }));
  }

  async delete(key: string): Promise<void> {
    assertMediaKey(key);
    await this.client.send(new DeleteObjectCommand({ Bucket: this.name, Key: key }));
  }

  /** Every object under `prefix`, as S3 lists it. */
  async *listAll(prefix: string) {
    for await (const page of paginateListObjectsV2({ client: this.client }, { Bucket: this.name, Prefix: prefix })) {
      yield* page.Contents ?? [];
    }
  }

  /** The multipart uploads open at keys under `prefix`. */
  async *multipartUploads(prefix: string): AsyncIterable<MultipartUpload> {
    let keyMarker: string | undefined;
    let uploadIdMarker: string | undefined;
    do {
      const page = await this.client.send(
        new ListMultipartUploadsCommand({
          Bucket: this.name,
          Prefix: prefix,
          KeyMarker: keyMarker,
          UploadIdMarker: uploadIdMarker,
        }),
      );
      yield* page.Uploads ?? [];
      keyMarker = page.IsTruncated ? page.NextKeyMarker : undefined;
      uploadIdMarker = page.NextUploadIdMarker;
    } while (keyMarker);
  }

  async abortUpload(upload: MultipartUpload): Promise<boolean> {
    try {
      await this.client.send(
        new AbortMultipartUploadCommand({ Bucket: this.name, Key: upload.Key, UploadId: upload.UploadId }),
      );
      return true;
    } catch (err) {
      if (isMissing(err)) return false;
      throw err;
    }
  }

  /** "`movies/<id>` is not accepted yet": removeLeftovers deletes its bytes once no one writes them. */
  async putMarker(id: string): Promise<void> {
    await this.client.send(new PutObjectCommand({ Bucket: this.name, Key: STAGING + id, Body: '', ContentLength: 0 }));
  }

  async removeMarker(id: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.name, Key: STAGING + id }));
  }

  /** The bytes, any multipart upload still open at the key, then the marker: nothing of `id` stays. */
  async removeStaged(id: string): Promise<void> {
    const key = MOVIES + id;
    for await (const upload of this.multipartUploads(key)) {
      if (upload.Key === key) await this.abortUpload(upload);
    }
    await this.client.send(new DeleteObjectCommand({ Bucket: this.name, Key: key }));
    await this.removeMarker(id);
  }
}
