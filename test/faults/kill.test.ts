import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LOGIN, ME, PASSWORD, registerAs, type Account } from '../support/accounts.js';
import { Client } from '../support/client.js';
import { databases } from '../support/databases.js';
import { fingerprintOfBytes, videoBytes } from '../support/movies.js';
import { FINISH_UPLOAD, tusHeaders, tusRequest, tusUpload } from '../support/resumable.js';
import {
  cleanUpProcesses,
  filesUnder,
  logLines,
  type ServerProcess,
  sleep,
  stagedFiles,
  startProcess,
} from '../support/server-process.js';
import { rowCount } from './support/database-rows.js';
import { stalledMultipart, stalledPatch } from './support/interrupted-uploads.js';

afterAll(async () => {
  await cleanUpProcesses();
});

describe.each(databases)('kill -9 in the middle of an upload, on %s', (kind) => {
  /** A server over a new folder and database, with an admin and a user who logged in (two sessions). */
  async function firstRun(env: Record<string, string> = {}) {
    const server = await startProcess(env, { database: kind });
    const anonymous = new Client(server.url);
    const admin = await registerAs(anonymous, 'admin');
    await registerAs(anonymous, 'viewer');
    const login = await anonymous.ok<{ login: { token: string } }>(LOGIN, { name: 'viewer', password: PASSWORD });
    return { server, admin, viewerToken: login.login.token };
  }

  /** The same folder, database and port again, as after a crash and a supervisor's restart. */
  function restart(server: ServerProcess, env: Record<string, string> = {}): Promise<ServerProcess> {
    return startProcess(env, { dir: server.dir, databaseUrl: server.databaseUrl, port: server.port });
  }

  /** Both sessions made before the crash still serve their users. */
  async function sessionsStillWork(server: ServerProcess, admin: Account, viewerToken: string): Promise<void> {
    const asAdmin = await new Client(server.url, admin.token).ok<{ me: { name: string } }>(ME);
    expect(asAdmin.me.name).toBe('admin');
    const asViewer = await new Client(server.url, viewerToken).ok<{ me: { name: string } }>(ME);
    expect(asViewer.me.name).toBe('viewer');
  }

  it('multipart: the restart removes what was staged, stores no movie, and keeps the sessions', async () => {
    const { server, admin, viewerToken } = await firstRun();
    const req = await stalledMultipart(admin.client, server.mediaDir);
    expect(await server.stop('SIGKILL')).toBe('SIGKILL');
    req.destroy();
    expect(await stagedFiles(server.mediaDir)).toHaveLength(1);

    const second = await restart(server);
    expect(await filesUnder(server.mediaDir)).toEqual([]);
    expect(logLines(second.child).some((line) => line.msg === 'removed files of interrupted uploads')).toBe(true);
    expect(await rowCount(server.databaseUrl, 'movies')).toBe(0);
    await sessionsStillWork(second, admin, viewerToken);
    expect(await second.stop()).toBe(0);
  });

  it('resumable: the restarted server resumes the upload from what reached the disk, and finishes it', async () => {
    const { server, admin, viewerToken } = await firstRun();
    const bytes = videoBytes(6 * 1024 * 1024, 5);
    const { id, request } = await stalledPatch(admin.client, bytes, server.mediaDir);
    await server.stop('SIGKILL');
    request.destroy();

    const second = await restart(server);
    const url = `${second.url}/uploads/${id}`;
    const head = await tusRequest(url, 'HEAD', tusHeaders(admin.client));
    expect(Number(head.headers.get('upload-offset'))).toBeGreaterThanOrEqual(2 * 1024 * 1024);
    await tusUpload(admin.client, { bytes, chunkSize: 1024 * 1024, uploadUrl: url });
    const finished = await admin.client.ok<{ finishUpload: { sha256: string } }>(FINISH_UPLOAD, {
      uploadId: id,
      isFree: true,
      fingerprint: await fingerprintOfBytes(bytes),
    });
    expect(finished.finishUpload.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
    // The movie's file and nothing else: no state or bytes of the upload, nothing staged.
    const files = await filesUnder(server.mediaDir);
    expect(files, files.join('\n')).toHaveLength(1);
    expect(files[0]!.startsWith(join(server.mediaDir, 'movies') + '/')).toBe(true);
    expect(await rowCount(server.databaseUrl, 'movies')).toBe(1);
    await sessionsStillWork(second, admin, viewerToken);
    expect(await second.stop()).toBe(0);
  });

  it('resumable: an upload nobody resumes is swept with its bytes once UPLOAD_EXPIRY_SECONDS have passed', async () => {
    const expiry = { UPLOAD_EXPIRY_SECONDS: '1' };
    const { server, admin, viewerToken } = await firstRun(expiry);
    const { id, request } = await stalledPatch(admin.client, videoBytes(6 * 1024 * 1024, 6), server.mediaDir);
    await server.stop('SIGKILL');
    request.destroy();
    // Past the expiry of an upload created a moment ago: the start-up sweep finds it expired.
    await sleep(1500);

    const second = await restart(server, expiry);
    expect(logLines(second.child).some((line) => line.msg === 'removed expired resumable uploads')).toBe(true);
    expect(await filesUnder(server.mediaDir)).toEqual([]);
    expect((await tusRequest(`${second.url}/uploads/${id}`, 'HEAD', tusHeaders(admin.client))).status).toBe(404);
    expect(await rowCount(server.databaseUrl, 'movies')).toBe(0);
    await sessionsStillWork(second, admin, viewerToken);
    expect(await second.stop()).toBe(0);
  });
});
