import { buyVip } from '../domain/commerce/vip.js';
import { builder } from './builder.js';
import { UserRef } from './user.js';
import { viewerOf } from './viewer.js';

builder.queryFields((t) => ({
  vipPrice: t.int({
    description: 'What buyVip costs, in coins (for a client to show before asking).',
    resolve: (_root, _args, context) => context.settings.vipPrice,
  }),
}));

builder.mutationFields((t) => ({
  buyVip: t.field({
    type: UserRef,
    description: 'Pays the VIP price from the balance and makes the viewer VIP; already VIP: no charge.',
    resolve: (_root, _args, context) => buyVip(context.db, viewerOf(context).id, context.settings),
  }),
}));
