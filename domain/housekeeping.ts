import type { Knex } from 'knex';

/** Deletes sessions and download tickets past their expiry, which nothing can use any more. */
export async function sweepExpired(db: Knex, now: Date): Promise<{ sessions: number; tickets: number }> {
  const sessions = await db('sessions').where('expires_at', '<=', now).delete();
  const tickets = await db('download_tickets').where('expires_at', '<=', now).delete();
  return { sessions, tickets };
}
