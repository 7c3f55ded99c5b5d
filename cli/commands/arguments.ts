import { InvalidArgumentError } from '@commander-js/extra-typings';

/** A whole number (an amount, a page size), else a usage error. */
export function wholeNumber(value: string): number {
  if (!/^-?\d+$/.test(value)) throw new InvalidArgumentError('Not a whole number.');
  return Number(value);
}

/** The origin of an http:// or https:// URL (a path given with it is dropped), else a usage error. */
export function serverOrigin(value: string): string {
  try {
    const url = new URL(value);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error();
    return url.origin;
  } catch {
    throw new InvalidArgumentError('Not an http:// or https:// URL.');
  }
}
