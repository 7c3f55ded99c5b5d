/**
 * Where the rules read the time (session and ticket expiry, waits, sweeps): passed in, so that a
 * test can move time on instead of sleeping through a wait.
 */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };
