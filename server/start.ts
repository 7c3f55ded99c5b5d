import { once } from 'node:events';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { openDatabase, type Database } from '../db/connection.js';
import type { SecretBox } from '../domain/accounts/secret-box.js';
import { sweepExpired } from '../domain/jobs/housekeeping.js';
import type { Storage } from '../domain/storage/storage.js';
import type { TusStorage } from '../domain/storage/tus-store.js';
import { createApp } from './app.js';
import { withoutPassword } from './config/config-error.js';
import type { Config } from './config/config.js';
import { prepareFirstAdmin, type FirstAdminSetup } from './first-admin.js';
import { createHttpServer } from './http-server.js';
import { knexLog, type Logger } from './observability/logger.js';
import { startJobWorker } from './jobs/media-worker.js';
import { openSecretBox, SecretsKeyError, type KeyOrigin } from './secrets-key.js';
import { listenFailure } from './startup-errors.js';

const TIDY_EVERY_MS = 15 * 60 * 1000;

/** What could not start, as one line for the operator: exit 2 for a setting to change, 1 for the world around it. */
export class StartError extends Error {
  constructor(
    readonly exitCode: 1 | 2,
    message: string,
  ) {
    super(message);
  }
}

export interface StartOptions {
  host: string;
  port: number;
}

/** A process that runs: its database, and how to stop it. */
export interface Running {
  database: Database;
  /** Stops accepting work, lets work in flight finish within `graceMs`, removes staged uploads, closes the pool. */
  stop(graceMs: number): Promise<void>;
}

/** A server that serves: what main.ts, the tests, the benchmarks and the soak all run. */
export interface Platform extends Running {
  server: Server;
  port: number;
  /** How the instance gets its first admin (main.ts tells the operator once it is up). */
  firstAdmin: FirstAdminSetup;
}

/** What a server process adds to the work every process does: the HTTP listener and the first admin. */
interface Serving {
  server: Server;
  port: number;
  firstAdmin: FirstAdminSetup;
}

async function prepared(storage: Storage, config: Config): Promise<void> {
  try {
    await storage.prepare();
  } catch (err) {
    const setting = config.storageUrl ? 'STORAGE_URL' : `MEDIA_DIR (${config.mediaDir})`;
    throw new StartError(2, `configuration error: ${setting} cannot be used: ${(err as Error).message}`);
  }
}

async function opened(config: Config, logger: Logger): Promise<Database> {
  try {
    const limits = { timeoutMs: config.databaseTimeoutSeconds * 1000 };
    const migrationWaitMs = config.migrationWaitSeconds * 1000;
    return await openDatabase(config.databaseUrl, { limits, log: knexLog(logger), migrationWaitMs });
  } catch (err) {
    throw new StartError(1, `cannot open the database of DATABASE_URL: ${withoutPassword((err as Error).message)}`);
  }
}

/** The key the two-factor secrets are sealed with; a key that cannot be used is a setting to change (exit 2). */
async function secretBox(config: Config, db: Database['knex']): Promise<{ box: SecretBox; origin: KeyOrigin }> {
  try {
    return await openSecretBox(db, config.secrets);
  } catch (err) {
    if (err instanceof SecretsKeyError) throw new StartError(2, `configuration error: ${err.message}`);
    throw err;
  }
}

/** Said once the server listens: a start that fails later prints nothing on stdout. */
function logKeyOrigin(origin: KeyOrigin, logger: Logger): void {
  if (origin.from === 'file' && origin.made) logger.info({ keyFile: origin.path }, 'made the secrets key file');
  if (origin.from === 'file' && origin.readableByOthers) {
    logger.warn({ keyFile: origin.path }, 'the secrets key file can be read by other users: chmod 600 it');
  }
}

async function listening(server: Server, options: StartOptions): Promise<number> {
  try {
    await once(server, 'listening');
  } catch (err) {
    const failure = listenFailure(err, options);
    throw new StartError(failure.exitCode, failure.line);
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

async function serving(
  config: Config,
  database: Database,
  storage: TusStorage,
  logger: Logger,
  options: StartOptions,
): Promise<Serving> {
  // Before listening: no registration may come before the setup code exists.
  const firstAdmin = await prepareFirstAdmin(config, database.knex).catch((err: Error) => {
    throw new StartError(1, `cannot prepare the first administrator: ${withoutPassword(err.message)}`);
  });
  const secrets = await secretBox(config, database.knex);
  const app = createApp(config, database, storage, logger, secrets.box);
  const server = createHttpServer(app, config.clients).listen(options.port, options.host);
  const port = await listening(server, options);
  // Once it listens: a start that fails later must not have announced a key file.
  logKeyOrigin(secrets.origin, logger);
  return { server, port, firstAdmin };
}

async function closed(server: Server, graceMs: number): Promise<void> {
  const closing = new Promise((resolve) => server.close(resolve));
  // close() ends only the connections idle right now; a kept-alive one whose request finishes
  // later would hold the exit until its keep-alive timeout.
  const idle = setInterval(() => server.closeIdleConnections(), 50);
  const force = setTimeout(() => server.closeAllConnections(), graceMs);
  await closing;
  clearInterval(idle);
  clearTimeout(force);
}

/**
 * The one start of every process. Prepares the storage, opens (and migrates) the database, tidies
 * what an earlier run left and starts the periodic sweeps; a server (`listen` given) prepares the
 * first admin and listens, and runs the job worker unless RUN_JOBS=false; a worker (`listen` null,
 * `npm run worker`) runs the job worker and nothing else. Throws a StartError naming what failed.
 */
export async function startPlatform(
  config: Config,
  storage: TusStorage,
  logger: Logger,
  listen: StartOptions,
): Promise<Platform>;
export async function startPlatform(
  config: Config,
  storage: TusStorage,
  logger: Logger,
  listen: null,
): Promise<Running>;
export async function startPlatform(
  config: Config,
  storage: TusStorage,
  logger: Logger,
  listen: StartOptions | null,
): Promise<Running> {
  await prepared(storage, config);
  const database = await opened(config, logger);
  try {
    await keepTidy(storage, database, config, logger);
    const web = listen && (await serving(config, database, storage, logger, listen));
    const runsJobs = !web || config.runJobs;
    const worker = runsJobs ? await startJobWorker(config, database.knex, storage, logger) : undefined;
    const tidying = setInterval(() => void keepTidy(storage, database, config, logger), TIDY_EVERY_MS).unref();
    return {
      ...web,
      database,
      async stop(graceMs) {
        clearInterval(tidying);
        await Promise.all([web && closed(web.server, graceMs), worker?.stop(graceMs)]);
        await storage.close();
        await database.knex.destroy();
      },
    };
  } catch (err) {
    await database.knex.destroy();
    throw err;
  }
}
