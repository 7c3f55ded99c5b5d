import type { TusStorage } from '../domain/storage/tus-store.js';
import { ConfigError } from './config/config-error.js';
import type { Config } from './config/config.js';
import { readConfig } from './config/read-config.js';
import { createLogger, type Logger } from './observability/logger.js';
import { assertMediaDelivery } from './routes/media.js';
import { StartError, type Running } from './start.js';
import { createStorage } from './storage-backend.js';

// What both entries (main.ts, the server; worker.ts, a worker) do around the one start function.

/** Stops the process with one line on stderr: start-up failures are an operator's to fix, not a stack. */
export function exitWith(code: number, line: string): never {
  console.error(line);
  process.exit(code);
}

/**
 * The configuration and the storage it names, or one line naming the bad variable and exit 2.
 * `check` refuses what this kind of process cannot run with.
 */
export function configured(check: (config: Config) => void = () => undefined): { config: Config; storage: TusStorage } {
  try {
    const config = readConfig();
    check(config);
    const storage = createStorage(config);
    assertMediaDelivery(config, storage);
    return { config, storage };
  } catch (err) {
    if (err instanceof ConfigError) exitWith(2, `configuration error: ${err.message}`);
    throw err;
  }
}

/** The process's logger; a promise that slipped through must not end the process and every other user's work with it. */
export function processLogger(config: Config): Logger {
  const logger = createLogger(config.logLevel, config.logFormat);
  process.on('unhandledRejection', (reason) => logger.error({ err: reason }, 'unhandled promise rejection'));
  return logger;
}

/** The process up, or one line and exit 2 (a setting to change) or 1 (a database or port that fails). */
export async function started<T>(start: () => Promise<T>): Promise<T> {
  try {
    return await start();
  } catch (err) {
    if (!(err instanceof StartError)) throw err;
    exitWith(err.exitCode, err.message);
  }
}

/**
 * On SIGTERM or SIGINT: stop accepting, let requests in flight and running jobs finish (a job cut
 * short runs again later), then close and exit 0.
 */
export function stopOnSignals(running: Running, config: Config, logger: Logger): void {
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      logger.info({ signal }, 'shutting down');
      running.stop(config.shutdownGraceSeconds * 1000).then(
        () => {
          logger.info('stopped');
          process.exit(0);
        },
        (err) => {
          logger.error({ err }, 'shutdown failed');
          process.exit(1);
        },
      );
    });
  }
}
