import type { Notice } from '../db/models/notice.js';
import { usersByIds } from '../domain/accounts/accounts.js';
import * as notices from '../domain/catalogue/notices.js';
import { builder } from './builder.js';
import { resolvePage } from './connections.js';
import { orNotFound } from './loaders.js';
import { UserRef } from './user.js';
import { viewerOf } from './viewer.js';

const NoticeRef = builder.objectRef<Notice>('Notice').implement({
  fields: (t) => ({
    id: t.globalID({ resolve: (notice) => ({ type: 'Notice', id: notice.id }) }),
    title: t.exposeString('title'),
    content: t.exposeString('content'),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    author: t.loadable({
      type: UserRef,
      description: 'Loaded in one batch for a whole page of notices.',
      load: (ids: number[], context) => usersByIds(context.db, ids).then(orNotFound('The author')),
      resolve: (notice) => notice.authorId,
    }),
  }),
});

builder.queryFields((t) => ({
  notices: t.connection(
    {
      type: NoticeRef,
      description: 'Notices, newest first.',
      resolve: (_root, args, context) => resolvePage(args, (page) => notices.listNotices(context.db, page)),
    },
    { name: 'NoticeConnection' },
    { name: 'NoticeEdge' },
  ),
}));

builder.mutationFields((t) => ({
  releaseNotice: t.field({
    type: NoticeRef,
    authScopes: { admin: true },
    description: 'Publishes a notice: title 1-200 characters, content 1-20000.',
    args: { title: t.arg.string({ required: true }), content: t.arg.string({ required: true }) },
    resolve: (_root, args, context) => notices.releaseNotice(context.db, viewerOf(context).id, args),
  }),
}));
