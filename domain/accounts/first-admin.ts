import type { Knex } from 'knex';
import { isUniqueViolation } from '../../db/errors.js';

const FIRST_ADMIN_CLAIM = 'first-admin';

/** True for exactly one caller ever: the primary key decides, also when two ask at once. */
export async function claimFirstAdmin(trx: Knex.Transaction): Promise<boolean> {
  try {
    await trx('instance_claims').insert({ claim: FIRST_ADMIN_CLAIM, claimed_at: new Date() });
    return true;
  } catch (err) {
    if (isUniqueViolation(err)) return false;
    throw err;
  }
}

/** True once the instance has had its first admin (registered, or made at start). */
export async function hasFirstAdmin(db: Knex): Promise<boolean> {
  return (await db('instance_claims').where('claim', FIRST_ADMIN_CLAIM).first()) !== undefined;
}
