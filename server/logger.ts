import type { Knex } from 'knex';
import { pino, type DestinationStream, type Logger } from 'pino';

export type { Logger };

/** JSON lines to stdout (or `destination`), with credentials redacted. */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  const options = {
    level,
    base: { service: 'youku' },
    redact: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'],
  };
  return destination ? pino(options, destination) : pino(options);
}

/** Knex's own warnings (a connection that failed, a deprecation) as log lines, not bare text on stdout. */
export function knexLog(logger: Logger): Knex.Logger {
  return {
    warn: (message: unknown) => logger.warn({ knex: message }, 'database client warning'),
    error: (message: unknown) => logger.error({ knex: message }, 'database client error'),
    debug: (message: unknown) => logger.debug({ knex: message }, 'database client'),
    deprecate: (method, alternative) => logger.warn(`database client: ${method} is deprecated, use ${alternative}`),
  };
}
