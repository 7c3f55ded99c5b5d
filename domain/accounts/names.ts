import { badInput } from '../core/errors.js';
import { characterCount, hasControlCharacters, hasInvisibleFormatting } from '../core/text.js';

export const MAX_NAME_LENGTH = 32;

/** Trims and NFC-normalises a user name, refusing what a name may not hold. */
export function normaliseUserName(raw: string): string {
  const name = raw.normalize('NFC').trim();
  const length = characterCount(name);
  if (length === 0) throw badInput('The name must not be empty.', 'name');
  if (length > MAX_NAME_LENGTH) throw badInput(`The name must be at most ${MAX_NAME_LENGTH} characters.`, 'name');
  if (hasControlCharacters(name)) throw badInput('The name must not contain control characters.', 'name');
  if (hasInvisibleFormatting(name))
    throw badInput('The name must not contain invisible formatting characters.', 'name');
  return name;
}

/**
 * The key under which names are unique, case-insensitively. Lower, upper, then lower case again
 * folds what a single lower-casing leaves apart (ß and ss, σ and ς), close to Unicode case folding.
 */
export function userNameKey(name: string): string {
  return name.normalize('NFC').toLowerCase().toUpperCase().toLowerCase().normalize('NFC');
}

/**
 * A name as a log line may show it: its first character and its length (`a…(5)`), enough to tell
 * attempts on one account apart without writing down who tried what.
 */
export function maskedName(name: string): string {
  const characters = [...name.normalize('NFC').trim()];
  return characters.length === 0 ? '(empty)' : `${characters[0]}…(${characters.length})`;
}
