import knex, { type Knex } from 'knex';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { knexConfig, parseDatabaseUrl } from '../db/connection.js';
import { jobQueue, type JobQueue } from '../domain/jobs/job-queue.js';
import { JobWorker, type JobHandler, type WorkerOptions } from '../domain/jobs/job-worker.js';
import { databases } from './support/databases.js';
import { eventually } from './support/media.js';
import { startServer, type TestServer } from './support/server.js';

const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };
/** Short leases, so that a lease that runs out does so within the test; renewed every 100 ms. */
const OPTIONS: WorkerOptions = { concurrency: 1, pollMs: 20, leaseMs: 300, maxAttempts: 1, retryBaseMs: 1000 };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The job workers of several processes claim from one table: each job goes to one of them. */
describe.each(databases)('job leases on %s', (kind) => {
  let server: TestServer;
  let pools: Knex[];
  let queues: JobQueue[];
  let workers: JobWorker[];
  beforeEach(async () => {
    // No worker in the server itself: the two pools below stand for two processes' workers.
    server = await startServer(kind, { JOB_CONCURRENCY: '0' });
    pools = [0, 1].map(() => knex(knexConfig(parseDatabaseUrl(server.config.databaseUrl))));
    queues = pools.map(jobQueue);
    workers = [];
  });
  afterEach(async () => {
    await Promise.all(workers.map((worker) => worker.stop(0)));
    await Promise.all(pools.map((pool) => pool.destroy()));
    await server.close();
  });

  function startWorker(queue: JobQueue, handlers: Record<string, JobHandler>, options = OPTIONS): JobWorker {
    const worker = new JobWorker(queue, handlers, options, quiet);
    workers.push(worker);
    worker.start();
    return worker;
  }

  it('hands each due job to exactly one of the workers claiming at once', async () => {
    const jobs = Array.from({ length: 40 }, (_, i) => ({ kind: 'probe', uniqueKey: `probe:${i}`, payload: { i } }));
    await queues[0]!.enqueue(jobs);
    const claimed: number[] = [];
    const claimAll = async (queue: JobQueue, worker: string) => {
      for (;;) {
        const now = new Date();
        const job = await queue.claim(['probe'], worker, now, new Date(now.getTime() + 60_000));
        if (!job) return;
        claimed.push(job.id);
      }
    };
    const claiming = queues.flatMap((queue, p) => [0, 1, 2, 3].map((w) => claimAll(queue, `process-${p}-${w}`)));
    await Promise.all(claiming);
    expect(claimed).toHaveLength(40);
    expect(new Set(claimed).size).toBe(40);
  });

  it('keeps a job that runs for many leases with the worker running it: no other worker takes it', async () => {
    const runs: string[] = [];
    const slow = (name: string): JobHandler => ({
      run: async () => {
        runs.push(name);
        await sleep(5 * OPTIONS.leaseMs);
      },
    });
    await queues[0]!.enqueue([{ kind: 'slow', uniqueKey: 'slow:1', payload: {} }]);
    startWorker(queues[0]!, { slow: slow('first') });
    await eventually(
      () => Promise.resolve(runs.length),
      (count) => count === 1,
    );
    startWorker(queues[1]!, { slow: slow('second') });
    await eventually(
      () => server.rows('jobs'),
      (count) => count === 0,
    );
    expect(runs).toEqual(['first']);
  });

  it('gives the job of a worker that stopped renewing (it died) to another once its lease runs out', async () => {
    await queues[0]!.enqueue([{ kind: 'work', uniqueKey: 'work:1', payload: { n: 1 } }]);
    // A worker claims it and dies at once: nothing renews the claim.
    const now = new Date();
    const dead = await queues[0]!.claim(['work'], 'dead-worker', now, new Date(now.getTime() + OPTIONS.leaseMs));
    expect(dead).toMatchObject({ kind: 'work', attempts: 1 });
    const done: unknown[] = [];
    const work: JobHandler = {
      run: (payload) => {
        done.push(payload);
        return Promise.resolve();
      },
    };
    startWorker(queues[1]!, { work });
    await eventually(
      () => server.rows('jobs'),
      (count) => count === 0,
    );
    expect(done).toEqual([{ n: 1 }]);
  });

  it('stops a running job that is cancelled, and never runs it again', async () => {
    await queues[0]!.enqueue([{ kind: 'long', uniqueKey: 'long:7', payload: {}, subject: 'movie:7' }]);
    await queues[0]!.enqueue([{ kind: 'long', uniqueKey: 'long:8', payload: {}, subject: 'movie:8' }]);
    const seen: { started: number; stopped: string[] } = { started: 0, stopped: [] };
    const long: JobHandler = {
      run: (_payload, signal) =>
        new Promise((_resolve, reject) => {
          seen.started += 1;
          signal.addEventListener('abort', () => {
            seen.stopped.push((signal.reason as Error).message);
            reject(signal.reason as Error);
          });
        }),
    };
    startWorker(queues[0]!, { long });
    await eventually(
      () => Promise.resolve(seen.started),
      (count) => count === 1,
    );
    expect(await queues[1]!.cancel('movie:7')).toBe(1);
    expect(await queues[1]!.cancel('movie:8')).toBe(1);
    await eventually(
      () => Promise.resolve(seen.stopped),
      (stopped) => stopped.length === 1,
    );
    expect(seen.stopped).toEqual(['the job was cancelled or taken over']);
    await sleep(3 * OPTIONS.leaseMs);
    expect(seen.started).toBe(1);
    expect(await server.rows('jobs')).toBe(0);
  });

  it('tells a job that failed for the last time, keeps it, and queues its key afresh when asked again', async () => {
    let attempt = 0;
    const told: string[] = [];
    const flaky: JobHandler = {
      run: () => {
        attempt += 1;
        return attempt === 1 ? Promise.reject(new Error('the first attempt fails')) : Promise.resolve();
      },
      failed: (_payload, error) => {
        told.push(error.message);
        return Promise.resolve();
      },
    };
    await queues[0]!.enqueue([{ kind: 'flaky', uniqueKey: 'flaky:1', payload: {} }]);
    startWorker(queues[0]!, { flaky });
    const failed = await eventually(
      () => server.db('jobs').first(),
      (job) => job?.failed_at != null,
    );
    expect(failed).toMatchObject({ attempts: 1, last_error: 'the first attempt fails' });
    expect(told).toEqual(['the first attempt fails']);
    // A key that waits or runs is not queued twice; one that failed for good is queued afresh.
    await queues[1]!.enqueue([{ kind: 'flaky', uniqueKey: 'flaky:1', payload: {} }]);
    await eventually(
      () => server.rows('jobs'),
      (count) => count === 0,
    );
    expect(attempt).toBe(2);
  });
});
