import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Knex } from 'knex';
import { claimJob, finishJob, releaseJob, type JobRow } from '../../db/jobs.js';

/** Runs one job. It must be idempotent: after a crash or a lost lease the same job runs again. */
export type JobHandler = (payload: unknown, signal: AbortSignal) => Promise<void>;

export interface JobLog {
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}

export interface WorkerOptions {
  /** How many jobs run at once in this process. */
  concurrency: number;
  /** How long an idle worker waits before it looks for due jobs again. */
  pollMs: number;
  /** How long a claimed job is this worker's; after that another worker may take it. */
  leaseMs: number;
  /** After this many failed attempts a job is kept as failed and not run again. */
  maxAttempts: number;
  /** The first retry waits this long; each further one twice as long as the one before. */
  retryBaseMs: number;
}

const MAX_RETRY_DELAY_MS = 60 * 60 * 1000;

/** When a job that failed its `attempts`th time runs again (null: never). */
export function retryAt(attempts: number, options: WorkerOptions, now: Date): Date | null {
  if (attempts >= options.maxAttempts) return null;
  const delay = Math.min(options.retryBaseMs * 2 ** (attempts - 1), MAX_RETRY_DELAY_MS);
  return new Date(now.getTime() + delay);
}

/**
 * Claims due jobs from the database and runs them, `concurrency` at a time. Several processes may
 * run workers on one database: a job is leased to one worker at a time (db/jobs.ts).
 */
export class JobWorker {
  readonly id = `${process.pid}@${hostname()}~${randomUUID().slice(0, 8)}`;
  private stopping = new AbortController();
  private aborting = new AbortController();
  private slots: Promise<void>[] = [];

  constructor(
    private readonly db: Knex,
    private readonly handlers: Record<string, JobHandler>,
    private readonly options: WorkerOptions,
    private readonly log: JobLog,
  ) {}

  start(): void {
    for (let i = 0; i < this.options.concurrency; i++) this.slots.push(this.loop());
  }

  /** No new job starts; running ones get `graceMs` to finish, then are aborted and handed back. */
  async stop(graceMs: number): Promise<void> {
    this.stopping.abort();
    const force = setTimeout(() => this.aborting.abort(new Error('the server is shutting down')), graceMs);
    await Promise.all(this.slots);
    clearTimeout(force);
  }

  private async loop(): Promise<void> {
    while (!this.stopping.signal.aborted) {
      let ran = false;
      try {
        ran = await this.runOne();
      } catch (err) {
        this.log.error({ err }, 'the job queue could not be read');
      }
      if (!ran) await this.pause();
    }
  }

  private pause(): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.stopping.signal.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, this.options.pollMs);
      this.stopping.signal.addEventListener('abort', done);
    });
  }

  /** Claims and runs one job; false when none was due. */
  private async runOne(): Promise<boolean> {
    const now = new Date();
    const leaseUntil = new Date(now.getTime() + this.options.leaseMs);
    const job = await claimJob(this.db, Object.keys(this.handlers), this.id, now, leaseUntil);
    if (!job) return false;
    try {
      await this.handlers[job.kind]!(JSON.parse(job.payload), this.aborting.signal);
      await finishJob(this.db, job.id, this.id);
    } catch (err) {
      await this.handBack(job, err as Error);
    }
    return true;
  }

  private async handBack(job: JobRow, err: Error): Promise<void> {
    const now = new Date();
    // Cut short by a shutdown: not the job's fault, it runs again at the next start.
    const next = this.aborting.signal.aborted ? now : retryAt(job.attempts, this.options, now);
    const details = { job: { id: job.id, kind: job.kind, attempts: job.attempts }, err };
    if (next) this.log.warn({ ...details, retryAt: next }, 'a background job failed; it will run again');
    else this.log.error(details, 'a background job failed for the last time');
    await releaseJob(this.db, job.id, this.id, err.message, next, now);
  }
}
