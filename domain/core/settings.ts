import type { Clock } from './clock.js';

/** The operator's choices that the rules depend on (docs/configuration.md), and the clock they read. */
export interface DomainSettings {
  sessionTtlSeconds: number;
  downloadWaitSeconds: number;
  priceRegular: number;
  priceVip: number;
  vipPrice: number;
  ticketTtlSeconds: number;
  maxUploadBytes: number;
  loginFailuresPerName: number;
  loginFailuresPerAddress: number;
  loginThrottleSeconds: number;
  registrationsPerAddress: number;
  registrationWindowSeconds: number;
  /** How old a measure of what storage holds may be before an admin's request measures again. */
  storageUsageMaxAgeSeconds: number;
  /** Admins without two-factor sign-in may do nothing but set it up. */
  requireAdminTwoFactor: boolean;
  /** How long an admin's password-reset code stays valid. */
  passwordResetTtlSeconds: number;
  clock: Clock;
  /** The server can be reached beyond this machine: the first account (the admin) needs the setup code. */
  setupCodeRequired: boolean;
}
