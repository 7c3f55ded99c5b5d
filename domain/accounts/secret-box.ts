import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';

/** AES-256 takes a 32-byte key. */
export const SECRETS_KEY_BYTES = 32;
const ALGORITHM = 'aes-256-gcm';
const IV_BYTES = 12;
const TAG_BYTES = 16;
/** The form of what `seal` writes, so that another form (another key, another cipher) can follow it. */
const VERSION = 'v1';

/**
 * Seals short secrets (two-factor secrets) for the database with the server's key, AES-256-GCM: a
 * fresh IV each time, and the tag refuses a sealed text changed or sealed with another key.
 */
export class SecretBox {
  private readonly key: Buffer;

  constructor(key: Buffer) {
    if (key.length !== SECRETS_KEY_BYTES) throw new Error(`a secrets key has ${SECRETS_KEY_BYTES} bytes`);
    this.key = Buffer.from(key);
  }

  seal(plain: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv(ALGORITHM, this.key, iv);
    const sealed = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return `${VERSION}:${Buffer.concat([iv, cipher.getAuthTag(), sealed]).toString('base64')}`;
  }

  /** The plain text of what `seal` wrote with this key; throws for anything else. */
  open(sealedText: string): string {
    const [version, body] = sealedText.split(':');
    if (version !== VERSION || !body) throw new Error('not a sealed secret');
    const bytes = Buffer.from(body, 'base64');
    const decipher = createDecipheriv(ALGORITHM, this.key, bytes.subarray(0, IV_BYTES));
    decipher.setAuthTag(bytes.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    return Buffer.concat([decipher.update(bytes.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
  }

  /** A digest that tells keys apart and reveals nothing of this one (an HMAC of a fixed text). */
  digest(): string {
    return createHmac('sha256', this.key).update('youku secrets key check').digest('hex');
  }
}

/** A new random key, as the key file holds it: base64 of 32 bytes. */
export function newSecretsKey(): string {
  return randomBytes(SECRETS_KEY_BYTES).toString('base64');
}

/**
 * The key in `text`: 32 bytes written as 64 hex digits or as base64 (with or without padding, URL-safe
 * or not), around blanks; undefined when it is not one.
 */
export function parseSecretsKey(text: string): Buffer | undefined {
  const trimmed = text.trim();
  if (/^[0-9a-fA-F]{64}$/.test(trimmed)) return Buffer.from(trimmed, 'hex');
  if (!/^[A-Za-z0-9+/_-]{43}={0,1}$/.test(trimmed)) return undefined;
  const key = Buffer.from(trimmed.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
  return key.length === SECRETS_KEY_BYTES ? key : undefined;
}
