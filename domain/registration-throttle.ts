import { RateLimiterMemory } from 'rate-limiter-flexible';
import { spendAttempt } from './attempt-limits.js';
import type { DomainSettings } from './settings.js';

/**
 * Registrations counted per client address within a window, spent before the password is hashed:
 * one address cannot fill the instance with accounts nor keep argon2 busy. In this process's memory.
 */
export class RegistrationThrottle {
  private readonly byAddress: RateLimiterMemory;

  constructor(settings: DomainSettings) {
    this.byAddress = new RateLimiterMemory({
      points: settings.registrationsPerAddress,
      duration: settings.registrationWindowSeconds,
    });
  }

  attempt(address: string): Promise<void> {
    return spendAttempt(this.byAddress, address, 'registrations from this address');
  }
}
