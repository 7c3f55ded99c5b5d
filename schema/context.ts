import type { Knex } from 'knex';
import type { User } from '../db/models/user.js';
import type { LoginThrottle } from '../domain/accounts/login-throttle.js';
import type { RegistrationThrottle } from '../domain/accounts/registration-throttle.js';
import type { CodeChecks } from '../domain/accounts/two-factor.js';
import type { SessionGrant } from '../domain/accounts/sessions.js';
import type { DomainSettings } from '../domain/core/settings.js';
import type { Storage } from '../domain/storage/storage.js';

/** How a resolver hands a session to the browser; the HTTP layer decides the cookie's form. */
export interface SessionCookie {
  set(grant: Pick<SessionGrant, 'token' | 'expiresAt'>): void;
  clear(): void;
}

/** The request's own logger (its lines carry the request id): faults at error, events at info. */
export interface RequestLog {
  error(details: object, message: string): void;
  info(details: object, message: string): void;
}

/** What every resolver sees; `server/` builds one per request. `login` and `register` set the viewer. */
export interface Context {
  db: Knex;
  settings: DomainSettings;
  viewer: User | null;
  sessionId: number | null;
  sessionCookie: SessionCookie;
  storage: Storage;
  loginThrottle: LoginThrottle;
  registrationThrottle: RegistrationThrottle;
  /** What checks two-factor and reset codes: the key that opens the secrets, the login throttle, the settings. */
  codeChecks: CodeChecks;
  /** The client's address (behind a proxy, from X-Forwarded-For when TRUST_PROXY is set). */
  clientAddress: string;
  /** The User-Agent header, shown to a person beside their sessions. */
  userAgent: string | null;
  /** Where clients reach this server (`https://host[:port]`), for absolute links: PUBLIC_URL, else the request's. */
  publicOrigin: string;
  log: RequestLog;
  /** Aborted when the client goes away before the answer is sent. */
  signal: AbortSignal;
}
