import type { Knex } from 'knex';
import { isMysql } from './dialect.js';

export interface JobRow {
  id: number;
  kind: string;
  payload: string;
  attempts: number;
}

export interface NewJob {
  kind: string;
  /** Names the work: a second enqueue of the same key while the first waits is a no-op. */
  uniqueKey: string;
  payload: unknown;
  runAt?: Date;
}

/** Adds jobs unless one with the same key is already queued (runs in the caller's transaction). */
export async function enqueueJobs(db: Knex, jobs: NewJob[], now = new Date()): Promise<void> {
  if (jobs.length === 0) return;
  const rows = jobs.map((job) => ({
    kind: job.kind,
    unique_key: job.uniqueKey,
    payload: JSON.stringify(job.payload),
    run_at: job.runAt ?? now,
    attempts: 0,
    created_at: now,
  }));
  await db('jobs').insert(rows).onConflict('unique_key').ignore();
}

function due(query: Knex.QueryBuilder, now: Date): Knex.QueryBuilder {
  return query
    .whereNull('failed_at')
    .where('run_at', '<=', now)
    .where((q) => {
      q.whereNull('lease_until').orWhere('lease_until', '<', now);
    });
}

const LEASED_COLUMNS = ['id', 'kind', 'payload', 'attempts'];

/**
 * Leases the next due job of one of `kinds` to `worker` until `leaseUntil`, counting the attempt.
 * The UPDATE takes the row only if its lease is still free, so two workers never hold one job at
 * once, in this process or another.
 */
export async function claimJob(
  db: Knex,
  kinds: string[],
  worker: string,
  now: Date,
  leaseUntil: Date,
): Promise<JobRow | null> {
  if (kinds.length === 0) return null;
  const lease = { lease_until: leaseUntil, leased_by: worker, attempts: db.raw('attempts + 1') };
  if (!isMysql(db)) {
    // SQLite: one statement that writes from its start. A transaction that read first could not
    // then write while another process held the file (SQLITE_BUSY at once, never waited for).
    const next = due(db('jobs').select('id'), now).whereIn('kind', kinds).orderBy('run_at').orderBy('id').limit(1);
    const [taken] = await due(db('jobs'), now).where('id', next).update<string, JobRow[]>(lease, LEASED_COLUMNS);
    return taken ?? null;
  }
  // MySQL skips rows another worker holds locked.
  return db.transaction(async (trx) => {
    const candidate = due(trx('jobs'), now).whereIn('kind', kinds).orderBy('run_at').orderBy('id').first('id');
    const found = (await candidate.forUpdate().skipLocked()) as { id: number } | undefined;
    if (!found) return null;
    const taken = await due(trx('jobs'), now).where('id', found.id).update(lease);
    if (taken !== 1) return null;
    return await trx('jobs').where('id', found.id).first<JobRow>(LEASED_COLUMNS);
  });
}

/** The job is done: it goes, unless its lease passed to another worker meanwhile. */
export async function finishJob(db: Knex, id: number, worker: string): Promise<void> {
  await db('jobs').where({ id, leased_by: worker }).delete();
}

/** The attempt failed: the job waits until `runAt`, or for good when `runAt` is null. */
export async function releaseJob(db: Knex, id: number, worker: string, error: string, runAt: Date | null, now: Date) {
  await db('jobs')
    .where({ id, leased_by: worker })
    .update({
      lease_until: null,
      leased_by: null,
      last_error: error.slice(0, 4000),
      ...(runAt ? { run_at: runAt } : { failed_at: now }),
    });
}

/** How many jobs wait or run (`queued`) and how many ran out of attempts (`failed`); two index-only counts. */
export async function countJobs(db: Knex): Promise<{ queued: number; failed: number }> {
  const count = async (query: Knex.QueryBuilder) => Number((await query.count<{ n: unknown }[]>({ n: '*' }))[0]!.n);
  const [queued, failed] = await Promise.all([
    count(db('jobs').whereNull('failed_at')),
    count(db('jobs').whereNotNull('failed_at')),
  ]);
  return { queued, failed };
}
