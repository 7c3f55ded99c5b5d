import { randomInt } from 'node:crypto';
import type { Knex } from 'knex';
import { isUniqueViolation } from '../../db/errors.js';
import { AppError, badInput } from '../core/errors.js';
import { hashToken } from '../core/tokens.js';

const FIRST_ADMIN = 'first-admin';
/** Crockford's base32: no I, L, O or U to misread when typed from a terminal. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const GROUPS = 3;
const GROUP_LENGTH = 4;

/** 60 random bits in three groups of four, e.g. `7KQ2-M9XD-4TRB`. */
function newSetupCode(): string {
  const groups = Array.from({ length: GROUPS }, () =>
    Array.from({ length: GROUP_LENGTH }, () => ALPHABET[randomInt(ALPHABET.length)]).join(''),
  );
  return groups.join('-');
}

/** The code as typed (any case, with or without dashes and spaces) in the form that was hashed. */
function canonical(code: string): string {
  return code.replace(/[\s-]/g, '').toUpperCase();
}

/** What start-up found: a code this process made (to print once), or one another process made earlier. */
export type FirstAdminCode = { made: string } | { pendingSince: Date };

/**
 * Makes the code the first registration must give, unless one is pending: with several processes
 * starting at once, the primary key keeps the first one's, and the others only learn since when.
 */
export async function issueFirstAdminCode(db: Knex): Promise<FirstAdminCode | null> {
  const code = newSetupCode();
  try {
    await db('setup_codes').insert({
      purpose: FIRST_ADMIN,
      code_hash: hashToken(canonical(code)),
      created_at: new Date(),
    });
    return { made: code };
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
    const pending = await db('setup_codes')
      .where('purpose', FIRST_ADMIN)
      .first<{ created_at: Date | number | string } | undefined>('created_at');
    // Gone since: it was used a moment ago, and the admin exists.
    return pending ? { pendingSince: new Date(pending.created_at) } : null;
  }
}

/**
 * Uses up the pending code if `given` is it; the delete decides, so two registrations giving the
 * right code at once cannot both succeed.
 */
export async function useFirstAdminCode(trx: Knex.Transaction, given: string | undefined): Promise<void> {
  if (given === undefined || given.trim() === '') {
    throw new AppError(
      'FORBIDDEN',
      'This server has no administrator yet: the first account becomes it, and needs the setup code the server printed when it started.',
      { field: 'setupCode' },
    );
  }
  const used = await trx('setup_codes')
    .where({ purpose: FIRST_ADMIN, code_hash: hashToken(canonical(given)) })
    .delete();
  if (used !== 1) throw badInput('The setup code is wrong.', 'setupCode');
}

/** Drops a pending code once the admin exists some other way (ADMIN_NAME and ADMIN_PASSWORD). */
export async function dropFirstAdminCode(trx: Knex.Transaction): Promise<void> {
  await trx('setup_codes').where('purpose', FIRST_ADMIN).delete();
}
