import { randomBytes } from 'node:crypto';
import {
  AbortMultipartUploadCommand,
  DeleteBucketCommand,
  DeleteObjectCommand,
  ListMultipartUploadsCommand,
  ListObjectsV2Command,
  type S3Client,
} from '@aws-sdk/client-s3';
import { createS3Client, type S3Location } from '../../domain/storage/s3-client.js';
import { mysqlUrl, type DatabaseKind } from './databases.js';

export type StorageKind = 'local' | 's3';

const DEFAULT_ENDPOINT = 'http://127.0.0.1:8080';

/** Whether an S3 endpoint answers S3: a request with a bad signature is refused in S3's XML. */
async function answersS3(endpoint: string): Promise<boolean> {
  try {
    const answer = await fetch(endpoint, {
      headers: { authorization: 'AWS probe:bad', date: new Date().toUTCString() },
      signal: AbortSignal.timeout(2000),
    });
    return /<Code>\w+<\/Code>/.test(await answer.text());
  } catch {
    return false;
  }
}

/**
 * The S3-compatible store tests use: `S3_TEST_URL`, else Swift on 127.0.0.1:8080 (bash
 * .ci/swift-s3.sh start) when it answers. With CI=true or S3_TEST_URL set it must answer.
 */
async function findEndpoint(): Promise<string | undefined> {
  const endpoint = process.env.S3_TEST_URL ?? DEFAULT_ENDPOINT;
  if (await answersS3(endpoint)) return endpoint;
  if (process.env.CI === 'true' || process.env.S3_TEST_URL) {
    throw new Error(
      `no S3 store answers at ${endpoint}: with CI=true or S3_TEST_URL set, tests need it (bash .ci/swift-s3.sh start)`,
    );
  }
  return undefined;
}

export const s3Endpoint = await findEndpoint();

/** Swift's test account (tempauth `test:tester`); S3_TEST_KEY and S3_TEST_SECRET for another store. */
const credentials = {
  accessKeyId: process.env.S3_TEST_KEY ?? 'test:tester',
  secretAccessKey: process.env.S3_TEST_SECRET ?? 'testing',
};

/** Every storage the storage suites run on: local files always, S3 when a store answers. */
export const storages: StorageKind[] = s3Endpoint ? ['local', 's3'] : ['local'];

/**
 * The database and storage pairs a suite runs on: every database with local files, and one
 * database with S3 (MariaDB when it is there), which keeps the time of the S3 pass down.
 */
export const backends: [DatabaseKind, StorageKind][] = [
  ...(mysqlUrl ? (['sqlite', 'mysql'] as const) : (['sqlite'] as const)).map((kind): [DatabaseKind, StorageKind] => [
    kind,
    'local',
  ]),
  ...(s3Endpoint ? [[mysqlUrl ? 'mysql' : 'sqlite', 's3'] as [DatabaseKind, StorageKind]] : []),
];

/** A bucket of its own for one test: made by the server at start, emptied and removed by `remove`. */
export interface TestBucket {
  location: S3Location;
  client: S3Client;
  /** STORAGE_URL and the credentials, as the server reads them. */
  env: Record<string, string>;
  /** Every object's key and every open multipart upload's key, sorted: what a refusal must not leave. */
  contents(): Promise<{ objects: string[]; uploads: string[] }>;
  remove(): Promise<void>;
}

export function newBucket(): TestBucket {
  if (!s3Endpoint) throw new Error('no S3 store for this test');
  const bucket = `youku-test-${randomBytes(6).toString('hex')}`;
  const location: S3Location = { bucket, endpoint: s3Endpoint, region: 'us-east-1', forcePathStyle: true, credentials };
  const client = createS3Client(location);
  const contents = async () => {
    const listed = await client.send(new ListObjectsV2Command({ Bucket: bucket })).catch(() => ({ Contents: [] }));
    const open = await client.send(new ListMultipartUploadsCommand({ Bucket: bucket })).catch(() => ({ Uploads: [] }));
    return {
      objects: (listed.Contents ?? []).map((object) => object.Key!).sort(),
      uploads: (open.Uploads ?? []).map((upload) => upload.Key!).sort(),
    };
  };
  return {
    location,
    client,
    env: {
      STORAGE_URL: `s3://${bucket}?endpoint=${encodeURIComponent(s3Endpoint)}&forcePathStyle=true`,
      AWS_ACCESS_KEY_ID: credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
    },
    contents,
    async remove() {
      const open = await client
        .send(new ListMultipartUploadsCommand({ Bucket: bucket }))
        .catch(() => ({ Uploads: [] }));
      for (const upload of open.Uploads ?? []) {
        await client.send(
          new AbortMultipartUploadCommand({ Bucket: bucket, Key: upload.Key, UploadId: upload.UploadId }),
        );
      }
      for (;;) {
        const listed = await client.send(new ListObjectsV2Command({ Bucket: bucket })).catch(() => ({ Contents: [] }));
        if (!listed.Contents?.length) break;
        for (const object of listed.Contents) {
          await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: object.Key }));
        }
      }
      await client.send(new DeleteBucketCommand({ Bucket: bucket })).catch(() => undefined);
      client.destroy();
    },
  };
}
