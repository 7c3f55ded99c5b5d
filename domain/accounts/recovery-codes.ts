import type { Knex } from 'knex';
import { hashPassword, verifyPassword } from './passwords.js';
import { canonicalCode, isCodeShaped, newTypedCode } from './typed-codes.js';

/** How many a user gets at once. */
export const RECOVERY_CODE_COUNT = 10;
const GROUPS = 2;
const GROUP_LENGTH = 5;

/** A new set of codes (50 random bits each, e.g. `7KQ2M-9XD4T`), to show once, and their hashes, to keep. */
export interface RecoveryCodes {
  codes: string[];
  hashes: string[];
}

/**
 * Ten new codes with their argon2id hashes (like passwords), made before any transaction opens:
 * each hash takes 19 MiB and some milliseconds, so they are made one after the other.
 */
export async function newRecoveryCodes(): Promise<RecoveryCodes> {
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, () => newTypedCode(GROUPS, GROUP_LENGTH));
  const hashes: string[] = [];
  for (const code of codes) hashes.push(await hashPassword(canonicalCode(code)));
  return { codes, hashes };
}

/** Replaces the user's recovery codes with `hashes`: the codes they had stop working. */
export async function replaceRecoveryCodes(
  trx: Knex.Transaction,
  userId: number,
  hashes: string[],
  now: Date,
): Promise<void> {
  await dropRecoveryCodes(trx, userId);
  await trx('recovery_codes').insert(hashes.map((hash) => ({ user_id: userId, code_hash: hash, created_at: now })));
}

export async function dropRecoveryCodes(db: Knex, userId: number): Promise<void> {
  await db('recovery_codes').where('user_id', userId).delete();
}

/**
 * Uses up the recovery code `typed` if it is one of the user's: true once, for one caller, also
 * when two present it at once (the delete decides). A text of another shape costs no hashing.
 */
export async function useRecoveryCode(db: Knex, userId: number, typed: string): Promise<boolean> {
  const code = canonicalCode(typed);
  if (!isCodeShaped(code, GROUPS * GROUP_LENGTH)) return false;
  const rows: { id: number; code_hash: string }[] = await db('recovery_codes')
    .where('user_id', userId)
    .select('id', 'code_hash');
  // One after the other, as above; at most ten.
  for (const row of rows) {
    if (await verifyPassword(row.code_hash, code)) {
      return (await db('recovery_codes').where('id', row.id).delete()) === 1;
    }
  }
  return false;
}

/** How many unused codes the user has left. */
export async function recoveryCodesLeft(db: Knex, userId: number): Promise<number> {
  const [row] = await db('recovery_codes').where('user_id', userId).count({ n: '*' });
  return Number(row?.n ?? 0);
}
