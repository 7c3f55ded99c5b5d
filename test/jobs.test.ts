import { describe, expect, it } from 'vitest';
import { retryAt, type WorkerOptions } from '../domain/jobs/job-worker.js';

const options: WorkerOptions = { concurrency: 1, pollMs: 1000, leaseMs: 60_000, maxAttempts: 12, retryBaseMs: 30_000 };
const now = new Date('2026-01-01T00:00:00Z');
const waitAfter = (attempts: number) => (retryAt(attempts, options, now)?.getTime() ?? NaN) - now.getTime();

describe('when a failed job runs again', () => {
  it('waits JOB_RETRY_SECONDS after the first failure, twice as long after each further one, at most an hour', () => {
    expect([1, 2, 3, 4].map(waitAfter)).toEqual([30_000, 60_000, 120_000, 240_000]);
    expect(waitAfter(8)).toBe(3_600_000);
  });

  it('never, once the attempts ran out', () => {
    expect(retryAt(12, options, now)).toBeNull();
    expect(retryAt(11, options, now)).not.toBeNull();
  });
});
