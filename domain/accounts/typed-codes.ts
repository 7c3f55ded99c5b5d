import { randomInt } from 'node:crypto';

/** Crockford's base32: no I, L, O or U to misread when a code is read out or typed from a screen. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const CANONICAL = /^[0-9A-HJKMNP-TV-Z]+$/;

/**
 * A random code for a person to copy: `groups` groups of `groupLength` characters joined by dashes,
 * 5 bits a character (`7KQ2-M9XD-4TRB`: 60 bits).
 */
export function newTypedCode(groups: number, groupLength: number): string {
  return Array.from({ length: groups }, () =>
    Array.from({ length: groupLength }, () => ALPHABET[randomInt(ALPHABET.length)]).join(''),
  ).join('-');
}

/** A code as typed (any case, with or without dashes and blanks) in the one form that is hashed. */
export function canonicalCode(typed: string): string {
  return typed.replace(/[\s-]/g, '').toUpperCase();
}

/** Whether a canonical code could be one of `length` characters that `newTypedCode` made. */
export function isCodeShaped(canonical: string, length: number): boolean {
  return canonical.length === length && CANONICAL.test(canonical);
}
