import { once } from 'node:events';
import type { Server } from 'node:http';
import { openDatabase, type Database } from '../db/connection.js';
import { sweepExpired } from '../domain/housekeeping.js';
import type { Storage } from '../domain/storage/storage.js';
import { createApp } from './app.js';
import { ConfigError, readConfig, withoutPassword, type Config } from './config.js';
import { announceFirstAdmin, prepareFirstAdmin } from './first-admin.js';
import { createHttpServer } from './http-server.js';
import { createLogger, knexLog, type Logger } from './logger.js';
import { startJobWorker } from './media-worker.js';
import { listenFailure } from './startup-errors.js';
import { createStorage } from './storage-backend.js';

const TIDY_EVERY_MS = 15 * 60 * 1000;

/** Stops the process with one line on stderr: start-up failures are an operator's to fix, not a stack. */
function exitWith(code: number, line: string): never {
  console.error(line);
  process.exit(code);
}

/** The configuration and the storage it names, or one line naming the bad variable and exit 2. */
function configured(): { config: Config; storage: Storage } {
  try {
    const config = readConfig();
    return { config, storage: createStorage(config) };
  } catch (err) {
    if (err instanceof ConfigError) exitWith(2, `configuration error: ${err.message}`);
    throw err;
  }
}

/** Storage that can be written, or one line naming MEDIA_DIR (or STORAGE_URL) and exit 2. */
async function prepared(storage: Storage, config: Config): Promise<void> {
  try {
    await storage.prepare();
  } catch (err) {
    const setting = config.storageUrl ? 'STORAGE_URL' : `MEDIA_DIR (${config.mediaDir})`;
    exitWith(2, `configuration error: ${setting} cannot be used: ${(err as Error).message}`);
  }
}

async function opened(config: Config, logger: Logger): Promise<Database> {
  try {
    const limits = { timeoutMs: config.databaseTimeoutSeconds * 1000 };
    return await openDatabase(config.databaseUrl, { limits, log: knexLog(logger) });
  } catch (err) {
    exitWith(1, `cannot open the database of DATABASE_URL: ${withoutPassword((err as Error).message)}`);
  }
}

async function listening(server: Server, config: Config): Promise<number> {
  try {
    await once(server, 'listening');
  } catch (err) {
    const failure = listenFailure(err, config);
    exitWith(failure.exitCode, failure.line);
  }
  const address = server.address();
  return typeof address === 'object' && address ? address.port : config.port;
}

/** Removes what interrupted uploads left, expired resumable uploads and rows that expired; a failure is logged, not fatal. */
async function keepTidy(storage: Storage, database: Database, logger: Logger): Promise<void> {
  try {
    const leftovers = await storage.removeLeftovers();
    if (leftovers > 0) logger.warn({ leftovers }, 'removed files of interrupted uploads');
    const expired = await storage.resumable.sweepExpired();
    if (expired > 0) logger.info({ expired }, 'removed expired resumable uploads');
    logger.debug({ expired: await sweepExpired(database.knex) }, 'removed expired sessions and tickets');
  } catch (err) {
    logger.error({ err }, 'tidying up failed');
  }
}

/**
 * Stop accepting, let requests in flight and running jobs finish (within SHUTDOWN_GRACE_SECONDS;
 * a job cut short runs again later), remove what unfinished uploads staged, then close the pool.
 */
async function shutdown(server: Server, database: Database, logger: Logger, signal: string): Promise<void> {
  logger.info({ signal }, 'shutting down');
  clearInterval(tidying);
  const closed = new Promise((resolve) => server.close(resolve));
  // close() ends only the connections idle right now; a kept-alive one whose request finishes
  // later would hold the exit until its keep-alive timeout.
  const idle = setInterval(() => server.closeIdleConnections(), 50);
  const force = setTimeout(() => server.closeAllConnections(), config.shutdownGraceSeconds * 1000);
  await Promise.all([closed, worker.stop(config.shutdownGraceSeconds * 1000)]);
  clearInterval(idle);
  clearTimeout(force);
  await storage.close();
  await database.knex.destroy();
  logger.info('stopped');
}

const { config, storage } = configured();
const logger = createLogger(config.logLevel, config.logFormat);
// A promise that slipped through must not end the process and every other user's requests with it.
process.on('unhandledRejection', (reason) => logger.error({ err: reason }, 'unhandled promise rejection'));
await prepared(storage, config);
const database = await opened(config, logger);
// Before listening: no registration may come before the setup code exists.
const firstAdmin = await prepareFirstAdmin(config, database.knex).catch((err: Error) =>
  exitWith(1, `cannot prepare the first administrator: ${withoutPassword(err.message)}`),
);
await keepTidy(storage, database, logger);
const tidying = setInterval(() => void keepTidy(storage, database, logger), TIDY_EVERY_MS).unref();
const server = createHttpServer(createApp(config, database, storage, logger), config.clients).listen(
  config.port,
  config.host,
);
const port = await listening(server, config);
const worker = await startJobWorker(config, database.knex, storage, logger);
// Before the lines that say the server is up: whoever reads them may stop it at once.
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => {
    shutdown(server, database, logger, signal).then(
      () => process.exit(0),
      (err) => {
        logger.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  });
}
logger.info({ database: database.kind }, `listening on http://${config.host}:${port} (GraphiQL at /graphql)`);
// For the person who ran `npm start`: where to go, as a plain line beside the JSON log.
const shown = ['0.0.0.0', '::'].includes(config.host) ? 'localhost' : config.host;
console.error(`Ready: open http://${shown}:${port}/ (the API and GraphiQL are at /graphql)`);
announceFirstAdmin(firstAdmin, logger);
