import type { CoinEntry } from '../db/models/coin-entry.js';
import * as coins from '../domain/commerce/coins.js';
import { builder } from './builder.js';
import { resolvePage } from './connections.js';
import { rowIdOf } from './ids.js';
import { loadMovies } from './loaders.js';
import { MovieRef } from './movie.js';
import { UserRef } from './user.js';
import { viewerOf } from './viewer.js';

const CoinReason = builder.enumType('CoinReason', { values: ['CREDIT', 'DEBIT', 'VIP', 'DOWNLOAD'] as const });

const CoinEntryRef = builder.objectRef<CoinEntry>('CoinEntry').implement({
  description: 'One change of a balance; a balance is the sum of its entries.',
  fields: (t) => ({
    id: t.globalID({ resolve: (entry) => ({ type: 'CoinEntry', id: entry.id }) }),
    amount: t.exposeInt('amount', { description: 'Positive for CREDIT, negative for DEBIT, VIP and DOWNLOAD.' }),
    reason: t.field({ type: CoinReason, resolve: (entry) => entry.reason }),
    balanceAfter: t.exposeInt('balanceAfter'),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    movie: t.loadable({
      type: MovieRef,
      nullable: true,
      description: 'The video bought, for DOWNLOAD (also when deleted since).',
      load: loadMovies,
      resolve: (entry) => entry.movieId,
    }),
  }),
});

const CoinEntryConnection = builder.connectionObject(
  { type: CoinEntryRef, name: 'CoinEntryConnection' },
  { name: 'CoinEntryEdge' },
);

builder.queryFields((t) => ({
  coinHistory: t.connection(
    {
      type: CoinEntryRef,
      description: 'The viewer’s own coin entries, newest first.',
      resolve: (_root, args, context) =>
        resolvePage(args, (page) => coins.listCoinEntries(context.db, viewerOf(context).id, page)),
    },
    CoinEntryConnection,
  ),
  userCoinHistory: t.connection(
    {
      type: CoinEntryRef,
      authScopes: { admin: true },
      description: 'A user’s coin entries, newest first.',
      args: { id: t.arg.id({ required: true }) },
      resolve: (_root, args, context) =>
        resolvePage(args, (page) => coins.userCoinEntries(context.db, rowIdOf('User', args.id), page)),
    },
    CoinEntryConnection,
  ),
}));

builder.mutationFields((t) => ({
  creditUser: t.field({
    type: UserRef,
    authScopes: { admin: true },
    description: 'Adds coins to a balance, or takes them back with a negative amount (never below 0).',
    args: { id: t.arg.id({ required: true }), amount: t.arg.int({ required: true }) },
    resolve: async (_root, args, context) => {
      const user = await coins.creditUser(context.db, rowIdOf('User', args.id), args.amount);
      const event = { event: 'coins credited', userId: user.id, amount: args.amount, by: viewerOf(context).id };
      context.log.info({ ...event, balance: user.balance }, 'coins credited');
      return user;
    },
  }),
}));
