import { Secret, TOTP } from 'otpauth';

// RFC 6238 as every authenticator app reads it: SHA-1, 6 digits, a new code every 30 s.
const ALGORITHM = 'SHA1';
const DIGITS = 6;
const PERIOD_SECONDS = 30;
/** Codes one step before or after the current one pass: a phone's clock a little off, a code typed late. */
const DRIFT_STEPS = 1;
/** 160 bits, the size RFC 4226 recommends (an HMAC-SHA-1 key). */
const SECRET_BYTES = 20;

const CODE_SHAPE = /^\d{6}$/;

export interface TotpSetup {
  /** Base32, as a person types it into an app. */
  secret: string;
  /** `otpauth://totp/…`, as a QR code carries it to an app. */
  otpauthUrl: string;
}

/** A fresh secret for an account, with the URL that an authenticator app reads from a QR code. */
export function newTotp(issuer: string, account: string): TotpSetup {
  const secret = new Secret({ size: SECRET_BYTES }).base32;
  return { secret, otpauthUrl: totpOf(secret, issuer, account).toString() };
}

function totpOf(secret: string, issuer = '', label = ''): TOTP {
  return new TOTP({
    issuer,
    label,
    algorithm: ALGORITHM,
    digits: DIGITS,
    period: PERIOD_SECONDS,
    secret: Secret.fromBase32(secret),
  });
}

/** A code as typed, without the blanks an app shows in the middle (`123 456`). */
export function totpCodeOf(typed: string): string | undefined {
  const code = typed.replace(/\s/g, '');
  return CODE_SHAPE.test(code) ? code : undefined;
}

/**
 * The time step at which `code` is the code of `secret`, within one step of `now`'s; null when it is
 * none. Whether that step was used already is for the caller, who remembers the last one accepted.
 */
export function stepOfCode(secret: string, code: string, now: Date): number | null {
  const timestamp = now.getTime();
  const delta = totpOf(secret).validate({ token: code, timestamp, window: DRIFT_STEPS });
  return delta === null ? null : TOTP.counter({ period: PERIOD_SECONDS, timestamp }) + delta;
}
