import type { Knex } from 'knex';
import { findLiveSession } from '../../db/live-sessions.js';
import { Session } from '../../db/models/session.js';
import type { User } from '../../db/models/user.js';
import { notFound } from '../core/errors.js';
import type { DomainSettings } from '../core/settings.js';
import { withoutUnsafeCharacters } from '../core/text.js';
import { hashToken, isWellFormedToken, newToken } from '../core/tokens.js';

/** What a person is shown of a session, to tell their devices apart: where and with what it signed in. */
export interface SessionClient {
  /** The client's address, as resolved through a trusted proxy. */
  address: string;
  /** The User-Agent header, if any. */
  userAgent: string | null;
}

/** At most `length` characters (code points) of one line of text, as a column of that width holds them. */
function cut(text: string, length: number): string {
  return [...withoutUnsafeCharacters(text)].slice(0, length).join('');
}

export interface SessionGrant {
  id: number;
  token: string;
  expiresAt: Date;
}

export interface Authenticated {
  user: User;
  sessionId: number;
  expiresAt: Date;
  /** The expiry moved forward on this use (a cookie carrying it may want renewing). */
  renewed: boolean;
}

function expiryFrom(now: Date, ttlSeconds: number): Date {
  return new Date(now.getTime() + ttlSeconds * 1000);
}

/** Starts a session for `userId`; the token is returned once and only its hash is kept. */
export async function openSession(
  db: Knex,
  userId: number,
  settings: DomainSettings,
  client: SessionClient,
): Promise<SessionGrant> {
  const token = newToken();
  const now = settings.clock.now();
  const expiresAt = expiryFrom(now, settings.sessionTtlSeconds);
  const [id] = await db('sessions').insert({
    user_id: userId,
    token_hash: hashToken(token),
    created_at: now,
    last_used_at: now,
    expires_at: expiresAt,
    user_agent: client.userAgent ? cut(client.userAgent, 255) : null,
    address: cut(client.address, 64),
  });
  await db('sessions').where('user_id', userId).where('expires_at', '<=', now).delete();
  return { id: id!, token, expiresAt };
}

/**
 * The user behind a session token, or null when the token is unknown, expired, revoked or its
 * user is locked. Use slides the expiry forward, written at most every `ttl / 4` (≤ 60 s).
 */
export async function authenticate(db: Knex, token: string, settings: DomainSettings): Promise<Authenticated | null> {
  if (!isWellFormedToken(token)) return null;
  const ttlSeconds = settings.sessionTtlSeconds;
  const now = settings.clock.now();
  const found = await findLiveSession(db, hashToken(token), now);
  if (!found || found.user.isLocked) return null;
  const { session, user } = found;
  const refreshAfterMs = Math.min(60, ttlSeconds / 4) * 1000;
  if (now.getTime() - session.lastUsedAt.getTime() < refreshAfterMs) {
    return { user, sessionId: session.id, expiresAt: session.expiresAt, renewed: false };
  }
  const expiresAt = expiryFrom(now, ttlSeconds);
  await db('sessions').where('id', session.id).update({ last_used_at: now, expires_at: expiresAt });
  return { user, sessionId: session.id, expiresAt, renewed: true };
}

export async function closeSession(db: Knex, sessionId: number): Promise<void> {
  await db('sessions').where('id', sessionId).delete();
}

export async function closeUserSessions(db: Knex, userId: number): Promise<void> {
  await db('sessions').where('user_id', userId).delete();
}

/** Ends every session of the user but `keepSessionId` (the one asking, when there is one). */
export async function closeOtherSessions(db: Knex, userId: number, keepSessionId: number | null): Promise<void> {
  const others = db('sessions').where('user_id', userId);
  if (keepSessionId !== null) others.whereNot('id', keepSessionId);
  await others.delete();
}

/** The user's live sessions, the most recently used first. */
export async function listSessions(db: Knex, userId: number, now: Date): Promise<Session[]> {
  return Session.query(db)
    .where('user_id', userId)
    .where('expires_at', '>', now)
    .orderBy([
      { column: 'last_used_at', order: 'desc' },
      { column: 'id', order: 'desc' },
    ]);
}

/** Ends one of the user's own sessions; another's, or one that ended already, is NOT_FOUND. */
export async function endOwnSession(db: Knex, userId: number, sessionId: number): Promise<void> {
  const ended = await db('sessions').where({ id: sessionId, user_id: userId }).delete();
  if (ended === 0) throw notFound('The session');
}
