import type { Knex } from 'knex';
import { isUniqueViolation } from '../../db/errors.js';
import { User, type Role } from '../../db/models/user.js';
import { inTransaction } from '../../db/transaction.js';
import { AppError, badInput, notFound } from '../core/errors.js';
import { claimFirstAdmin, hasFirstAdmin } from './first-admin.js';
import { MAX_NAME_LENGTH, normaliseUserName, userNameKey } from './names.js';
import { fetchPage, type Page, type PageRequest } from '../core/pagination.js';
import { checkedSearch, whereContains } from '../core/search.js';
import type { LoginThrottle } from './login-throttle.js';
import type { RegistrationThrottle } from './registration-throttle.js';
import { hashPassword, validatePassword, verifyPassword } from './passwords.js';
import { dropFirstAdminCode, useFirstAdminCode } from './setup-codes.js';
import {
  closeOtherSessions,
  closeUserSessions,
  openSession,
  type SessionClient,
  type SessionGrant,
} from './sessions.js';
import type { DomainSettings } from '../core/settings.js';
import { requireSecondFactor, type CodeChecks, type SecondFactor } from './two-factor.js';
import { findUser } from './users.js';

export interface Credentials {
  name: string;
  password: string;
}

export interface SignedIn {
  user: User;
  session: SessionGrant;
}

async function insertUser(db: Knex, name: string, passwordHash: string, role: Role): Promise<User> {
  try {
    const [id] = await db('users').insert({
      name,
      name_key: userNameKey(name),
      password_hash: passwordHash,
      role,
      is_vip: false,
      is_locked: false,
      balance: 0,
      registered_at: new Date(),
    });
    return await User.query(db).findById(id!).throwIfNotFound();
  } catch (err) {
    if (isUniqueViolation(err))
      throw new AppError('CONFLICT', `The name “${name}” is already taken.`, { field: 'name' });
    throw err;
  }
}

async function validatedCredentials(input: Credentials): Promise<{ name: string; passwordHash: string }> {
  const name = normaliseUserName(input.name);
  validatePassword(input.password);
  return { name, passwordHash: await hashPassword(input.password) };
}

export interface Registration extends Credentials, SessionClient {
  /** The code printed at start, for the first account when `settings.setupCodeRequired`. */
  setupCode?: string | null;
}

/**
 * The role of a new account: the first becomes the admin, with the setup code where one is
 * required (a wrong or missing code rolls the claim back); a code given later is refused, not ignored.
 */
async function roleOfNewAccount(trx: Knex.Transaction, settings: DomainSettings, input: Registration): Promise<Role> {
  const given = input.setupCode ?? undefined;
  if (await claimFirstAdmin(trx)) {
    if (settings.setupCodeRequired) await useFirstAdminCode(trx, given);
    return 'ADMIN';
  }
  if (given !== undefined) throw badInput('This server is already set up: leave the setup code out.', 'setupCode');
  return 'USER';
}

/** Registers a user; the first account of an empty instance becomes its admin. */
export async function register(
  db: Knex,
  settings: DomainSettings,
  throttle: RegistrationThrottle,
  input: Registration,
): Promise<SignedIn> {
  await throttle.attempt(input.address);
  const { name, passwordHash } = await validatedCredentials(input);
  const user = await inTransaction(db, async (trx) => {
    return insertUser(trx, name, passwordHash, await roleOfNewAccount(trx, settings, input));
  });
  return { user, session: await openSession(db, user.id, settings, input) };
}

/**
 * ADMIN_NAME and ADMIN_PASSWORD at start: the instance's first admin, unless it has one (null);
 * a setup code still pending is dropped with it.
 */
export async function bootstrapAdmin(db: Knex, input: Credentials): Promise<User | null> {
  if (await hasFirstAdmin(db)) return null;
  const { name, passwordHash } = await validatedCredentials(input);
  return inTransaction(db, async (trx) => {
    if (!(await claimFirstAdmin(trx))) return null;
    await dropFirstAdminCode(trx);
    return insertUser(trx, name, passwordHash, 'ADMIN');
  });
}

/** An admin adds another admin. */
export async function createAdmin(db: Knex, input: Credentials): Promise<User> {
  const { name, passwordHash } = await validatedCredentials(input);
  return insertUser(db, name, passwordHash, 'ADMIN');
}

