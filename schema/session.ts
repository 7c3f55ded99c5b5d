import type { Session } from '../db/models/session.js';
import { endOwnSession, listSessions } from '../domain/accounts/sessions.js';
import { builder } from './builder.js';
import { rowIdOf } from './ids.js';
import { viewerOf } from './viewer.js';

const SessionRef = builder.objectRef<Session>('Session').implement({
  description: 'One place where the viewer is signed in: a browser, the command line, a script.',
  fields: (t) => ({
    id: t.globalID({ resolve: (session) => ({ type: 'Session', id: session.id }) }),
    createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When it signed in.' }),
    lastUsedAt: t.expose('lastUsedAt', {
      type: 'DateTime',
      description: 'When it was last used, to the minute (the server writes it at most once a minute).',
    }),
    userAgent: t.exposeString('userAgent', {
      nullable: true,
      description: 'The User-Agent it signed in with (at most 255 characters).',
    }),
    address: t.exposeString('address', {
      nullable: true,
      description: 'The client address it signed in from (behind a trusted proxy, the client’s own).',
    }),
    isCurrent: t.boolean({
      description: 'Whether this request came with it.',
      resolve: (session, _args, context) => session.id === context.sessionId,
    }),
  }),
});

builder.queryFields((t) => ({
  sessions: t.field({
    type: [SessionRef],
    description: "The viewer's own sessions, the most recently used first.",
    resolve: (_root, _args, context) => listSessions(context.db, viewerOf(context).id, context.settings.clock.now()),
  }),
}));

builder.mutationFields((t) => ({
  endSession: t.boolean({
    description:
      "Ends one of the viewer's own sessions (the current one too, as logout does); any other id is NOT_FOUND.",
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_root, args, context) => {
      const sessionId = rowIdOf('Session', args.id);
      await endOwnSession(context.db, viewerOf(context).id, sessionId);
      if (sessionId === context.sessionId) context.sessionCookie.clear();
      return true;
    },
  }),
}));
