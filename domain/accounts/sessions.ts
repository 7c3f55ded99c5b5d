import type { Knex } from 'knex';
import { findLiveSession } from '../../db/live-sessions.js';
import type { User } from '../../db/models/user.js';
import type { DomainSettings } from '../core/settings.js';
import { hashToken, isWellFormedToken, newToken } from '../core/tokens.js';

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
export async function openSession(db: Knex, userId: number, settings: DomainSettings): Promise<SessionGrant> {
  const token = newToken();
  const now = settings.clock.now();
  const expiresAt = expiryFrom(now, settings.sessionTtlSeconds);
  const [id] = await db('sessions').insert({
    user_id: userId,
    token_hash: hashToken(token),
    created_at: now,
    last_used_at: now,
    expires_at: expiresAt,
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
