import type { Knex } from 'knex';
import { User } from '../../db/models/user.js';
import { inTransaction } from '../../db/transaction.js';
import { AppError, badInput } from '../core/errors.js';
import type { DomainSettings } from '../core/settings.js';
import { hashToken } from '../core/tokens.js';
import { lockedAccount, type LoggedIn } from './accounts.js';
import { userNameKey } from './names.js';
import { hashPassword, validatePassword } from './passwords.js';
import { closeUserSessions, openSession, type SessionClient } from './sessions.js';
import { requireSecondFactor, type CodeChecks } from './two-factor.js';
import { canonicalCode, newTypedCode } from './typed-codes.js';
import { findUser } from './users.js';

// Password reset without e-mail: an admin makes a one-time code and hands it over; the user sets a
// new password with it. Only the code's SHA-256 is kept (60 random bits, and every guess counts in
// the login throttle), one code per user: a new one replaces the last.

export interface PasswordResetGrant {
  /** Shown once, to the admin who hands it over. */
  code: string;
  expiresAt: Date;
}

const hashOf = (code: string) => hashToken(canonicalCode(code));

/** A one-time code for `userId`, valid PASSWORD_RESET_TTL_SECONDS; not for one's own account (changePassword is). */
export async function createPasswordReset(
  db: Knex,
  settings: DomainSettings,
  actorId: number,
  userId: number,
): Promise<PasswordResetGrant> {
  if (actorId === userId) {
    throw new AppError('BAD_USER_INPUT', 'Change your own password on your account page.', {
      field: 'id',
      reason: 'OWN_ACCOUNT',
    });
  }
  await findUser(db, userId);
  const code = newTypedCode(3, 4);
  const now = settings.clock.now();
  const expiresAt = new Date(now.getTime() + settings.passwordResetTtlSeconds * 1000);
  await inTransaction(db, async (trx) => {
    await trx('password_resets').where('user_id', userId).delete();
    await trx('password_resets').insert({
      user_id: userId,
      code_hash: hashOf(code),
      created_by: actorId,
      created_at: now,
      expires_at: expiresAt,
    });
  });
  return { code, expiresAt };
}

export interface PasswordResetUse extends SessionClient {
  name: string;
  code: string;
  newPassword: string;
  /** The second factor, for an account with two-factor sign-in on: a reset code does not pass by it. */
  twoFactorCode?: string | null;
}

const wrongCode = () =>
  badInput('This reset code is wrong, used or expired: ask an administrator for a new one.', 'code');

/** The live reset of `code` for the user of `nameKey`, left in place. */
async function findReset(db: Knex, nameKey: string, code: string, now: Date): Promise<User | undefined> {
  const user = await User.query(db).where('name_key', nameKey).first();
  if (!user) return undefined;
  const reset = await db('password_resets')
    .where({ user_id: user.id, code_hash: hashOf(code) })
    .where('expires_at', '>', now)
    .first<{ user_id: number } | undefined>('user_id');
  return reset ? user : undefined;
}

/**
 * Sets a new password with an admin's code, ends every session of the user and opens a new one. The
 * code works once (the delete in the transaction decides between two at once); a wrong, used or
 * expired one is BAD_USER_INPUT and counts as a failed login. A locked account is refused as at
 * login, and keeps its code.
 */
export async function resetPassword(db: Knex, checks: CodeChecks, use: PasswordResetUse): Promise<LoggedIn> {
  validatePassword(use.newPassword, 'newPassword');
  const nameKey = userNameKey(use.name.trim());
  const attempt = await checks.throttle.attempt(nameKey, use.address);
  const now = checks.settings.clock.now();
  const user = await findReset(db, nameKey, use.code, now);
  if (!user) throw wrongCode();
  if (user.isLocked) {
    await attempt.succeeded();
    throw lockedAccount();
  }
  const secondFactor = await requireSecondFactor(db, checks, user, use.twoFactorCode, attempt);
  const passwordHash = await hashPassword(use.newPassword);
  const session = await inTransaction(db, async (trx) => {
    const used = await trx('password_resets')
      .where({ user_id: user.id, code_hash: hashOf(use.code) })
      .where('expires_at', '>', now)
      .delete();
    if (used !== 1) throw wrongCode();
    await trx('users').where('id', user.id).update({ password_hash: passwordHash });
    await closeUserSessions(trx, user.id);
    return openSession(trx, user.id, checks.settings, use);
  });
  await attempt.succeeded();
  return { user, session, secondFactor };
}
