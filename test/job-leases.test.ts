import knex, { type Knex } from 'knex';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { knexConfig, parseDatabaseUrl } from '../db/connection.js';
import { claimJob, enqueueJobs } from '../db/jobs.js';
import { databases } from './support/databases.js';
import { startServer, type TestServer } from './support/server.js';

/** The job workers of several processes claim from one table: each job goes to one of them. */
describe.each(databases)('job leases on %s', (kind) => {
  let server: TestServer;
  let pools: Knex[];
  beforeEach(async () => {
    // No worker in the server itself: the two pools below stand for two processes' workers.
    server = await startServer(kind, { JOB_CONCURRENCY: '0' });
    pools = [0, 1].map(() => knex(knexConfig(parseDatabaseUrl(server.config.databaseUrl))));
  });
  afterEach(async () => {
    await Promise.all(pools.map((pool) => pool.destroy()));
    await server.close();
  });

  it('hands each due job to exactly one of the workers claiming at once', async () => {
    const jobs = Array.from({ length: 40 }, (_, i) => ({ kind: 'probe', uniqueKey: `probe:${i}`, payload: { i } }));
    await enqueueJobs(server.db, jobs);
    const claimed: number[] = [];
    const claimAll = async (pool: Knex, worker: string) => {
      for (;;) {
        const now = new Date();
        const job = await claimJob(pool, ['probe'], worker, now, new Date(now.getTime() + 60_000));
        if (!job) return;
        claimed.push(job.id);
      }
    };
    const workers = pools.flatMap((pool, p) => [0, 1, 2, 3].map((w) => claimAll(pool, `process-${p}-${w}`)));
    await Promise.all(workers);
    expect(claimed).toHaveLength(40);
    expect(new Set(claimed).size).toBe(40);
  });
});
