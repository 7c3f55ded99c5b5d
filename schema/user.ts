import type { User } from '../db/models/user.js';
import * as accounts from '../domain/accounts/accounts.js';
import { isAppError } from '../domain/core/errors.js';
import { hasFirstAdmin } from '../domain/accounts/first-admin.js';
import { maskedName } from '../domain/accounts/names.js';
import { closeSession, type SessionGrant } from '../domain/accounts/sessions.js';
import { hasTwoFactor, type SecondFactor } from '../domain/accounts/two-factor.js';
import type { Context } from './context.js';
import { builder } from './builder.js';
import { resolvePage } from './connections.js';
import { rowIdOf } from './ids.js';
import { viewerOf } from './viewer.js';

export const Role = builder.enumType('Role', { values: ['ADMIN', 'USER'] as const });

export const UserRef = builder.objectRef<User>('User').implement({
  fields: (t) => ({
    id: t.globalID({ resolve: (user) => ({ type: 'User', id: user.id }) }),
    name: t.exposeString('name'),
    role: t.field({ type: Role, resolve: (user) => user.role }),
    isVip: t.exposeBoolean('isVip'),
    isLocked: t.exposeBoolean('isLocked'),
    balance: t.exposeInt('balance', {
      description: 'Coins. Only the user and admins may read it.',
      authScopes: (user) => ({ $any: { admin: true, self: user.id } }),
    }),
    registeredAt: t.expose('registeredAt', { type: 'DateTime' }),
    hasTwoFactor: t.boolean({
      description: 'Whether two-factor sign-in is on. Only the user and admins may read it.',
      authScopes: (user) => ({ $any: { admin: true, self: user.id } }),
      resolve: (user) => hasTwoFactor(user),
    }),
  }),
});

export const AuthPayload = builder.objectRef<{ token: string; user: User }>('AuthPayload').implement({
  fields: (t) => ({
    token: t.exposeString('token'),
    user: t.field({ type: UserRef, resolve: (payload) => payload.user }),
  }),
});

builder.queryFields((t) => ({
  me: t.field({
    type: UserRef,
    nullable: true,
    description: 'The logged-in user, or null.',
    skipTypeScopes: true,
    resolve: (_root, _args, context) => context.viewer,
  }),
  users: t.connection(
    {
      type: UserRef,
      authScopes: { admin: true },
      description:
        'Every account, newest first; with `search`, those whose name contains it, compared as at registration ' +
        '(trimmed, any case).',
      args: { search: t.arg.string() },
      resolve: (_root, args, context) => resolvePage(args, (page) => accounts.listUsers(context.db, page, args.search)),
    },
    { name: 'UserConnection' },
    { name: 'UserEdge' },
  ),
  firstAccountBecomesAdmin: t.boolean({
    skipTypeScopes: true,
    description:
      'For anyone, signed in or not: true while the instance has no admin, when the next account registered ' +
      'becomes it (with the setup code, on a server reachable beyond its own machine).',
    resolve: async (_root, _args, context) => !(await hasFirstAdmin(context.db)),
  }),
  userByName: t.field({
    type: UserRef,
    nullable: true,
    authScopes: { admin: true },
    description: 'The user of a name, compared as at registration (trimmed, any case); null when there is none.',
    args: { name: t.arg.string({ required: true }) },
    resolve: (_root, args, context) => accounts.findUserByName(context.db, args.name),
  }),
}));

/** From here on this request acts as the user who just signed in (their own fields become readable). */
export function signIn(context: Context, user: User, session: SessionGrant): void {
  context.viewer = user;
  context.sessionId = session.id;
  context.sessionCookie.set(session);
}

/** The client a new session is opened for: where it comes from and with what. */
export function clientOf(context: Context) {
  return { address: context.clientAddress, userAgent: context.userAgent };
}

/** A recovery code spent signing in or turning two-factor sign-in off: one line, with how many are left. */
export function logSecondFactor(context: Context, userId: number, factor: SecondFactor | null): void {
  if (factor?.kind !== 'recovery') return;
  context.log.info({ event: 'recovery code used', userId, left: factor.left }, 'recovery code used');
}

