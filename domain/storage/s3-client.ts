import { createHash } from 'node:crypto';
import { S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';

/** Where an S3-compatible bucket is and how to reach it (STORAGE_URL, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY). */
export interface S3Location {
  bucket: string;
  /** Unset: Amazon S3 itself. */
  endpoint: string | undefined;
  region: string;
  /** `http://host/bucket/key` instead of `http://bucket.host/key`: what most servers other than AWS need. */
  forcePathStyle: boolean;
  /** Unset: the SDK's own chain (environment, profile, instance role). */
  credentials: { accessKeyId: string; secretAccessKey: string } | undefined;
}

/** What S3-compatible stores allow in one multipart upload (Swift: 1,000; Amazon S3: 10,000). */
export const MAX_PARTS = 1000;

/** A connection that cannot even be opened within this long is a store that does not answer. */
const CONNECT_TIMEOUT_MS = 5000;

export function createS3Client(location: S3Location, extra: Partial<S3ClientConfig> = {}): S3Client {
  const client = new S3Client(s3ClientConfig(location, extra));
  addContentMd5(client);
  return client;
}

/** The client's settings, also for tus's store, which makes its own client. */
export function s3ClientConfig(location: S3Location, extra: Partial<S3ClientConfig> = {}): S3ClientConfig {
  return {
    region: location.region,
    forcePathStyle: location.forcePathStyle,
    ...(location.endpoint ? { endpoint: location.endpoint } : {}),
    ...(location.credentials ? { credentials: location.credentials } : {}),
    // Checksums only where S3 requires them: a streamed PutObject otherwise goes out as
    // `aws-chunked`, which stores other than AWS (Swift among them) refuse.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    requestHandler: { connectionTimeout: CONNECT_TIMEOUT_MS },
    ...extra,
  };
}

/**
 * DeleteObjects must carry Content-MD5 on stores that follow the S3 specification to the letter
 * (OpenStack Swift among them); SDKs since 2025 send a CRC32 checksum instead, and only when asked.
 * Installed on a client made here or elsewhere (tus's store makes its own).
 */
export function addContentMd5(client: Pick<S3Client, 'middlewareStack'>): void {
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const request = args.request as { headers?: Record<string, string>; body?: unknown };
      if (context.commandName === 'DeleteObjectsCommand' && typeof request.body === 'string' && request.headers) {
        request.headers['content-md5'] = createHash('md5').update(request.body).digest('base64');
      }
      return next(args);
    },
    { step: 'build', name: 'contentMd5ForDeleteObjects', override: true },
  );
}

/** Whether an SDK error says that the key, bucket or multipart upload does not exist. */
export function isMissing(err: unknown): boolean {
  const { name, $metadata } = err as { name?: string; $metadata?: { httpStatusCode?: number } };
  return (
    name === 'NotFound' ||
    name === 'NoSuchKey' ||
    name === 'NoSuchUpload' ||
    name === 'NoSuchBucket' ||
    $metadata?.httpStatusCode === 404
  );
}
