import type { Knex } from 'knex';
import type { User } from '../../db/models/user.js';
import { inTransaction } from '../../db/transaction.js';
import { AppError, badInput, notFound } from '../core/errors.js';
import type { DomainSettings } from '../core/settings.js';
import type { LoginThrottle, PasswordAttempt } from './login-throttle.js';
import { verifyPassword } from './passwords.js';
import {
  dropRecoveryCodes,
  newRecoveryCodes,
  recoveryCodesLeft,
  replaceRecoveryCodes,
  useRecoveryCode,
} from './recovery-codes.js';
import { isAdmin } from './roles.js';
import type { SecretBox } from './secret-box.js';
import { closeUserSessions } from './sessions.js';
import { newTotp, stepOfCode, totpCodeOf, type TotpSetup } from './totp.js';
import { findUser } from './users.js';

// Two-factor sign-in (TOTP, RFC 6238) and its recovery codes. Every check of a code spends an
// attempt of the login throttle first, as a password does, and a right code hands it back.

/** What the server keeps and uses to check codes: the key that seals secrets, and the throttle. */
export interface CodeChecks {
  secrets: SecretBox;
  throttle: LoginThrottle;
  settings: DomainSettings;
}

export function hasTwoFactor(user: Pick<User, 'twoFactorSecret'>): boolean {
  return user.twoFactorSecret !== null;
}

/**
 * With REQUIRE_ADMIN_TWO_FACTOR=true, an admin without two-factor sign-in may do nothing but set it
 * up: this refusal, for every other operation and route; null for everyone else.
 */
export function twoFactorSetupRefusal(user: User | null, settings: DomainSettings): AppError | null {
  if (!settings.requireAdminTwoFactor || !user || !isAdmin(user) || hasTwoFactor(user)) return null;
  return new AppError('FORBIDDEN', 'Administrators must turn on two-factor sign-in first (on the account page).', {
    reason: 'TWO_FACTOR_SETUP_REQUIRED',
  });
}

/** How the second factor was given: a code of the app, or a recovery code (with how many are left). */
export type SecondFactor = { kind: 'totp' } | { kind: 'recovery'; left: number };

/**
 * Accepts a TOTP code of the user's secret once: at a time step after the last one accepted, which
 * one conditional update records, so that the same code cannot pass twice, even at once elsewhere.
 */
async function acceptTotp(db: Knex, checks: CodeChecks, user: User, typed: string): Promise<boolean> {
  const code = totpCodeOf(typed);
  if (!code || !user.twoFactorSecret) return false;
  const step = stepOfCode(checks.secrets.open(user.twoFactorSecret), code, checks.settings.clock.now());
  if (step === null) return false;
  const accepted = await db('users')
    .where({ id: user.id, two_factor_secret: user.twoFactorSecret })
    .where((newer) => void newer.whereNull('two_factor_step').orWhere('two_factor_step', '<', step))
    .update({ two_factor_step: step });
  return accepted === 1;
}

/** The second factor of a user who has it on: a code of the app, or one of the unused recovery codes. */
async function checkSecondFactor(db: Knex, checks: CodeChecks, user: User, code: string): Promise<SecondFactor | null> {
  if (totpCodeOf(code)) return (await acceptTotp(db, checks, user, code)) ? { kind: 'totp' } : null;
  if (!(await useRecoveryCode(db, user.id, code))) return null;
  return { kind: 'recovery', left: await recoveryCodesLeft(db, user.id) };
}

/**
 * For a sign-in whose password was right (`attempt` spent on it): nothing without two-factor
 * sign-in; else the code, which must be there (TWO_FACTOR_REQUIRED, and the attempt is handed back:
 * nothing was guessed) and right (WRONG_CODE, the attempt stays spent).
 */
export async function requireSecondFactor(
  db: Knex,
  checks: CodeChecks,
  user: User,
  code: string | null | undefined,
  attempt: PasswordAttempt,
): Promise<SecondFactor | null> {
  if (!hasTwoFactor(user)) return null;
  if (!code?.trim()) {
    await attempt.succeeded();
    throw new AppError('UNAUTHENTICATED', 'Enter the code your authenticator app shows, or a recovery code.', {
      reason: 'TWO_FACTOR_REQUIRED',
    });
  }
  const factor = await checkSecondFactor(db, checks, user, code);
  if (!factor)
    throw new AppError('UNAUTHENTICATED', 'The code is wrong, or was used already.', { reason: 'WRONG_CODE' });
  return factor;
}

/**
 * A new secret for the user, kept sealed as a setup until a code of it confirms it: nothing changes
 * before. Refused while two-factor sign-in is on, so that a stolen session cannot replace the device.
 */
