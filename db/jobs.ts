import type { Knex } from 'knex';
import { isMysql } from './dialect.js';

// The `jobs` table, the queue of background jobs (domain/jobs/job-queue.ts is the port it implements).

interface JobRow {
  id: number;
  kind: string;
  payload: string;
  attempts: number;
}

interface NewJobRow {
  kind: string;
  uniqueKey: string;
  payload: unknown;
  subject?: string;
  runAt?: Date;
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

function claimed(row: JobRow | undefined) {
  return row
    ? { id: row.id, kind: row.kind, payload: JSON.parse(row.payload) as unknown, attempts: row.attempts }
    : null;
}

export class JobTable {
  constructor(private readonly db: Knex) {}

  /** Runs in the caller's transaction when `db` is one. A row that failed for good gives way to the new one. */
  async enqueue(jobs: NewJobRow[], now = new Date()): Promise<void> {
    if (jobs.length === 0) return;
    const keys = jobs.map((job) => job.uniqueKey);
    await this.db('jobs').whereIn('unique_key', keys).whereNotNull('failed_at').delete();
    const rows = jobs.map((job) => ({
      kind: job.kind,
      unique_key: job.uniqueKey,
      subject: job.subject ?? null,
      payload: JSON.stringify(job.payload),
      run_at: job.runAt ?? now,
      attempts: 0,
      created_at: now,
    }));
    await this.db('jobs').insert(rows).onConflict('unique_key').ignore();
  }

  /**
   * The UPDATE takes the row only if its lease is still free, so two workers never hold one job at
   * once, in this process or another.
   */
  async claim(kinds: string[], worker: string, now: Date, leaseUntil: Date) {
    if (kinds.length === 0) return null;
    const db = this.db;
    const lease = { lease_until: leaseUntil, leased_by: worker, attempts: db.raw('attempts + 1') };
    if (!isMysql(db)) {
      // SQLite: one statement that writes from its start. A transaction that read first could not
      // then write while another process held the file (SQLITE_BUSY at once, never waited for).
      const next = due(db('jobs').select('id'), now).whereIn('kind', kinds).orderBy('run_at').orderBy('id').limit(1);
      const [taken] = await due(db('jobs'), now).where('id', next).update<string, JobRow[]>(lease, LEASED_COLUMNS);
      return claimed(taken);
    }
    // MySQL skips rows another worker holds locked.
    return db.transaction(async (trx) => {
      const candidate = due(trx('jobs'), now).whereIn('kind', kinds).orderBy('run_at').orderBy('id').first('id');
      const found = (await candidate.forUpdate().skipLocked()) as { id: number } | undefined;
      if (!found) return null;
      const taken = await due(trx('jobs'), now).where('id', found.id).update(lease);
      if (taken !== 1) return null;
      return claimed(await trx('jobs').where('id', found.id).first<JobRow>(LEASED_COLUMNS));
    });
  }

  async renew(id: number, worker: string, leaseUntil: Date): Promise<boolean> {
    return (await this.db('jobs').where({ id, leased_by: worker }).update({ lease_until: leaseUntil })) === 1;
  }

  async finish(id: number, worker: string): Promise<void> {
    await this.db('jobs').where({ id, leased_by: worker }).delete();
  }

  async release(id: number, worker: string, error: string, runAt: Date | null, now: Date): Promise<boolean> {
    const released = await this.db('jobs')
      .where({ id, leased_by: worker })
      .update({
        lease_until: null,
        leased_by: null,
        last_error: error.slice(0, 4000),
        ...(runAt ? { run_at: runAt } : { failed_at: now }),
      });
    return released === 1;
  }

  async cancel(subject: string): Promise<number> {
    return this.db('jobs').where({ subject }).delete();
  }
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
