import * as twoFactor from '../domain/accounts/two-factor.js';
import type { TotpSetup } from '../domain/accounts/totp.js';
import { builder } from './builder.js';
import { rowIdOf } from './ids.js';
import { logSecondFactor, UserRef } from './user.js';
import { viewerOf } from './viewer.js';

const TwoFactorSetup = builder.objectRef<TotpSetup>('TwoFactorSetup').implement({
  description: 'A secret for an authenticator app, shown once: nothing changes until a code of it is confirmed.',
  fields: (t) => ({
    secret: t.exposeString('secret', { description: 'Base32, to type into the app.' }),
    otpauthUrl: t.exposeString('otpauthUrl', { description: '`otpauth://totp/…`, for a QR code.' }),
  }),
});

/** Who the codes are for in an authenticator app: this server, by the host people reach it at. */
function issuerOf(publicOrigin: string): string {
  return `Youku (${new URL(publicOrigin).hostname})`;
}

builder.mutationFields((t) => ({
  beginTwoFactor: t.field({
    type: TwoFactorSetup,
    // Also, and above all, for an admin who must set it up first (REQUIRE_ADMIN_TWO_FACTOR).
    skipTypeScopes: true,
    authScopes: { signedIn: true },
    description:
      'A new secret for two-factor sign-in, shown this once; nothing changes until confirmTwoFactor. ' +
      'CONFLICT (reason TWO_FACTOR_ON) while it is on.',
    resolve: (_root, _args, context) =>
      twoFactor.beginTwoFactor(
        context.db,
        context.codeChecks.secrets,
        viewerOf(context),
        issuerOf(context.publicOrigin),
      ),
  }),
  confirmTwoFactor: t.stringList({
    skipTypeScopes: true,
    authScopes: { signedIn: true },
    description:
      'With a setup begun, a code of its secret turns two-factor sign-in on; with it on already, a code of the ' +
      'app renews the recovery codes (the old ones stop working). Answers 10 one-time recovery codes, shown once. ' +
      'A wrong code is BAD_USER_INPUT (field code) and counts as a failed login.',
    args: { code: t.arg.string({ required: true }) },
    resolve: async (_root, args, context) => {
      const userId = viewerOf(context).id;
      const confirmed = await twoFactor.confirmTwoFactor(
        context.db,
        context.codeChecks,
        userId,
        args.code,
        context.clientAddress,
      );
      const message = confirmed.change === 'enabled' ? 'two-factor sign-in on' : 'recovery codes renewed';
      context.log.info({ event: message, userId }, message);
      return confirmed.recoveryCodes;
    },
  }),
  disableTwoFactor: t.boolean({
    description:
      'Turns two-factor sign-in off with the password and a code (of the app, or a recovery code); false when ' +
      'it was off. Wrong ones are BAD_USER_INPUT and count as failed logins.',
    args: { password: t.arg.string({ required: true }), code: t.arg.string({ required: true }) },
    resolve: async (_root, args, context) => {
      const userId = viewerOf(context).id;
      const factor = await twoFactor.disableTwoFactor(context.db, context.codeChecks, {
        userId,
        ...args,
        address: context.clientAddress,
      });
      if (!factor) return false;
      logSecondFactor(context, userId, factor);
      context.log.info({ event: 'two-factor sign-in off', userId }, 'two-factor sign-in off');
      return true;
    },
  }),
  resetTwoFactor: t.field({
    type: UserRef,
    authScopes: { admin: true },
    description:
      "Turns another user's two-factor sign-in off (a lost device) and ends their sessions; one's own account " +
      'is BAD_USER_INPUT (reason OWN_ACCOUNT).',
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_root, args, context) => {
      const by = viewerOf(context).id;
      const user = await twoFactor.resetTwoFactor(context.db, by, rowIdOf('User', args.id));
      context.log.info({ event: 'two-factor sign-in reset', userId: user.id, by }, 'two-factor sign-in reset');
      return user;
    },
  }),
}));