export async function beginTwoFactor(db: Knex, secrets: SecretBox, user: User, issuer: string): Promise<TotpSetup> {
  if (hasTwoFactor(user)) {
    throw new AppError('CONFLICT', 'Two-factor sign-in is on already: turn it off first to set up another device.', {
      reason: 'TWO_FACTOR_ON',
    });
  }
  const setup = newTotp(issuer, user.name);
  await db('users')
    .where('id', user.id)
    .update({ two_factor_pending: secrets.seal(setup.secret) });
  return setup;
}

export interface Confirmed {
  /** Shown once. */
  recoveryCodes: string[];
  /** `enabled`: a setup was confirmed; `renewed`: it was on, and the recovery codes are new. */
  change: 'enabled' | 'renewed';
}

const wrongCode = () => badInput('The code is wrong, or was used already.', 'code');

/**
 * With a setup begun: a code of its secret turns two-factor sign-in on. With it on already: a code of
 * the app gives a new set of recovery codes and voids the old. Either way the ten codes come back once.
 */
export async function confirmTwoFactor(
  db: Knex,
  checks: CodeChecks,
  userId: number,
  code: string,
  address: string,
): Promise<Confirmed> {
  const user = await findUser(db, userId);
  const pending = user.twoFactorPending;
  if (!pending && !hasTwoFactor(user)) {
    throw new AppError('CONFLICT', 'There is no two-factor setup to confirm: begin one first.', {
      reason: 'NO_TWO_FACTOR_SETUP',
    });
  }
  const attempt = await checks.throttle.attempt(user.nameKey, address);
  const now = checks.settings.clock.now();
  const typed = totpCodeOf(code);
  const step = pending && typed ? stepOfCode(checks.secrets.open(pending), typed, now) : null;
  if (pending ? step === null : !(await acceptTotp(db, checks, user, code))) throw wrongCode();
  const { codes, hashes } = await newRecoveryCodes();
  await inTransaction(db, async (trx) => {
    if (pending) {
      const enabled = await trx('users')
        .where({ id: user.id, two_factor_pending: pending })
        .update({ two_factor_secret: pending, two_factor_pending: null, two_factor_step: step });
      // Another confirmation of the same setup came first.
      if (enabled !== 1) throw wrongCode();
    }
    await replaceRecoveryCodes(trx, user.id, hashes, now);
  });
  await attempt.succeeded();
  return { recoveryCodes: codes, change: pending ? 'enabled' : 'renewed' };
}

export interface TwoFactorRemoval {
  userId: number;
  password: string;
  code: string;
  address: string;
}

/**
 * Turns two-factor sign-in off once the password and a code (of the app, or a recovery code) are
 * proven; wrong ones count as failed logins. Null when it was off: nothing to do, nothing checked.
 */
export async function disableTwoFactor(
  db: Knex,
  checks: CodeChecks,
  removal: TwoFactorRemoval,
): Promise<SecondFactor | null> {
  const user = await findUser(db, removal.userId);
  if (!hasTwoFactor(user)) return null;
  const attempt = await checks.throttle.attempt(user.nameKey, removal.address);
  if (!(await verifyPassword(user.passwordHash, removal.password))) {
    throw new AppError('BAD_USER_INPUT', 'The password is wrong.', { field: 'password', reason: 'WRONG_PASSWORD' });
  }
  const factor = await checkSecondFactor(db, checks, user, removal.code);
  if (!factor) throw wrongCode();
  await inTransaction(db, (trx) => turnOff(trx, user.id));
  await attempt.succeeded();
  return factor;
}

/**
 * An admin turns another user's two-factor sign-in off (a lost phone) and ends their sessions. Not
 * one's own: that would pass by the password and code that disableTwoFactor asks for.
 */
export async function resetTwoFactor(db: Knex, actorId: number, userId: number): Promise<User> {
  if (actorId === userId) {
    throw new AppError('BAD_USER_INPUT', 'Turn your own two-factor sign-in off on your account page.', {
      field: 'id',
      reason: 'OWN_ACCOUNT',
    });
  }
  return inTransaction(db, async (trx) => {
    if (!(await turnOff(trx, userId))) throw notFound('The user');
    await closeUserSessions(trx, userId);
    return findUser(trx, userId);
  });
}

/** Forgets the secret, a setup begun and the recovery codes; false when there is no such user. */
async function turnOff(trx: Knex.Transaction, userId: number): Promise<boolean> {
  const changed = await trx('users')
    .where('id', userId)
    .update({ two_factor_secret: null, two_factor_pending: null, two_factor_step: null });
  await dropRecoveryCodes(trx, userId);
  return changed === 1;
}
