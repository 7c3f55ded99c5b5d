import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrationSource } from '../db/migrations/index.js';
import { PASSWORD, REGISTER, type UserShape } from './support/accounts.js';
import { Client } from './support/client.js';
import { databases, mysqlUrl } from './support/databases.js';
import { SharedBackend, sharedStorages, spawnServer } from './support/processes.js';

if (!mysqlUrl) console.warn('several-processes: no MariaDB answers, so these tests run on SQLite only');

/** Every database and shared storage the processes are tried on. */
const backends = databases.flatMap((kind) => sharedStorages.map((storage) => ({ kind, storage })));

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

  it('a process that finds the migration lock taken waits for it, then exits 1 with one line', async () => {
    const backend = await SharedBackend.create(kind, storage);
    try {
      const [first] = await backend.start(1);
      await first!.stop();
      const db = backend.open();
      await db('knex_migrations_lock').update({ is_locked: 1 });
      await db.destroy();
      const late = spawnServer({ ...backend.env, MIGRATION_WAIT_SECONDS: '1' });
      await expect(late.ready).rejects.toThrow();
      expect(await late.exited).toBe(1);
      const lines = late.stderr().trimEnd().split('\n');
      expect(lines, late.stderr()).toHaveLength(1);
      expect(lines[0]).toMatch(/DATABASE_URL.*migration lock.*MIGRATION_WAIT_SECONDS/);
    } finally {
      await backend.close();
    }
  }, 60_000);
});
