// The rule for an amount an admin credits or debits, pure so that the web client's form applies
// the same one before asking.

/** The most an admin credits or debits at once: a larger amount is a typing mistake. */
export const MAX_CREDIT = 1_000_000;

/** Whether `amount` may be credited (or, negative, taken back) at once: a whole number within ±MAX_CREDIT, not 0. */
export function isCreditAmount(amount: number): boolean {
  return Number.isSafeInteger(amount) && amount !== 0 && Math.abs(amount) <= MAX_CREDIT;
}
