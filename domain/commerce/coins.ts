import type { Knex } from 'knex';
import { applyBalanceChange, coinEntriesOf, MAX_BALANCE } from '../../db/coin-ledger.js';
import { locked } from '../../db/locking.js';
import type { CoinEntry } from '../../db/models/coin-entry.js';
import { User } from '../../db/models/user.js';
import { inTransaction } from '../../db/transaction.js';
import { findUser } from '../accounts/users.js';
import { AppError, badInput, notFound } from '../core/errors.js';
import { fetchPage, type Page, type PageRequest } from '../core/pagination.js';
import { isCreditAmount, MAX_CREDIT } from './credit-amounts.js';

/** The user's row, locked until the transaction ends (MySQL), so that no other change slips in. */
export async function lockedAccount(trx: Knex.Transaction, userId: number): Promise<User> {
  const user = await locked(trx, User.query(trx).findById(userId), 'update');
  if (!user) throw notFound('The user');
  return user;
}

function checkAmount(amount: number): void {
  if (!isCreditAmount(amount)) {
    throw badInput(
      `The amount must be a whole number from -${MAX_CREDIT} to ${MAX_CREDIT} coins, and not 0.`,
      'amount',
    );
  }
}

/**
 * An admin adds coins (CREDIT) or, with a negative amount, takes them back (DEBIT). The balance
 * stays within 0 and MAX_BALANCE; a refusal writes nothing.
 */
export function creditUser(db: Knex, userId: number, amount: number): Promise<User> {
  checkAmount(amount);
  return inTransaction(db, async (trx) => {
    const user = await lockedAccount(trx, userId);
    const reason = amount > 0 ? 'CREDIT' : 'DEBIT';
    if ((await applyBalanceChange(trx, { userId, amount, reason })) === null) {
      if (amount < 0) {
        const message = `Cannot take back ${-amount} coins: the balance is ${user.balance}.`;
        throw new AppError('INSUFFICIENT_FUNDS', message, { field: 'amount', balance: user.balance });
      }
      throw badInput(`The balance cannot exceed ${MAX_BALANCE} coins; it is ${user.balance}.`, 'amount');
    }
    return findUser(trx, userId);
  });
}

export interface Purchase {
  price: number;
  reason: 'VIP' | 'DOWNLOAD';
  movieId?: number;
  /** What is bought, for the refusal: "This video". */
  what: string;
}

/** Pays `price` from the buyer's balance in the caller's transaction, or refuses with INSUFFICIENT_FUNDS. */
export async function pay(trx: Knex.Transaction, buyer: User, purchase: Purchase): Promise<void> {
  if (purchase.price === 0) return;
  const { price, reason, movieId } = purchase;
  if ((await applyBalanceChange(trx, { userId: buyer.id, amount: -price, reason, movieId })) === null) {
    const message = `${purchase.what} costs ${price} coins; the balance is ${buyer.balance}.`;
    throw new AppError('INSUFFICIENT_FUNDS', message, { price, balance: buyer.balance });
  }
}

/** The user's own ledger, newest first. */
export function listCoinEntries(db: Knex, userId: number, page: PageRequest): Promise<Page<CoinEntry>> {
  return fetchPage(coinEntriesOf(db, userId), 'id', page);
}

/** Any user's ledger, for admins: an unknown user is NOT_FOUND rather than an empty list. */
export async function userCoinEntries(db: Knex, userId: number, page: PageRequest): Promise<Page<CoinEntry>> {
  await findUser(db, userId);
  return listCoinEntries(db, userId, page);
}
