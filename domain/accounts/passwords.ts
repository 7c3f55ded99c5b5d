import { hash, verify } from '@node-rs/argon2';
import { badInput } from '../core/errors.js';

// At OWASP's floor for argon2id: 19 MiB, 2 passes, one lane.
const ARGON2ID = 2; // Algorithm.Argon2id, a const enum that isolated modules cannot read
const OPTIONS = { algorithm: ARGON2ID, memoryCost: 19456, timeCost: 2, parallelism: 1 };
const MIN_LENGTH = 8;
const MAX_LENGTH = 256;

/** Refuses a password of the wrong length; `field` names the argument that carried it. */
export function validatePassword(password: string, field: 'password' | 'newPassword' = 'password'): void {
  const length = [...password].length;
  if (length < MIN_LENGTH) throw badInput(`The password must be at least ${MIN_LENGTH} characters.`, field);
  if (length > MAX_LENGTH) throw badInput(`The password must be at most ${MAX_LENGTH} characters.`, field);
}

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

let decoy: Promise<string> | undefined;

/**
 * Checks a password against a stored hash. With no hash (unknown user) it checks against a decoy,
 * so that an unknown name and a wrong password take the same time.
 */
export async function verifyPassword(storedHash: string | undefined, password: string): Promise<boolean> {
  decoy ??= hashPassword('decoy password that matches nothing');
  const target = storedHash ?? (await decoy);
  const matches = await verify(target, password).catch(() => false);
  return matches && storedHash !== undefined;
}