/** A login attempt: the credentials, the second factor when the account has it on, and the client (for counting failures). */
export interface LoginAttempt extends Credentials, SessionClient {
  /** A code of the authenticator app, or an unused recovery code. */
  code?: string | null;
}

export interface LoggedIn extends SignedIn {
  /** How the second factor was given; null without two-factor sign-in. */
  secondFactor: SecondFactor | null;
}

export function lockedAccount(): AppError {
  return new AppError('ACCOUNT_LOCKED', 'This account is locked. Ask an administrator.');
}

/**
 * Same answer, in about the same time, for an unknown name and a wrong password; refused before
 * any hashing once the name or the address failed too often (`throttle`). The one attempt spent
 * covers the password and the code: only a right password, and a right code where one is needed,
 * hand it back.
 */
export async function login(db: Knex, checks: CodeChecks, attempt: LoginAttempt): Promise<LoggedIn> {
  const key = userNameKey(attempt.name.trim());
  const check = await checks.throttle.attempt(key, attempt.address);
  const user = await User.query(db).where('name_key', key).first();
  const matches = await verifyPassword(user?.passwordHash, attempt.password);
  if (!user || !matches) throw new AppError('UNAUTHENTICATED', 'Wrong name or password.');
  if (user.isLocked) {
    await check.succeeded();
    throw lockedAccount();
  }
  const secondFactor = await requireSecondFactor(db, checks, user, attempt.code, check);
  await check.succeeded();
  return { user, session: await openSession(db, user.id, checks.settings, attempt), secondFactor };
}

/** The user of a name as registration compares names (trimmed, any case, any Unicode form), or null. */
export async function findUserByName(db: Knex, name: string): Promise<User | null> {
  return (await User.query(db).where('name_key', userNameKey(name.trim())).first()) ?? null;
}

/** Locking ends every session of the user at once; unlocking lets them log in again. */
export async function lockUser(db: Knex, actorId: number, userId: number, locked: boolean): Promise<User> {
  if (locked && actorId === userId) {
    throw new AppError('BAD_USER_INPUT', 'You cannot lock your own account.', { field: 'id', reason: 'OWN_ACCOUNT' });
  }
  return inTransaction(db, async (trx) => {
    const changed = await trx('users').where('id', userId).update({ is_locked: locked });
    if (changed === 0) throw notFound('The user');
    if (locked) await closeUserSessions(trx, userId);
    return findUser(trx, userId);
  });
}

export interface PasswordChange {
  userId: number;
  /** The session asking: it stays, every other session of the user ends. */
  sessionId: number | null;
  currentPassword: string;
  newPassword: string;
  /** Where the request comes from: a wrong current password counts as a failed login from there. */
  address: string;
}

/**
 * Sets a new password once the current one is proven. Wrong guesses count toward the login
 * throttle, so a stolen session cannot guess the password it would need to take the account over.
 */
export async function changePassword(db: Knex, throttle: LoginThrottle, change: PasswordChange): Promise<void> {
  validatePassword(change.newPassword, 'newPassword');
  const user = await findUser(db, change.userId);
  const check = await throttle.attempt(user.nameKey, change.address);
  if (!(await verifyPassword(user.passwordHash, change.currentPassword))) {
    throw badInput('The current password is wrong.', 'currentPassword');
  }
  await check.succeeded();
  const passwordHash = await hashPassword(change.newPassword);
  await inTransaction(db, async (trx) => {
    await trx('users').where('id', user.id).update({ password_hash: passwordHash });
    await closeOtherSessions(trx, user.id, change.sessionId);
  });
}

/** Every account, newest first; with `search`, those whose name contains it, compared as at registration. */
export function listUsers(db: Knex, page: PageRequest, search?: string | null): Promise<Page<User>> {
  const query = User.query(db);
  const text = checkedSearch(search, MAX_NAME_LENGTH);
  if (text) whereContains(query, 'name_key', userNameKey(text));
  return fetchPage(query, 'id', page);
}

/** Users by id, in the order asked (missing ones as null): the batch behind a dataloader. */
export async function usersByIds(db: Knex, ids: readonly number[]): Promise<(User | null)[]> {
  const users = await User.query(db).whereIn('id', [...ids]);
  const byId = new Map(users.map((user) => [user.id, user]));
  return ids.map((id) => byId.get(id) ?? null);
}
