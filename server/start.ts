import { once } from 'node:events';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { openDatabase, type Database } from '../db/connection.js';
import type { JobWorker } from '../domain/jobs.js';
import { sweepExpired } from '../domain/housekeeping.js';
import type { Storage } from '../domain/storage/storage.js';
import { createApp } from './app.js';
import { withoutPassword, type Config } from './config.js';
import { createHttpServer } from './http-server.js';
import { knexLog, type Logger } from './logger.js';
import { startJobWorker } from './media-worker.js';

const TIDY_EVERY_MS = 15 * 60 * 1000;

/** Which part could not start: main.ts turns it into one line and an exit code. */
export class StartError extends Error {
  constructor(
    readonly part: 'storage' | 'database' | 'listen',
    message: string,
  ) {
    super(message);
  }
}

export interface StartOptions {
  host: string;
  port: number;
}

/** A server that serves: what main.ts, the tests, the benchmarks and the soak all run. */
export interface Platform {
  server: Server;
  port: number;
  database: Database;
  /** Stops accepting, lets work in flight finish within `graceMs`, removes staged uploads, closes the pool. */
  stop(graceMs: number): Promise<void>;
}

async function prepared(storage: Storage, config: Config): Promise<void> {
  try {
    await storage.prepare();
  } catch (err) {
    const setting = config.storageUrl ? 'STORAGE_URL' : `MEDIA_DIR (${config.mediaDir})`;
    throw new StartError('storage', `${setting} cannot be used: ${(err as Error).message}`);
  }
}

async function opened(config: Config, logger: Logger): Promise<Database> {
  try {
    const limits = { timeoutMs: config.databaseTimeoutSeconds * 1000 };
    const migrationWaitMs = config.migrationWaitSeconds * 1000;
    return await openDatabase(config.databaseUrl, { limits, log: knexLog(logger), migrationWaitMs });
  } catch (err) {
    throw new StartError(
      'database',
      `cannot open the database of DATABASE_URL: ${withoutPassword((err as Error).message)}`,
    );
  }
}

async function listening(server: Server, { host, port }: StartOptions): Promise<number> {
  try {
    await once(server, 'listening');
  } catch (err) {
    throw new StartError('listen', `cannot listen on ${host}:${port}: ${(err as Error).message}`);
  }
  return (server.address() as AddressInfo).port;
}

/** Removes what interrupted uploads left, expired resumable uploads and rows that expired; a failure is logged, not fatal. */
async function keepTidy(storage: Storage, database: Database, config: Config, logger: Logger): Promise<void> {
  try {
    const leftovers = await storage.removeLeftovers();
    if (leftovers > 0) logger.warn({ leftovers }, 'removed files of interrupted uploads');
    const expired = await storage.resumable.sweepExpired();
    if (expired > 0) logger.info({ expired }, 'removed expired resumable uploads');
    logger.debug(
      { expired: await sweepExpired(database.knex, config.settings.clock.now()) },
      'removed expired sessions and tickets',
    );
  } catch (err) {
    logger.error({ err }, 'tidying up failed');
  }
}

async function stopped(server: Server, worker: JobWorker, graceMs: number): Promise<void> {
  const closed = new Promise((resolve) => server.close(resolve));
  // close() ends only the connections idle right now; a kept-alive one whose request finishes
  // later would hold the exit until its keep-alive timeout.
  const idle = setInterval(() => server.closeIdleConnections(), 50);
  const force = setTimeout(() => server.closeAllConnections(), graceMs);
  await Promise.all([closed, worker.stop(graceMs)]);
  clearInterval(idle);
  clearTimeout(force);
}

/**
 * Prepares the storage, opens (and migrates) the database, tidies what an earlier run left, listens,
 * and starts the job worker and the periodic sweeps. Throws a StartError naming what failed.
 */
export async function startPlatform(
  config: Config,
  storage: Storage,
  logger: Logger,
  options: StartOptions,
): Promise<Platform> {
  await prepared(storage, config);
  const database = await opened(config, logger);
  try {
    await keepTidy(storage, database, config, logger);
    const server = createHttpServer(createApp(config, database, storage, logger), config.clients).listen(
      options.port,
      options.host,
    );
    const port = await listening(server, options);
    const worker = await startJobWorker(config, database.knex, storage, logger);
    const tidying = setInterval(() => void keepTidy(storage, database, config, logger), TIDY_EVERY_MS).unref();
    return {
      server,
      port,
      database,
      async stop(graceMs) {
        clearInterval(tidying);
        await stopped(server, worker, graceMs);
        await storage.close();
        await database.knex.destroy();
      },
    };
  } catch (err) {
    await database.knex.destroy();
    throw err;
  }
}
