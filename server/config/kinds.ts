import { isIP } from 'node:net';
import proxyAddr from 'proxy-addr';
import { parseDatabaseUrl } from '../../db/connection.js';
import { parseSecretsKey } from '../../domain/accounts/secret-box.js';
import { ConfigError } from './config-error.js';
import type { AddressRule } from './config.js';

/** How one kind of value is read from its variable, and how the configuration page describes it. */
export interface Kind<T> {
  /** What a value must be, in the page's words (markdown). */
  accepts: string;
  /** The value of `raw`, which is set; a value that cannot be used throws a ConfigError naming `name`. */
  parse(raw: string, name: string): T;
  /** A value as it would be written in the variable, for the page's default column. */
  show(value: T): string;
  /** Whether a value of blanks alone counts as unset (lists); otherwise only the empty string does. */
  blankIsUnset?: boolean;
}

const TRUE = /^(1|true|yes|on)$/i;
const FALSE = /^(0|false|no|off)$/i;

export function integer(min: number, max = Number.MAX_SAFE_INTEGER): Kind<number> {
  return {
    accepts: max === Number.MAX_SAFE_INTEGER ? `a whole number, at least ${min}` : `a whole number, ${min} to ${max}`,
    parse(raw, name) {
      const value = Number(raw);
      if (!/^-?\d+$/.test(raw.trim()) || !Number.isSafeInteger(value) || value < min || value > max) {
        throw new ConfigError(name, `must be a whole number from ${min} to ${max}`, raw);
      }
      return value;
    },
    show: String,
  };
}

export const flag: Kind<boolean> = {
  accepts: '`true` or `false`',
  parse(raw, name) {
    if (TRUE.test(raw)) return true;
    if (FALSE.test(raw)) return false;
    throw new ConfigError(name, 'must be true or false', raw);
  },
  show: String,
};

/** Free text, taken as it is: `what` says what it names. */
export function text(what: string): Kind<string> {
  return { accepts: what, parse: (raw) => raw, show: (value) => value };
}

export function oneOf<const V extends string>(values: readonly V[]): Kind<V> {
  return {
    accepts: values.map((value) => `\`${value}\``).join(', '),
    parse(raw, name) {
      if (!(values as readonly string[]).includes(raw)) {
        throw new ConfigError(name, `must be one of ${values.join(', ')}`, raw);
      }
      return raw as V;
    },
    show: (value) => value,
  };
}

/** An address or a host name to listen on; whether it resolves is for listen() to say. */
export const host: Kind<string> = {
  accepts: 'an IP address or a host name',
  parse(raw, name) {
    const hostName = /^(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*$/;
    if (!isIP(raw) && !hostName.test(raw)) {
      throw new ConfigError(name, 'must be an IP address or a host name, such as 127.0.0.1 or 0.0.0.0', raw);
    }
    return raw;
  },
  show: (value) => value,
};

/** A URL the database layer can open. */
export const databaseUrl: Kind<string> = {
  accepts: '`sqlite:<path>` or `mysql://user:pass@host:port/db`',
  parse(raw, name) {
    try {
      parseDatabaseUrl(raw);
    } catch (err) {
      throw new ConfigError(name, `cannot be used: ${(err as Error).message}`, raw);
    }
    return raw;
  },
  show: (value) => value,
};

/** An http(s) origin, without a trailing slash: ticket URLs append their path to it. */
export const publicOrigin: Kind<string> = {
  accepts: 'an http(s) origin, no path',
  parse(raw, name) {
    const url = URL.canParse(raw) ? new URL(raw) : undefined;
    const extras = url && (url.username || url.password || url.pathname !== '/' || url.search || url.hash);
    if (!url || !/^https?:$/.test(url.protocol) || extras) {
      throw new ConfigError(name, 'must be an http(s) origin such as https://video.example.com (no path)', raw);
    }
    return url.origin;
  },
  show: (value) => value,
};

/** An origin exactly as a browser sends it: scheme, lower-case host, a port unless the default; no path. */
function isOrigin(text: string): boolean {
  if (!URL.canParse(text)) return false;
  const url = new URL(text);
  return (url.protocol === 'https:' || url.protocol === 'http:') && url.origin === text;
}

export const origins: Kind<string[]> = {
  accepts: 'origins, comma-separated',
  blankIsUnset: true,
  parse(raw, name) {
    const listed = raw.split(',').map((origin) => origin.trim());
    if (!listed.every(isOrigin)) {
      throw new ConfigError(name, 'must list origins such as https://app.example.com, separated by commas', raw);
    }
    return listed;
  },
  show: (value) => value.join(','),
};

/** Heights of a picture, comma-separated: even (as H.264's 4:2:0 needs), given in any order, kept lowest first. */
export function heights(min: number, max: number): Kind<number[]> {
  return {
    accepts: `even whole numbers from ${min} to ${max}, comma-separated`,
    blankIsUnset: true,
    parse(raw, name) {
      const listed = raw.split(',').map((height) => height.trim());
      const valid = (height: string) => /^\d+$/.test(height) && Number(height) % 2 === 0;
      const values = listed.filter(valid).map(Number);
      if (values.length !== listed.length || values.some((value) => value < min || value > max)) {
        throw new ConfigError(name, `must list even whole numbers from ${min} to ${max}, such as 240,480,720`, raw);
      }
      return [...new Set(values)].sort((a, b) => a - b);
    },
    show: (value) => value.join(','),
  };
}

/** A flag (true: any address, false: none) or addresses and CIDR ranges separated by commas. */
export const addressRule: Kind<AddressRule> = {
  accepts: '`true`, `false`, or addresses and CIDR ranges, comma-separated',
  blankIsUnset: true,
  parse(raw, name) {
    if (TRUE.test(raw.trim())) return true;
    if (FALSE.test(raw.trim())) return false;
    const listed = raw.split(',').map((address) => address.trim());
    try {
      // proxy-addr is what Express parses `trust proxy` with: a value it takes here, it takes there.
      proxyAddr.compile(listed);
    } catch {
      throw new ConfigError(
        name,
        'must be true, false, or addresses and CIDR ranges such as loopback,10.0.0.0/8, separated by commas',
        raw,
      );
    }
    return listed;
  },
  show: (value) => (typeof value === 'boolean' ? String(value) : value.join(',')),
};

/** A 32-byte key, never shown: not in an error, not on the configuration page. */
export const secretsKey: Kind<Buffer> = {
  accepts: '32 bytes: 64 hex digits, or 44 characters of base64',
  parse(raw, name) {
    const key = parseSecretsKey(raw);
    if (!key)
      throw new ConfigError(name, 'must be 32 bytes written as 64 hex digits or 44 characters of base64', {
        secret: true,
      });
    return key;
  },
  show: () => '(secret)',
};
