import { execFile } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { registerAs } from '../support/accounts.js';
import { Client } from '../support/client.js';
import { databases } from '../support/databases.js';
import { uploadRequest, videoBytes } from '../support/movies.js';
import { tusHeaders, tusRequest } from '../support/resumable.js';
import { cleanUpProcesses, filesUnder, killServers, startProcess, tempDir } from '../support/server-process.js';
import { rowCount } from './support/database-rows.js';

const run = promisify(execFile);

/** The size of the small disk the media folder is given. */
const DISK = 8 * 1024 * 1024;

const mounted: string[] = [];

/** Mounts a tmpfs of `DISK` bytes at a new folder. */
async function smallDisk(): Promise<string> {
  const dir = join(await tempDir(), 'small-disk');
  await mkdir(dir);
  await run('mount', ['-t', 'tmpfs', '-o', `size=${DISK}`, 'tmpfs', dir]);
  mounted.push(dir);
  return dir;
}

/** Whether this machine lets us mount (root); CI must, elsewhere the tests are skipped with a word. */
async function canMount(): Promise<boolean> {
  try {
    await run('umount', [await smallDisk()]);
    mounted.pop();
    return true;
  } catch (err) {
    if (process.env.CI === 'true') throw err;
    console.warn(`the full-disk tests are skipped: mount -t tmpfs was refused (${(err as Error).message.trim()})`);
    return false;
  }
}

const mountable = await canMount();

afterAll(async () => {
  killServers();
  for (const dir of mounted) await run('umount', [dir]).catch(() => undefined);
  await cleanUpProcesses();
});

describe.skipIf(!mountable).each(databases)('a full disk under MEDIA_DIR, on %s', (kind) => {
  it('refuses an upload larger than the free space with an API code, keeps nothing, and goes on serving', async () => {
    const mediaDir = join(await smallDisk(), 'media');
    const server = await startProcess({ MEDIA_DIR: mediaDir }, { database: kind });
    const { databaseUrl } = server;
    const admin = await registerAs(new Client(server.url), 'admin');

    // Multipart: the file streams until the disk is full.
    const tooBig = await uploadRequest(admin.client, { bytes: videoBytes(DISK + 1024 * 1024, 1) });
    expect(tooBig.status, JSON.stringify(tooBig.errors)).toBeLessThan(500);
    expect(tooBig.errors?.[0]?.extensions?.code).toBe('PAYLOAD_TOO_LARGE');
    expect(await filesUnder(mediaDir)).toEqual([]);
    expect(await rowCount(databaseUrl, 'movies')).toBe(0);

    // Resumable: the bytes of a PATCH stop at the full disk.
    const bytes = videoBytes(DISK + 1024 * 1024, 2);
    const created = await tusRequest(`${server.url}/uploads`, 'POST', {
      ...tusHeaders(admin.client),
      'upload-length': String(bytes.length),
    });
    expect(created.status).toBe(201);
    const uploadUrl = new URL(created.headers.get('location')!, `${server.url}/uploads/`).toString();
    const patch = await tusRequest(
      uploadUrl,
      'PATCH',
      { ...tusHeaders(admin.client), 'upload-offset': '0', 'content-type': 'application/offset+octet-stream' },
      bytes,
    );
    expect(patch.status).toBe(413);
    expect((await patch.json()).errors?.[0]?.extensions?.code).toBe('PAYLOAD_TOO_LARGE');
    expect((await tusRequest(uploadUrl, 'DELETE', tusHeaders(admin.client))).status).toBe(204);
    expect(await filesUnder(mediaDir)).toEqual([]);

    // The server goes on serving: a small upload is accepted.
    const small = await uploadRequest(admin.client, { bytes: videoBytes(64 * 1024, 3) });
    expect(small.errors).toBeUndefined();
    expect(await rowCount(databaseUrl, 'movies')).toBe(1);
    expect(await server.stop()).toBe(0);
  });
});
