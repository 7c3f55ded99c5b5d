import { RateLimiterMemory, type RateLimiterRes } from 'rate-limiter-flexible';
import { AppError } from './errors.js';
import type { DomainSettings } from './settings.js';

/**
 * Failed logins counted per name and per client address within a window: past the limit, `login`
 * answers TOO_MANY_REQUESTS before it hashes anything, which stops password guessing and keeps
 * argon2 from being used to tie up the server. Counts live in this process's memory.
 */
export class LoginThrottle {
  private readonly byName: RateLimiterMemory;
  private readonly byAddress: RateLimiterMemory;

  constructor(settings: DomainSettings) {
    const duration = settings.loginThrottleSeconds;
    this.byName = new RateLimiterMemory({ points: settings.loginFailuresPerName, duration });
    this.byAddress = new RateLimiterMemory({ points: settings.loginFailuresPerAddress, duration });
  }

  async check(nameKey: string, address: string): Promise<void> {
    const waits = [
      blocked(this.byName, await this.byName.get(nameKey)),
      blocked(this.byAddress, await this.byAddress.get(address)),
    ].filter((ms): ms is number => ms !== null);
    if (waits.length === 0) return;
    const retryAfterSeconds = Math.max(1, Math.ceil(Math.max(...waits) / 1000));
    throw new AppError('TOO_MANY_REQUESTS', `Too many failed logins. Try again in ${retryAfterSeconds} s.`, {
      retryAfterSeconds,
    });
  }

  async failed(nameKey: string, address: string): Promise<void> {
    await Promise.all([this.byName.penalty(nameKey, 1), this.byAddress.penalty(address, 1)]);
  }

  async succeeded(nameKey: string): Promise<void> {
    await this.byName.delete(nameKey);
  }
}

/** Milliseconds until the key may try again, or null while it still may. */
function blocked(limiter: RateLimiterMemory, count: RateLimiterRes | null): number | null {
  return count && count.consumedPoints >= limiter.points ? count.msBeforeNext : null;
}
