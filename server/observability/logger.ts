import type { Knex } from 'knex';
import { pino, type DestinationStream, type Logger } from 'pino';
import { PinoPretty } from 'pino-pretty';

export type { Logger };

export type LogFormat = 'json' | 'pretty';

/**
 * JSON lines to stdout (or `destination`), with credentials redacted; `pretty`: coloured lines for a
 * person at a terminal, written in this process (no worker thread).
 */
export function createLogger(level: string, format: LogFormat = 'json', destination?: DestinationStream): Logger {
  const options = {
    level,
    base: { service: 'youku' },
    redact: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'],
  };
  if (format === 'pretty') return pino(options, PinoPretty({ colorize: process.stdout.isTTY, sync: true }));
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
