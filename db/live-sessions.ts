import type { Knex } from 'knex';
import { aliasedColumns, splitJoinedRow } from './joined-rows.js';
import { Session } from './models/session.js';
import { User } from './models/user.js';

const SESSION_PREFIX = 'session__';
const SESSION_COLUMNS = ['id', 'user_id', 'last_used_at', 'expires_at'];

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
    .first('users.*', ...aliasedColumns('sessions', SESSION_PREFIX, SESSION_COLUMNS));
  if (!row) return undefined;
  const { main, aliased } = splitJoinedRow(row, SESSION_PREFIX);
  return {
    session: Session.fromDatabaseJson({ ...aliased, token_hash: tokenHash }),
    user: User.fromDatabaseJson(main),
  };
}
