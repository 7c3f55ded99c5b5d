/** A configuration value that cannot be used; its message names the variable (and the value, unless `raw` is a secret). */
export class ConfigError extends Error {
  constructor(variable: string, problem: string, raw: string | { secret: true }) {
    const got = typeof raw === 'string' ? ` (got ${JSON.stringify(withoutPassword(raw))})` : '';
    super(`${variable} ${problem}${got}`);
    this.name = 'ConfigError';
  }
}

/** What may stand between `scheme://user:` and the last `@` of a text that is no valid URL. */
const LOOSE_PASSWORD = /^([A-Za-z][A-Za-z0-9+.-]*:\/\/[^:@/]*:).*@/s;

/**
 * A value as it may be shown: the password of a URL (DATABASE_URL, STORAGE_URL) replaced by `***`,
 * also in a text that does not parse as a URL (a bad port, a stray space).
 */
export function withoutPassword(raw: string): string {
  if (!URL.canParse(raw)) return raw.replace(LOOSE_PASSWORD, '$1***@');
  const url = new URL(raw);
  if (!url.password) return raw;
  url.password = '***';
  return url.toString();
}
