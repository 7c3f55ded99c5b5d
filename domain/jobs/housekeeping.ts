import type { Knex } from 'knex';
import { deleteExpiredAttempts } from '../../db/attempt-counts.js';

export interface Swept {
  sessions: number;
  tickets: number;
  attempts: number;
  passwordResets: number;
}

/**
 * Deletes sessions, download tickets, attempt counts and password-reset codes past their expiry, which nothing can use
 * any more. Every process runs it: each DELETE takes only rows past their time, so two at once
 * delete each row once and disturb nothing live.
 */
export async function sweepExpired(db: Knex, now: Date): Promise<Swept> {
  const sessions = await db('sessions').where('expires_at', '<=', now).delete();
  const tickets = await db('download_tickets').where('expires_at', '<=', now).delete();
  const attempts = await deleteExpiredAttempts(db, now.getTime());
  const passwordResets = await db('password_resets').where('expires_at', '<=', now).delete();
  return { sessions, tickets, attempts, passwordResets };
}
