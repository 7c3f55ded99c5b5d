import { Secret, TOTP } from 'otpauth';
import type { Clock } from '../../domain/core/clock.js';
import { USER_FIELDS, type Account } from './accounts.js';

export const BEGIN_TWO_FACTOR = `mutation { beginTwoFactor { secret otpauthUrl } }`;
export const CONFIRM_TWO_FACTOR = `mutation Confirm($code: String!) { confirmTwoFactor(code: $code) }`;
export const DISABLE_TWO_FACTOR = `mutation Disable($password: String!, $code: String!) {
  disableTwoFactor(password: $password, code: $code)
}`;
export const RESET_TWO_FACTOR = `mutation ResetTwoFactor($id: ID!) { resetTwoFactor(id: $id) { ${USER_FIELDS} hasTwoFactor } }`;
export const LOGIN_WITH_CODE = `mutation Login($name: String!, $password: String!, $code: String) {
  login(name: $name, password: $password, code: $code) { token user { ${USER_FIELDS} hasTwoFactor } }
}`;
export const HAS_TWO_FACTOR = `query { me { hasTwoFactor } }`;
export const SESSIONS = `query { sessions { id createdAt lastUsedAt userAgent address isCurrent } }`;
export const END_SESSION = `mutation End($id: ID!) { endSession(id: $id) }`;
export const CREATE_PASSWORD_RESET = `mutation CreateReset($id: ID!) { createPasswordReset(id: $id) { code expiresAt } }`;
export const RESET_PASSWORD = `mutation Reset($name: String!, $code: String!, $newPassword: String!, $twoFactorCode: String) {
  resetPassword(name: $name, code: $code, newPassword: $newPassword, twoFactorCode: $twoFactorCode) {
    token user { ${USER_FIELDS} }
  }
}`;

/** The code an authenticator app with `secret` shows at `at`, `steps` periods of 30 s away. */
export function totpAt(secret: string, at: Date, steps = 0): string {
  return TOTP.generate({ secret: Secret.fromBase32(secret), timestamp: at.getTime() + steps * 30_000 });
}

/** A six-digit code that is none of the codes of `secret` within two steps of `at`: surely wrong. */
export function wrongTotpAt(secret: string, at: Date): string {
  const near = new Set([-2, -1, 0, 1, 2].map((steps) => totpAt(secret, at, steps)));
  for (let n = 0; ; n++) {
    const code = String(n).padStart(6, '0');
    if (!near.has(code)) return code;
  }
}

export interface TwoFactorOn {
  secret: string;
  otpauthUrl: string;
  recoveryCodes: string[];
}

/**
 * Turns two-factor sign-in on for `account` with a code of the server's clock, then moves the clock
 * on a step, so that the next code the test computes has not been used.
 */
export async function turnOnTwoFactor(account: Account, clock: Clock & { advance(seconds: number): void }) {
  const { beginTwoFactor } = await account.client.ok(BEGIN_TWO_FACTOR);
  const { confirmTwoFactor } = await account.client.ok(CONFIRM_TWO_FACTOR, {
    code: totpAt(beginTwoFactor.secret, clock.now()),
  });
  clock.advance(30);
  return { ...beginTwoFactor, recoveryCodes: confirmTwoFactor } as TwoFactorOn;
}
