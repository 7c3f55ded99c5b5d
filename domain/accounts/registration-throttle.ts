import type { Knex } from 'knex';
import type { RateLimiterAbstract } from 'rate-limiter-flexible';
import { attemptCounter } from '../../db/attempt-counts.js';
import { spendAttempt } from './attempt-limits.js';
import type { DomainSettings } from '../core/settings.js';

/**
 * Registrations counted per client address within a window, spent before the password is hashed:
 * one address cannot fill the instance with accounts nor keep argon2 busy. Counts live in the
 * database, shared by every process of the server.
 */
export class RegistrationThrottle {
  private readonly byAddress: RateLimiterAbstract;

  constructor(db: Knex, settings: DomainSettings) {
    this.byAddress = attemptCounter(db, {
      keyPrefix: 'registration-address',
      points: settings.registrationsPerAddress,
      duration: settings.registrationWindowSeconds,
    });
  }

  attempt(address: string): Promise<void> {
    return spendAttempt(this.byAddress, address, 'registrations from this address');
  }
}
