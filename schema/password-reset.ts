import { createPasswordReset, resetPassword, type PasswordResetGrant } from '../domain/accounts/password-resets.js';
import { builder } from './builder.js';
import { rowIdOf } from './ids.js';
import { AuthPayload, clientOf, logSecondFactor, signIn } from './user.js';
import { viewerOf } from './viewer.js';

const PasswordReset = builder.objectRef<PasswordResetGrant>('PasswordReset').implement({
  description: 'A one-time code for a user who forgot the password, for an admin to hand over; shown once.',
  fields: (t) => ({
    code: t.exposeString('code'),
    expiresAt: t.expose('expiresAt', { type: 'DateTime' }),
  }),
});

builder.mutationFields((t) => ({
  createPasswordReset: t.field({
    type: PasswordReset,
    authScopes: { admin: true },
    description:
      'A one-time code with which the user sets a new password (resetPassword), valid PASSWORD_RESET_TTL_SECONDS; ' +
      "a new one replaces the user's last. Not for one's own account (BAD_USER_INPUT, reason OWN_ACCOUNT).",
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_root, args, context) => {
      const by = viewerOf(context).id;
      const userId = rowIdOf('User', args.id);
      const reset = await createPasswordReset(context.db, context.settings, by, userId);
      context.log.info({ event: 'password reset code made', userId, by }, 'password reset code made');
      return reset;
    },
  }),
  resetPassword: t.field({
    type: AuthPayload,
    skipTypeScopes: true,
    description:
      "Sets a new password with an admin's one-time code, ends every session of the user and logs in. A wrong, " +
      'used or expired code is BAD_USER_INPUT (field code) and counts as a failed login; a locked account is ' +
      'ACCOUNT_LOCKED. With two-factor sign-in on, `twoFactorCode` is needed too, as at login.',
    args: {
      name: t.arg.string({ required: true }),
      code: t.arg.string({ required: true }),
      newPassword: t.arg.string({ required: true }),
      twoFactorCode: t.arg.string({
        description: 'For an account with two-factor sign-in on: a code of the app, or a recovery code.',
      }),
    },
    resolve: async (_root, args, context) => {
      const { user, session, secondFactor } = await resetPassword(context.db, context.codeChecks, {
        ...args,
        ...clientOf(context),
      });
      logSecondFactor(context, user.id, secondFactor);
      context.log.info({ event: 'password reset code used', userId: user.id }, 'password reset code used');
      signIn(context, user, session);
      return { token: session.token, user };
    },
  }),
}));
