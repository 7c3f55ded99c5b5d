import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrationSource } from '../db/migrations/index.js';
import { credit, LOGIN, ME, PASSWORD, REGISTER, registerAs, type Account, type UserShape } from './support/accounts.js';
import { checkLedger } from './support/coins.js';
import { Client, cookieClient } from './support/client.js';
import { databases, mysqlUrl } from './support/databases.js';
import { download, DOWNLOAD, fetchMedia } from './support/downloads.js';
import { fingerprintOfBytes, uploadRequest, uploadVideo, videoBytes } from './support/movies.js';
import { mediaFolder, SharedBackend, sharedStorages } from './support/processes.js';
import { FINISH_UPLOAD, tusRequest, tusHeaders, tusUpload, uploadIdOf } from './support/resumable.js';
import type { ServerProcess } from './support/server-process.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

if (!mysqlUrl) console.warn('several-processes: no MariaDB answers, so these tests run on SQLite only');

/**
 * Every database with a shared folder, and one database (MariaDB when it answers) with a shared
 * bucket: what S3 adds does not depend on the database.
 */
const backends = databases.flatMap((kind) =>
  sharedStorages
    .filter((storage) => storage === mediaFolder || kind === databases.at(-1))
    .map((storage) => ({ kind, storage })),
);

describe.each(backends)('processes on $kind with $storage.name', ({ kind, storage }) => {
  describe('four processes started at once on a fresh database', () => {
    let backend: SharedBackend;
    let db: Knex;

    beforeAll(async () => {
      backend = await SharedBackend.create(kind, storage);
      await backend.start(4);
      db = backend.open();
    }, 120_000);

    afterAll(async () => {
      await db?.destroy();
      await backend?.close();
    });

    it('all come up, and every migration was applied once', async () => {
      for (const one of backend.processes) {
        expect((await fetch(`${one.url}/healthz`)).status).toBe(200);
      }
      const applied = (await db('knex_migrations').orderBy('id').pluck('name')) as string[];
      expect(applied).toEqual(await migrationSource.getMigrations([]));
      expect(await db('knex_migrations_lock').select('is_locked')).toEqual([{ is_locked: 0 }]);
    });

    it('two first registrations at once, one to each process, make exactly one admin', async () => {
      const [first, second] = backend.processes;
      const results = await Promise.all([
        new Client(first!.url).ok<{ register: { user: UserShape } }>(REGISTER, { name: 'ann', password: PASSWORD }),
        new Client(second!.url).ok<{ register: { user: UserShape } }>(REGISTER, { name: 'bob', password: PASSWORD }),
      ]);
      expect(results.map((result) => result.register.user.role).sort()).toEqual(['ADMIN', 'USER']);
    });
  });

  it('a process that finds the migration lock taken waits for it, exits 1 with one line, and starts once it is freed', async () => {
    const backend = await SharedBackend.create(kind, storage);
    try {
      const [first] = await backend.start(1);
      await first!.stop();
      const db = backend.open();
      await db('knex_migrations_lock').update({ is_locked: 1 });
      await db.destroy();
      const late = await backend.starting({ MIGRATION_WAIT_SECONDS: '1' });
      await expect(late.ready).rejects.toThrow();
      expect(await late.exited).toBe(1);
      const lines = late.stderr().trimEnd().split('\n');
      expect(lines, late.stderr()).toHaveLength(1);
      expect(lines[0]).toMatch(/DATABASE_URL.*migration lock.*MIGRATION_WAIT_SECONDS/);

      const unlock = spawnSync(process.execPath, ['--import', 'tsx', 'db/migrate.ts', '--unlock'], {
        cwd: ROOT,
        env: { ...process.env, DATABASE_URL: backend.databaseUrl },
        encoding: 'utf8',
      });
      expect(unlock.status, unlock.stderr).toBe(0);
      await backend.start(1, { MIGRATION_WAIT_SECONDS: '1' });
    } finally {
      await backend.close();
    }
  }, 120_000);

  describe('two processes on one database and one storage', () => {
    let backend: SharedBackend;
    let db: Knex;
    let one: ServerProcess;
    let other: ServerProcess;
    let admin: Account;

    beforeAll(async () => {
      backend = await SharedBackend.create(kind, storage, { DOWNLOAD_WAIT_SECONDS: '0' });
      [one, other] = (await backend.start(2)) as [ServerProcess, ServerProcess];
      db = backend.open();
      admin = await registerAs(new Client(one.url), 'admin');
    }, 120_000);

    afterAll(async () => {
      await db?.destroy();
      await backend?.close();
    });

    /** The same account, talking to the other process. */
    const onOther = (account: Account): Account => ({ ...account, client: new Client(other.url, account.token) });

    it('a session and a download ticket from one work on the other', async () => {
      const viewer = await registerAs(new Client(one.url), 'viewer');
      const me = await new Client(other.url, viewer.token).ok<{ me: UserShape }>(ME);
      expect(me.me.name).toBe('viewer');
      expect((await cookieClient(other.url, viewer.token).ok<{ me: UserShape }>(ME)).me.name).toBe('viewer');

      const bytes = videoBytes(50_000, 31);
      const movie = await uploadVideo(admin, { bytes, isFree: true });
      const ticket = await download(viewer.client, movie.id);
      const served = await fetchMedia(other.url, ticket);
      expect(served.status).toBe(200);
      expect(Buffer.from(await served.arrayBuffer()).equals(bytes)).toBe(true);
    });

    it('paid downloads of one user split across both never overdraw, and the ledger adds up', async () => {
      const buyer = await registerAs(new Client(one.url), 'buyer');
      const movies = [];
      for (let i = 0; i < 6; i++)
        movies.push(await uploadVideo(admin, { bytes: videoBytes(1000, 40 + i), isFree: false }));
      await credit(admin, buyer, 20);
      const results = await Promise.all(
        movies.map((movie, i) => (i % 2 ? onOther(buyer) : buyer).client.request(DOWNLOAD, { id: movie.id })),
      );
      expect(results.filter((result) => !result.errors)).toHaveLength(2);
      const refused = results.filter((result) => result.errors?.[0]?.extensions?.code === 'INSUFFICIENT_FUNDS');
      expect(refused).toHaveLength(4);
      const ledger = await checkLedger(db, 'buyer');
      expect(ledger).toEqual({ balance: 0, sum: 0, chained: true, lowestBalanceAfter: 0 });
      const records = db('download_records').join('users', 'users.id', 'download_records.user_id');
      expect(await records.where('users.name', 'buyer').count({ n: '*' }).first()).toEqual({ n: 2 });
    });

    it('identical uploads to both at once make one movie, and the other is a CONFLICT', async () => {
      const bytes = videoBytes(300_000, 51);
      const results = await Promise.all([
        uploadRequest(admin.client, { bytes }),
        uploadRequest(onOther(admin).client, { bytes }),
      ]);
      expect(results.filter((result) => !result.errors)).toHaveLength(1);
      expect(results.filter((result) => result.errors?.[0]?.extensions?.code === 'CONFLICT')).toHaveLength(1);
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      expect(await db('movies').where('sha256', sha256).count({ n: '*' }).first()).toEqual({ n: 1 });
    });

    it('a resumable upload begun on one is finished on the other', async () => {
      const bytes = videoBytes(3 * 1024 * 1024, 61);
      const begun = await tusUpload(admin.client, { bytes, chunkSize: 1024 * 1024, stopAfter: 1024 * 1024 });
      const id = uploadIdOf(begun);
      const onOtherUrl = `${other.url}/uploads/${id}`;
      const head = await tusRequest(onOtherUrl, 'HEAD', tusHeaders(admin.client));
      expect(Number(head.headers.get('upload-offset'))).toBe(1024 * 1024);
      await tusUpload(onOther(admin).client, { bytes, chunkSize: 1024 * 1024, uploadUrl: onOtherUrl });
      const finished = await onOther(admin).client.ok<{ finishUpload: { id: string; sha256: string } }>(FINISH_UPLOAD, {
        uploadId: id,
        isFree: true,
        fingerprint: await fingerprintOfBytes(bytes),
      });
      expect(finished.finishUpload.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
      const ticket = await download(admin.client, finished.finishUpload.id);
      const served = await fetchMedia(one.url, ticket);
      expect(Buffer.from(await served.arrayBuffer()).equals(bytes)).toBe(true);
    });

    it('the login throttle counts across both: after ten wrong guesses split between them, either refuses', async () => {
      await registerAs(new Client(one.url), 'target');
      for (let i = 0; i < 10; i++) {
        const client = new Client(i % 2 ? other.url : one.url);
        await client.fails('UNAUTHENTICATED', LOGIN, { name: 'target', password: `wrong guess ${i}` });
      }
      for (const process of [one, other]) {
        await new Client(process.url).fails('TOO_MANY_REQUESTS', LOGIN, { name: 'target', password: 'wrong guess' });
        await new Client(process.url).fails('TOO_MANY_REQUESTS', LOGIN, { name: 'target', password: PASSWORD });
      }
    });
  });
});
