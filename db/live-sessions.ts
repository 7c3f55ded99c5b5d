import type { Knex } from 'knex';
import { Session } from './models/session.js';
import { User } from './models/user.js';

const SESSION_PREFIX = 'session__';

/**
 * The unexpired session with this token hash and its user, in one query: every authenticated
 * request asks, and two round trips (session, then user) were half its cost.
 */
export async function findLiveSession(
  db: Knex,
  tokenHash: string,
  now: Date,
): Promise<{ session: Session; user: User } | undefined> {
  const row: Record<string, unknown> | undefined = await db('sessions')
    .join('users', 'users.id', 'sessions.user_id')
    .where('sessions.token_hash', tokenHash)
    .where('sessions.expires_at', '>', now)
    .first(
      'users.*',
      `sessions.id as ${SESSION_PREFIX}id`,
      `sessions.user_id as ${SESSION_PREFIX}user_id`,
      `sessions.last_used_at as ${SESSION_PREFIX}last_used_at`,
      `sessions.expires_at as ${SESSION_PREFIX}expires_at`,
    );
  if (!row) return undefined;
  const userColumns: Record<string, unknown> = {};
  const sessionColumns: Record<string, unknown> = { token_hash: tokenHash };
  for (const [column, value] of Object.entries(row)) {
    if (column.startsWith(SESSION_PREFIX)) sessionColumns[column.slice(SESSION_PREFIX.length)] = value;
    else userColumns[column] = value;
  }
  return { session: Session.fromDatabaseJson(sessionColumns), user: User.fromDatabaseJson(userColumns) };
}
