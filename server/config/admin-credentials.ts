import { AppError } from '../../domain/core/errors.js';
import { normaliseUserName } from '../../domain/accounts/names.js';
import { validatePassword } from '../../domain/accounts/passwords.js';
import { ConfigError } from './config-error.js';
import type { FirstAdminCredentials } from './config.js';

/** The problem of a name or password as the domain words it, with a lower-case start to follow the variable. */
function problemOf(err: unknown): string {
  if (!(err instanceof AppError)) throw err;
  return `is not usable: ${err.message.charAt(0).toLowerCase()}${err.message.slice(1)}`;
}

/** ADMIN_NAME and ADMIN_PASSWORD: both or neither, following the rules of registration. */
export function firstAdmin(name: string | undefined, password: string | undefined): FirstAdminCredentials | undefined {
  if (!name && !password) return undefined;
  if (!password) throw new ConfigError('ADMIN_PASSWORD', 'must be set when ADMIN_NAME is', { secret: true });
  if (!name) throw new ConfigError('ADMIN_NAME', 'must be set when ADMIN_PASSWORD is', '');
  try {
    normaliseUserName(name);
  } catch (err) {
    throw new ConfigError('ADMIN_NAME', problemOf(err), name);
  }
  try {
    validatePassword(password);
  } catch (err) {
    throw new ConfigError('ADMIN_PASSWORD', problemOf(err), { secret: true });
  }
  // Not enumerable: a dump of the configuration (JSON, console.log) leaves it out.
  return Object.defineProperty({ name } as FirstAdminCredentials, 'password', { value: password, enumerable: false });
}
