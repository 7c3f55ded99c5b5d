import type { Knex } from 'knex';
import type { User } from '../db/models/user.js';
import { findUser } from './accounts.js';
import { AppError } from './errors.js';
import type { DomainSettings } from './settings.js';

/**
 * Pays VIP_PRICE from the balance and makes the user VIP, in one conditional update: two calls at
 * once charge once, and a balance never goes below 0. Already VIP: no charge.
 */
export async function buyVip(db: Knex, userId: number, settings: DomainSettings): Promise<User> {
  const changed = await db('users')
    .where({ id: userId, is_vip: false })
    .where('balance', '>=', settings.vipPrice)
    .update({ is_vip: true, balance: db.raw('balance - ?', [settings.vipPrice]) });
  const user = await findUser(db, userId);
  if (changed === 0 && !user.isVip) {
    throw new AppError(
      'INSUFFICIENT_FUNDS',
      `VIP membership costs ${settings.vipPrice} coins; the balance is ${user.balance}.`,
      { price: settings.vipPrice, balance: user.balance },
    );
  }
  return user;
}
