import type { Knex } from 'knex';
import type { RateLimiterAbstract } from 'rate-limiter-flexible';
import { attemptCounter } from '../../db/attempt-counts.js';
import { spendAttempt } from './attempt-limits.js';
import type { DomainSettings } from '../core/settings.js';

const WHAT = 'failed logins';

/** A password check that was allowed; a right password hands its attempt back. */
export interface PasswordAttempt {
  succeeded(): Promise<void>;
}

/**
 * Password checks counted per name and per client address within a window: each check spends one
 * attempt before it hashes anything, and a right password refunds it, so that only failures add up.
 * Past the limit, TOO_MANY_REQUESTS answers before any hashing, which stops password guessing (also
 * by many requests at once) and keeps argon2 from being used to tie up the server. Counts live in
 * the database, shared by every process of the server.
 */
export class LoginThrottle {
  private readonly byName: RateLimiterAbstract;
  private readonly byAddress: RateLimiterAbstract;

  constructor(db: Knex, settings: DomainSettings) {
    const duration = settings.loginThrottleSeconds;
    this.byName = attemptCounter(db, { keyPrefix: 'login-name', points: settings.loginFailuresPerName, duration });
    this.byAddress = attemptCounter(db, {
      keyPrefix: 'login-address',
      points: settings.loginFailuresPerAddress,
      duration,
    });
  }

  async attempt(nameKey: string, address: string): Promise<PasswordAttempt> {
    await spendAttempt(this.byName, nameKey, WHAT);
    try {
      await spendAttempt(this.byAddress, address, WHAT);
    } catch (err) {
      await this.byName.reward(nameKey, 1);
      throw err;
    }
    return {
      succeeded: async () => {
        await Promise.all([this.byName.reward(nameKey, 1), this.byAddress.reward(address, 1)]);
      },
    };
  }
}
