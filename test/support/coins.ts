import type { Knex } from 'knex';
import type { Account } from './accounts.js';
import type { Client } from './client.js';

const COIN_ENTRY_FIELDS = 'id amount reason balanceAfter createdAt movie { id name }';

const PAGE = `totalCount pageInfo { hasNextPage endCursor } edges { cursor node { ${COIN_ENTRY_FIELDS} } }`;
export const COIN_HISTORY = `query CoinHistory($first: Int, $after: String) {
  coinHistory(first: $first, after: $after) { ${PAGE} }
}`;
export const USER_COIN_HISTORY = `query UserCoinHistory($id: ID!, $first: Int, $after: String) {
  userCoinHistory(id: $id, first: $first, after: $after) { ${PAGE} }
}`;

export interface CoinEntryShape {
  id: string;
  amount: number;
  reason: 'CREDIT' | 'DEBIT' | 'VIP' | 'DOWNLOAD';
  balanceAfter: number;
  createdAt: string;
  movie: { id: string; name: string } | null;
}

interface CoinPage {
  totalCount: number;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  edges: { cursor: string; node: CoinEntryShape }[];
}

/** The viewer's own entries, newest first (one page of up to 100). */
export async function coinHistory(client: Client): Promise<CoinEntryShape[]> {
  const data = await client.ok<{ coinHistory: CoinPage }>(COIN_HISTORY, { first: 100 });
  return data.coinHistory.edges.map((edge) => edge.node);
}

/** `account`'s entries as an admin reads them, newest first (one page of up to 100). */
export async function ledgerOf(admin: Account, account: Account): Promise<CoinEntryShape[]> {
  const data = await admin.client.ok<{ userCoinHistory: CoinPage }>(USER_COIN_HISTORY, {
    id: account.user.id,
    first: 100,
  });
  return data.userCoinHistory.edges.map((edge) => edge.node);
}

export interface LedgerCheck {
  balance: number;
  sum: number;
  /** Each entry's balanceAfter equals the one before plus its amount, oldest first. */
  chained: boolean;
  /** The lowest balance any entry left (Infinity without entries). */
  lowestBalanceAfter: number;
}

/** A user's balance against its entries, read straight from the database. */
export async function checkLedger(db: Knex, userName: string): Promise<LedgerCheck> {
  const user = await db('users').where('name', userName).first();
  const entries: { amount: number; balance_after: number }[] = await db('coin_entries')
    .where('user_id', user.id)
    .orderBy('id');
  let running = 0;
  let chained = true;
  for (const entry of entries) {
    running += Number(entry.amount);
    if (Number(entry.balance_after) !== running) chained = false;
  }
  return {
    balance: Number(user.balance),
    sum: running,
    chained,
    lowestBalanceAfter: Math.min(...entries.map((entry) => Number(entry.balance_after))),
  };
}
