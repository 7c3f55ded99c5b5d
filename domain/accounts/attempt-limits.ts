import { RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { AppError } from '../core/errors.js';

/**
 * Takes one attempt from `key`'s allowance, atomically, before the attempt's work is done: counting
 * after the work would let parallel requests all pass the check before any of them is counted.
 * `what` completes "Too many …" in the refusal.
 */
export async function spendAttempt(limiter: RateLimiterAbstract, key: string, what: string): Promise<void> {
  try {
    await limiter.consume(key);
  } catch (err) {
    if (!(err instanceof RateLimiterRes)) throw err;
    const retryAfterSeconds = Math.max(1, Math.ceil(err.msBeforeNext / 1000));
    throw new AppError('TOO_MANY_REQUESTS', `Too many ${what}. Try again in ${retryAfterSeconds} s.`, {
      retryAfterSeconds,
    });
  }
}
