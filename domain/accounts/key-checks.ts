import type { Knex } from 'knex';
import { isUniqueViolation } from '../../db/errors.js';
import type { SecretBox } from './secret-box.js';

const TWO_FACTOR = 'two-factor';

/**
 * Whether `box` holds the key this database's two-factor secrets are sealed with. The first process
 * to start on a database records its key's digest (the primary key keeps one when several start at
 * once); every later start compares, so that a process given another key stops at once instead of
 * failing each two-factor sign-in.
 */
export async function isDatabaseKey(db: Knex, box: SecretBox): Promise<boolean> {
  const digest = box.digest();
  try {
    await db('key_checks').insert({ purpose: TWO_FACTOR, digest, created_at: new Date() });
    return true;
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
  }
  const recorded = await db('key_checks').where('purpose', TWO_FACTOR).first<{ digest: string } | undefined>('digest');
  return recorded?.digest === digest;
}
