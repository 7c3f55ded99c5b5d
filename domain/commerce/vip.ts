import type { Knex } from 'knex';
import type { User } from '../../db/models/user.js';
import { inTransaction } from '../../db/transaction.js';
import { findUser } from '../accounts/users.js';
import { lockedAccount, pay } from './coins.js';
import type { DomainSettings } from '../core/settings.js';

/**
 * Pays VIP_PRICE from the balance and makes the user VIP, in one transaction on the user's locked
 * row: two calls at once charge once, and a balance never goes below 0. Already VIP: no charge.
 */
export function buyVip(db: Knex, userId: number, settings: DomainSettings): Promise<User> {
  return inTransaction(db, async (trx) => {
    const user = await lockedAccount(trx, userId);
    if (user.isVip) return user;
    await pay(trx, user, { price: settings.vipPrice, reason: 'VIP', what: 'VIP membership' });
    await trx('users').where('id', userId).update({ is_vip: true });
    return findUser(trx, userId);
  });
}
