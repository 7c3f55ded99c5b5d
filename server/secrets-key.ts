import { randomBytes } from 'node:crypto';
import { link, mkdir, readFile, stat, unlink, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { Knex } from 'knex';
import { parseDatabaseUrl } from '../db/connection.js';
import { isDatabaseKey } from '../domain/accounts/key-checks.js';
import { newSecretsKey, parseSecretsKey, SecretBox } from '../domain/accounts/secret-box.js';
import type { SecretsKeySource } from './config/config.js';

const KEY_FILE = 'secrets.key';

/** The key file when SECRETS_KEY_FILE is unset: beside a SQLite file, else in `./data`. */
export function defaultKeyFile(databaseUrl: string): string {
  const location = parseDatabaseUrl(databaseUrl);
  if (location.kind === 'sqlite' && location.path !== ':memory:') return join(dirname(location.path), KEY_FILE);
  return resolve('data', KEY_FILE);
}

/** What could not be used, in a sentence that names the setting. */
export class SecretsKeyError extends Error {}

/** Where the key came from, for the start-up log (never the key). */
export type KeyOrigin =
  { from: 'SECRETS_KEY' } | { from: 'file'; path: string; made: boolean; readableByOthers: boolean };

/**
 * Writes a new key to `path`, mode 0600, unless a file is there already: written whole under another
 * name, then linked into place, so that processes starting at once never read half a key and all
 * end up with the first one's.
 */
async function makeKeyFile(path: string): Promise<boolean> {
  await mkdir(dirname(path), { recursive: true });
  const draft = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  await writeFile(draft, `${newSecretsKey()}\n`, { mode: 0o600, flag: 'wx' });
  try {
    await link(draft, path);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  } finally {
    await unlink(draft);
  }
}

async function keyFromFile(path: string): Promise<{ key: Buffer; origin: KeyOrigin }> {
  let made: boolean;
  let text: string;
  try {
    made = await makeKeyFile(path);
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new SecretsKeyError(`SECRETS_KEY_FILE (${path}) cannot be used: ${(err as Error).message}`);
  }
  const key = parseSecretsKey(text);
  if (!key) {
    throw new SecretsKeyError(
      `SECRETS_KEY_FILE (${path}) must hold a key of 32 bytes, as 64 hex digits or 44 characters of base64`,
    );
  }
  const readableByOthers = ((await stat(path)).mode & 0o077) !== 0;
  return { key, origin: { from: 'file', path, made, readableByOthers } };
}

/**
 * The box that seals two-factor secrets, with the key of SECRETS_KEY or of the key file; refused
 * (SecretsKeyError) when the database's secrets were sealed with another key.
 */
export async function openSecretBox(
  db: Knex,
  source: SecretsKeySource,
): Promise<{ box: SecretBox; origin: KeyOrigin }> {
  const { key, origin } = source.key
    ? { key: source.key, origin: { from: 'SECRETS_KEY' } as const }
    : await keyFromFile(source.keyFile);
  const box = new SecretBox(key);
  if (!(await isDatabaseKey(db, box))) {
    const setting = origin.from === 'file' ? `SECRETS_KEY_FILE (${origin.path})` : 'SECRETS_KEY';
    throw new SecretsKeyError(
      `${setting} is not the key this database's two-factor secrets were encrypted with: give every process the same key`,
    );
  }
  return { box, origin };
}
