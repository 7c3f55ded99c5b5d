import { badInput } from './errors.js';

const MAX_NAME_LENGTH = 32;
const CONTROL = /[\p{Cc}\u2028\u2029]/u;

/** Trims and NFC-normalises a user name, refusing what API.md does not allow. */
export function normaliseUserName(raw: string): string {
  const name = raw.normalize('NFC').trim();
  const length = [...name].length;
  if (length === 0) throw badInput('The name must not be empty.', 'name');
  if (length > MAX_NAME_LENGTH) throw badInput(`The name must be at most ${MAX_NAME_LENGTH} characters.`, 'name');
  if (CONTROL.test(name)) throw badInput('The name must not contain control characters.', 'name');
  return name;
}

/** The key under which names are unique: case-insensitive, one form per character. */
export function userNameKey(name: string): string {
  return name.normalize('NFC').toLowerCase().normalize('NFC');
}
