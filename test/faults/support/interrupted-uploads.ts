import { stat } from 'node:fs/promises';
import { request, type ClientRequest } from 'node:http';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { Client } from '../../support/client.js';
import { tusHeaders, tusUpload, uploadIdOf } from '../../support/resumable.js';
import { sleep, stagedFiles } from '../../support/server-process.js';

/** How many bytes a stalled multipart upload announces: far more than it ever sends. */
const ANNOUNCED = 100 * 1024 * 1024;

/**
 * Starts `admin`'s multipart upload of a large file and stops sending once `sent` bytes of it are
 * staged on the server: the request stays open, as a client's that hangs or dies.
 */
export async function stalledMultipart(
  admin: Client,
  mediaDir: string,
  sent = 4 * 1024 * 1024,
): Promise<ClientRequest> {
  const boundary = 'stalled';
  const operations = JSON.stringify({
    query: `mutation($file: Upload!) { uploadMovie(file: $file, isFree: true, fingerprint: "${'a'.repeat(32)}") { id } }`,
    variables: { file: null },
  });
  const head =
    `--${boundary}\r\nContent-Disposition: form-data; name="operations"\r\n\r\n${operations}\r\n` +
    `--${boundary}\r\nContent-Disposition: form-data; name="map"\r\n\r\n{"0":["variables.file"]}\r\n` +
    `--${boundary}\r\nContent-Disposition: form-data; name="0"; filename="big.mp4"\r\n\r\n`;
  const req = request(`${admin.url}/graphql`, {
    method: 'POST',
    headers: {
      'content-type': `multipart/form-data; boundary=${boundary}`,
      'content-length': String(Buffer.byteLength(head) + ANNOUNCED),
      'x-graphql-yoga-csrf': '1',
      authorization: `Bearer ${admin.token}`,
    },
  });
  req.on('error', () => undefined);
  req.write(head);
  req.write(Buffer.alloc(sent, 7));
  for (let i = 0; i < 500 && (await stagedFiles(mediaDir)).length === 0; i++) await sleep(20);
  expect(await stagedFiles(mediaDir)).toHaveLength(1);
  return req;
}

export interface StalledPatch {
  id: string;
  request: ClientRequest;
}

/**
 * Creates a resumable upload of `bytes`, sends its first MiB, then a PATCH that announces all the
 * rest but stops once 2 MiB are on the server's disk: the request stays open.
 */
export async function stalledPatch(admin: Client, bytes: Buffer, mediaDir: string): Promise<StalledPatch> {
  const mib = 1024 * 1024;
  const url = await tusUpload(admin, { bytes, chunkSize: mib, stopAfter: mib });
  const id = uploadIdOf(url);
  const patch = request(`${admin.url}/uploads/${id}`, {
    method: 'PATCH',
    headers: {
      ...tusHeaders(admin),
      'tus-resumable': '1.0.0',
      'content-type': 'application/offset+octet-stream',
      'upload-offset': String(mib),
      'content-length': String(bytes.length - mib),
    },
  });
  patch.on('error', () => undefined);
  patch.write(bytes.subarray(mib, 3 * mib));
  const onDisk = join(mediaDir, '.uploads', id);
  for (let i = 0; i < 500 && (await stat(onDisk)).size < 2 * mib; i++) await sleep(20);
  expect((await stat(onDisk)).size).toBeGreaterThanOrEqual(2 * mib);
  return { id, request: patch };
}