builder.mutationFields((t) => ({
  register: t.field({
    type: AuthPayload,
    skipTypeScopes: true,
    description:
      'Creates an account and logs it in. The first account of an empty instance is its admin; on a server ' +
      'reachable beyond its own machine, that first account needs the setup code the server printed at start.',
    args: {
      name: t.arg.string({ required: true }),
      password: t.arg.string({ required: true }),
      setupCode: t.arg.string({
        description:
          'Only for the first account of a server reachable beyond its own machine: the one-time code it ' +
          'printed at start. Without it that registration is FORBIDDEN; a wrong code, or one given once the ' +
          'server has its admin, is BAD_USER_INPUT.',
      }),
    },
    resolve: async (_root, args, context) => {
      const { user, session } = await accounts.register(context.db, context.settings, context.registrationThrottle, {
        ...args,
        ...clientOf(context),
      });
      context.log.info({ event: 'registered', userId: user.id, role: user.role }, 'user registered');
      signIn(context, user, session);
      return { token: session.token, user };
    },
  }),
  login: t.field({
    type: AuthPayload,
    skipTypeScopes: true,
    description:
      'Logs in. For an account with two-factor sign-in on, without `code` the answer is UNAUTHENTICATED with ' +
      'reason TWO_FACTOR_REQUIRED, with a wrong one reason WRONG_CODE; no session is made either way.',
    args: {
      name: t.arg.string({ required: true }),
      password: t.arg.string({ required: true }),
      code: t.arg.string({
        description:
          'With two-factor sign-in on: the 6-digit code of the authenticator app (each works once), or an unused ' +
          'recovery code. Ignored for an account without it.',
      }),
    },
    resolve: async (_root, args, context) => {
      const { user, session, secondFactor } = await accounts
        .login(context.db, context.codeChecks, { ...args, ...clientOf(context) })
        .catch((err: unknown) => {
          if (isAppError(err)) {
            const { reason } = err.details;
            const event = { event: 'login failed', name: maskedName(args.name), code: err.code, reason };
            context.log.info(event, 'login failed');
          }
          throw err;
        });
      logSecondFactor(context, user.id, secondFactor);
      signIn(context, user, session);
      return { token: session.token, user };
    },
  }),
  logout: t.boolean({
    description: 'Ends the current session.',
    // Also for an admin who must set up two-factor sign-in first.
    skipTypeScopes: true,
    authScopes: { signedIn: true },
    resolve: async (_root, _args, context) => {
      if (context.sessionId !== null) await closeSession(context.db, context.sessionId);
      context.sessionCookie.clear();
      return true;
    },
  }),
  createAdmin: t.field({
    type: UserRef,
    authScopes: { admin: true },
    args: { name: t.arg.string({ required: true }), password: t.arg.string({ required: true }) },
    resolve: (_root, args, context) => accounts.createAdmin(context.db, args),
  }),
  lockUser: t.field({
    type: UserRef,
    authScopes: { admin: true },
    description: 'A locked user cannot log in, and their sessions end at once.',
    args: { id: t.arg.id({ required: true }), locked: t.arg.boolean({ required: true }) },
    resolve: async (_root, args, context) => {
      const by = viewerOf(context).id;
      const user = await accounts.lockUser(context.db, by, rowIdOf('User', args.id), args.locked);
      const event = { event: args.locked ? 'user locked' : 'user unlocked', userId: user.id, by };
      context.log.info(event, args.locked ? 'user locked' : 'user unlocked');
      return user;
    },
  }),
  changePassword: t.boolean({
    description: 'Sets a new password once the current one is proven; every other session of the viewer ends.',
    args: { currentPassword: t.arg.string({ required: true }), newPassword: t.arg.string({ required: true }) },
    resolve: async (_root, args, context) => {
      await accounts.changePassword(context.db, context.loginThrottle, {
        userId: viewerOf(context).id,
        sessionId: context.sessionId,
        currentPassword: args.currentPassword,
        newPassword: args.newPassword,
        address: context.clientAddress,
      });
      return true;
    },
  }),
}));
