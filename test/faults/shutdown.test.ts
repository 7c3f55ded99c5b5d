import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { request } from 'node:http';
import { afterAll, describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../domain/core/errors.js';
import { registerAs, type Account } from '../support/accounts.js';
import { Client } from '../support/client.js';
import { databases } from '../support/databases.js';
import { download } from '../support/downloads.js';
import { fingerprintOfBytes, UPLOAD, uploadVideo, videoBytes } from '../support/movies.js';
import {
  cleanUpProcesses,
  filesUnder,
  logLines,
  type ServerProcess,
  sleep,
  stagedFiles,
  startProcess,
} from '../support/server-process.js';
import { rowCount, withDatabase } from './support/database-rows.js';
import { stalledMultipart } from './support/interrupted-uploads.js';

afterAll(async () => {
  await cleanUpProcesses();
});

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

describe.each(databases)('SIGTERM with requests in flight, on %s', (kind) => {
  async function started(env: Record<string, string>): Promise<{ server: ServerProcess; admin: Account }> {
    const server = await startProcess(env, { database: kind });
    return { server, admin: await registerAs(new Client(server.url), 'admin') };
  }

  it('lets a download in flight finish with all its bytes, then exits 0', async () => {
    const { server, admin } = await started({ SHUTDOWN_GRACE_SECONDS: '30' });
    const bytes = videoBytes(32 * 1024 * 1024, 11);
    const movie = await uploadVideo(admin, { bytes });
    const ticket = await download(admin.client, movie.id);
    const response = await fetch(new URL(ticket.url, server.url));
    const reader = response.body!.getReader();
    const chunks: Buffer[] = [];
    const first = await reader.read();
    chunks.push(Buffer.from(first.value!));

    const exited = server.stop();
    // Read on at a modest pace (a few MiB a second), so that the stop certainly comes mid-download.
    for (let result = await reader.read(); !result.done; result = await reader.read()) {
      chunks.push(Buffer.from(result.value));
      if (chunks.length % 64 === 0) await sleep(10);
    }
    expect(sha256(Buffer.concat(chunks))).toBe(sha256(bytes));
    expect(await exited).toBe(0);
    expect(logLines(server.child).some((line) => line.msg === 'shutting down')).toBe(true);
  });

  it('lets an upload in flight finish: accepted and kept whole, or refused and leaving nothing; exits 0', async () => {
    const { server, admin } = await started({ SHUTDOWN_GRACE_SECONDS: '30' });
    const bytes = videoBytes(16 * 1024 * 1024, 12);
    const boundary = 'in-flight';
    const operations = JSON.stringify({
      query: UPLOAD,
      variables: { file: null, isFree: true, fingerprint: await fingerprintOfBytes(bytes), name: null },
    });
    const head = Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="operations"\r\n\r\n${operations}\r\n` +
        `--${boundary}\r\nContent-Disposition: form-data; name="map"\r\n\r\n{"0":["variables.file"]}\r\n` +
        `--${boundary}\r\nContent-Disposition: form-data; name="0"; filename="last.mp4"\r\n\r\n`,
    );
    const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
    const req = request(`${server.url}/graphql`, {
      method: 'POST',
      headers: {
        'content-type': `multipart/form-data; boundary=${boundary}`,
        'content-length': String(head.length + bytes.length + tail.length),
        'x-graphql-yoga-csrf': '1',
        authorization: `Bearer ${admin.token}`,
      },
    });
    const answer = new Promise<{ status: number; body: any }>((resolve, reject) => {
      req.once('response', (res) => {
        let text = '';
        res.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
        res.once('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
      });
      req.once('error', reject);
    });
    req.write(head);
    const quarter = bytes.length / 4;
    req.write(bytes.subarray(0, quarter));
    for (let i = 0; i < 500 && (await stagedFiles(server.mediaDir)).length === 0; i++) await sleep(20);

    const exited = server.stop();
    for (let part = 1; part < 4; part++) {
      await sleep(100);
      req.write(bytes.subarray(part * quarter, (part + 1) * quarter));
    }
    req.end(tail);
    const { status, body } = await answer;
    expect(await exited).toBe(0);

    expect(await stagedFiles(server.mediaDir)).toEqual([]);
    if (body.data?.uploadMovie) {
      const stored = await withDatabase(server.databaseUrl, (db) => db('movies').select('storage_key', 'sha256'));
      expect(stored).toHaveLength(1);
      expect(stored[0].sha256).toBe(sha256(bytes));
      const [file] = await filesUnder(server.mediaDir);
      expect(sha256(await readFile(file!))).toBe(sha256(bytes));
    } else {
      expect(status).toBeLessThan(500);
      expect(ERROR_CODES).toContain(body.errors?.[0]?.extensions?.code);
      expect(await rowCount(server.databaseUrl, 'movies')).toBe(0);
      expect(await filesUnder(server.mediaDir)).toEqual([]);
    }
  });

  it('cuts an upload that does not finish within SHUTDOWN_GRACE_SECONDS, removes its staged bytes, and exits 0', async () => {
    const { server, admin } = await started({ SHUTDOWN_GRACE_SECONDS: '1' });
    const req = await stalledMultipart(admin.client, server.mediaDir);
    expect(await server.stop()).toBe(0);
    req.destroy();
    expect(await filesUnder(server.mediaDir)).toEqual([]);
    expect(await rowCount(server.databaseUrl, 'movies')).toBe(0);
  });
});
