import type { Clock } from '../../domain/core/clock.js';

/** A clock a test moves on by hand: expiry and waits are tested without sleeping through them. */
export class ManualClock implements Clock {
  private at: number;

  /** Starts on a whole second: MySQL's DATETIME and a cookie's Expires keep no milliseconds. */
  constructor(start = Math.ceil(Date.now() / 1000) * 1000) {
    this.at = start;
  }

  now(): Date {
    return new Date(this.at);
  }

  advance(seconds: number): void {
    this.at += seconds * 1000;
  }
}
