import type { Knex } from 'knex';
import { locked } from './locking.js';
import { CoinEntry, type CoinReason } from './models/coin-entry.js';
import { User } from './models/user.js';

/** The largest balance the `users.balance` column (a signed 32-bit INT on MySQL) and a GraphQL Int hold. */
export const MAX_BALANCE = 2_147_483_647;

export interface BalanceChange {
  userId: number;
  /** Positive adds coins, negative takes them. */
  amount: number;
  reason: CoinReason;
  movieId?: number;
}

/**
 * Moves a balance by `amount` only while the result stays within 0 and MAX_BALANCE (one conditional
 * UPDATE, so concurrent changes cannot pass either bound) and appends the change's entry with the
 * balance it left. Returns that balance, or null when the bounds refuse the change and nothing was
 * written. Call it inside the transaction of the change, so that the balance and its entry go together.
 */
export async function applyBalanceChange(trx: Knex.Transaction, change: BalanceChange): Promise<number | null> {
  const changed = await trx('users')
    .where('id', change.userId)
    .where('balance', '>=', -change.amount)
    .where('balance', '<=', MAX_BALANCE - change.amount)
    .increment('balance', change.amount);
  if (changed === 0) return null;
  // The row is ours until the transaction ends: this reads the balance our UPDATE left.
  const user = await locked(trx, User.query(trx).findById(change.userId), 'update');
  const balanceAfter = user!.balance;
  await trx('coin_entries').insert({
    user_id: change.userId,
    amount: change.amount,
    reason: change.reason,
    balance_after: balanceAfter,
    movie_id: change.movieId ?? null,
    created_at: new Date(),
  });
  return balanceAfter;
}

/** A user's entries (unordered: pages order them). */
export function coinEntriesOf(db: Knex, userId: number) {
  return CoinEntry.query(db).where('user_id', userId);
}
