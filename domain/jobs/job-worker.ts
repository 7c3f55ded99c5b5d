import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { ClaimedJob, JobQueue } from './job-queue.js';

/** One kind of job. It must be idempotent: after a crash or a lost lease the same job runs again. */
export interface JobHandler {
  /** Does the work; `signal` aborts when the process stops or the job is no longer this worker's. */
  run(payload: unknown, signal: AbortSignal): Promise<void>;
  /** Told once, when the job failed for the last time: what it was for can say so. */
  failed?(payload: unknown, error: Error): Promise<void>;
}

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
  /**
   * How long a claim lasts without renewal: a running job renews it every third of this, so a
   * worker that dies loses its jobs to another within this long.
   */
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

/** Why a running job was stopped by its worker rather than by its own failure. */
class LostLease extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'LostLease';
  }
}

/**
 * Claims due jobs from the queue and runs them, `concurrency` at a time. Several processes may run
 * workers on one queue: a job is leased to one worker at a time, and a running job renews its lease
 * (a heartbeat) until it ends.
 */
export class JobWorker {
  readonly id = `${process.pid}@${hostname()}~${randomUUID().slice(0, 8)}`;
  private stopping = new AbortController();
  private aborting = new AbortController();
  private slots: Promise<void>[] = [];

  constructor(
    private readonly queue: JobQueue,
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
    const force = setTimeout(() => this.aborting.abort(new Error('the process is shutting down')), graceMs);
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

  private leaseFrom(now: number): Date {
    return new Date(now + this.options.leaseMs);
  }

  /** Claims and runs one job; false when none was due. */
  private async runOne(): Promise<boolean> {
    const now = new Date();
    const job = await this.queue.claim(Object.keys(this.handlers), this.id, now, this.leaseFrom(now.getTime()));
    if (!job) return false;
    const lost = new AbortController();
    const heartbeat = this.keepAlive(job, lost);
    try {
      await this.handlers[job.kind]!.run(job.payload, AbortSignal.any([this.aborting.signal, lost.signal]));
      clearInterval(heartbeat);
      await this.queue.finish(job.id, this.id);
    } catch (err) {
      clearInterval(heartbeat);
      if (lost.signal.aborted) {
        this.log.info({ job: this.described(job), reason: (lost.signal.reason as Error).message }, 'a job was stopped');
      } else {
        await this.handBack(job, err as Error);
      }
    }
    return true;
  }

  /**
   * Renews the lease every third of it while the job runs. When the job is no longer this worker's
   * (cancelled, or taken over after a renewal came too late), or the lease ran out because the queue
   * did not answer, the job is stopped: another worker may be running it by now.
   */
  private keepAlive(job: ClaimedJob, lost: AbortController): NodeJS.Timeout {
    let leaseUntil = Date.now() + this.options.leaseMs;
    const renew = async () => {
      const next = this.leaseFrom(Date.now());
      try {
        if (await this.queue.renew(job.id, this.id, next)) leaseUntil = next.getTime();
        else lost.abort(new LostLease('the job was cancelled or taken over'));
      } catch (err) {
        this.log.warn({ job: this.described(job), err }, 'a running job could not renew its lease');
        if (Date.now() >= leaseUntil) lost.abort(new LostLease('its lease ran out'));
      }
    };
    return setInterval(() => void renew(), Math.max(1, Math.floor(this.options.leaseMs / 3)));
  }

  private described(job: ClaimedJob) {
    return { id: job.id, kind: job.kind, attempts: job.attempts };
  }

  private async handBack(job: ClaimedJob, err: Error): Promise<void> {
    const now = new Date();
    // Cut short by a shutdown: not the job's fault, it runs again at the next start.
    const next = this.aborting.signal.aborted ? now : retryAt(job.attempts, this.options, now);
    const details = { job: this.described(job), err };
    if (next) this.log.warn({ ...details, retryAt: next }, 'a background job failed; it will run again');
    else this.log.error(details, 'a background job failed for the last time');
    const released = await this.queue.release(job.id, this.id, err.message, next, now);
    if (released && !next) await this.toldOfFailure(job, err);
  }

  private async toldOfFailure(job: ClaimedJob, err: Error): Promise<void> {
    try {
      await this.handlers[job.kind]!.failed?.(job.payload, err);
    } catch (failure) {
      this.log.error({ job: this.described(job), err: failure }, 'a failed job could not record its failure');
    }
  }
}
