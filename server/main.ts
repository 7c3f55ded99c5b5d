import type { TusStorage } from '../domain/storage/tus-store.js';
import { ConfigError } from './config/config-error.js';
import type { Config } from './config/config.js';
import { readConfig } from './config/read-config.js';
import { createLogger, type Logger } from './observability/logger.js';
import { announceFirstAdmin } from './first-admin.js';
import { assertMediaRedirect } from './routes/media.js';
import { startPlatform, StartError, type Platform } from './start.js';
import { createStorage } from './storage-backend.js';

/** Stops the process with one line on stderr: start-up failures are an operator's to fix, not a stack. */
function exitWith(code: number, line: string): never {
  console.error(line);
  process.exit(code);
}

/** The configuration and the storage it names, or one line naming the bad variable and exit 2. */
function configured(): { config: Config; storage: TusStorage } {
  try {
    const config = readConfig();
    const storage = createStorage(config);
    assertMediaRedirect(config.mediaRedirect, storage);
    return { config, storage };
  } catch (err) {
    if (err instanceof ConfigError) exitWith(2, `configuration error: ${err.message}`);
    throw err;
  }
}

/** The platform up, or one line and exit 2 (a setting to change) or 1 (a database or port that fails). */
async function started(config: Config, storage: TusStorage, logger: Logger): Promise<Platform> {
  try {
    return await startPlatform(config, storage, logger, { host: config.host, port: config.port });
  } catch (err) {
    if (!(err instanceof StartError)) throw err;
    exitWith(err.exitCode, err.message);
  }
}

/** Stop accepting, let requests in flight and running jobs finish (a job cut short runs again later), then close. */
function stopOn(signal: NodeJS.Signals, platform: Platform, config: Config, logger: Logger): void {
  process.once(signal, () => {
    logger.info({ signal }, 'shutting down');
    platform.stop(config.shutdownGraceSeconds * 1000).then(
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

const { config, storage } = configured();
const logger = createLogger(config.logLevel, config.logFormat);
// A promise that slipped through must not end the process and every other user's requests with it.
process.on('unhandledRejection', (reason) => logger.error({ err: reason }, 'unhandled promise rejection'));
const platform = await started(config, storage, logger);
// Before the lines that say it is up: whoever reads them may signal at once.
for (const signal of ['SIGTERM', 'SIGINT'] as const) stopOn(signal, platform, config, logger);
logger.info(
  { database: platform.database.kind },
  `listening on http://${config.host}:${platform.port} (GraphiQL at /graphql)`,
);
// For the person who ran `npm start`: where to go, as a plain line beside the JSON log.
const shown = ['0.0.0.0', '::'].includes(config.host) ? 'localhost' : config.host;
console.error(`Ready: open http://${shown}:${platform.port}/ (the API and GraphiQL are at /graphql)`);
announceFirstAdmin(platform.firstAdmin, logger);
