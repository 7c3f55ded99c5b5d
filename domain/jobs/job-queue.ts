import type { Knex } from 'knex';
import { JobTable } from '../../db/jobs.js';

/** Work to be done in the background, as the rules name it. */
export interface NewJob {
  kind: string;
  /** Names the work: enqueueing a key that waits or runs already is a no-op. */
  uniqueKey: string;
  payload: unknown;
  /** What the job is about (`movie:<id>`), for `cancel`. */
  subject?: string;
  runAt?: Date;
}

/** A job a worker holds: its lease is the worker's until it finishes, fails or stops renewing it. */
export interface ClaimedJob {
  id: number;
  kind: string;
  payload: unknown;
  /** Counting this one. */
  attempts: number;
}

/**
 * The queue of background jobs, the port the job worker and the rules use; the database table
 * implements it (db/jobs.ts), so no handler sees SQL. A queue opened on a transaction enqueues
 * within it: the job commits or rolls back with the change that calls for it (an outbox).
 */
export interface JobQueue {
  /** Adds the jobs whose keys do not wait or run yet; a key whose job failed for good is queued afresh. */
  enqueue(jobs: NewJob[], now?: Date): Promise<void>;
  /** Leases the next due job of one of `kinds` to `worker` until `leaseUntil`, counting the attempt; null when none is due. */
  claim(kinds: string[], worker: string, now: Date, leaseUntil: Date): Promise<ClaimedJob | null>;
  /** Extends a running job's lease; false when it is no longer the worker's (taken over, or cancelled). */
  renew(id: number, worker: string, leaseUntil: Date): Promise<boolean>;
  /** The job is done and goes, unless its lease passed to another worker meanwhile. */
  finish(id: number, worker: string): Promise<void>;
  /**
   * The attempt failed: the job waits until `runAt`, or for good (kept for an operator) when `runAt`
   * is null. False when the job was no longer the worker's.
   */
  release(id: number, worker: string, error: string, runAt: Date | null, now: Date): Promise<boolean>;
  /** Removes every job about `subject`, waiting or running (a running one stops at its next renewal). Returns how many. */
  cancel(subject: string): Promise<number>;
}

/** The queue in the database `db` (a pool, or a transaction to enqueue within). */
export function jobQueue(db: Knex): JobQueue {
  return new JobTable(db);
}
