import { once } from 'node:events';
import { openDatabase } from '../db/connection.js';
import type { Storage } from '../domain/storage/storage.js';
import { createApp } from './app.js';
import { ConfigError, readConfig, type Config } from './config.js';
import { createLogger } from './logger.js';
import { createStorage } from './storage-backend.js';

const SHUTDOWN_GRACE_MS = 10_000;

/** The configuration and the storage it names, or one line naming the bad variable and exit 2. */
function configuredOrExit(): { config: Config; storage: Storage } {
  try {
    const config = readConfig();
    return { config, storage: createStorage(config) };
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    console.error(`configuration error: ${err.message}`);
    process.exit(2);
  }
}

const { config, storage } = configuredOrExit();
const logger = createLogger(config.logLevel);
const database = await openDatabase(config.databaseUrl);
const leftovers = await storage.removeLeftovers();
if (leftovers > 0) logger.warn({ leftovers }, 'removed files of interrupted uploads');
const server = createApp(config, database.knex, storage, logger).listen(config.port, config.host);
await once(server, 'listening');
const address = server.address();
const port = typeof address === 'object' && address ? address.port : config.port;
logger.info({ database: database.kind }, `listening on http://${config.host}:${port} (GraphiQL at /graphql)`);

/** Stop accepting, let requests in flight finish (within a grace period), then close the pool. */
async function shutdown(signal: string): Promise<void> {
  logger.info({ signal }, 'shutting down');
  const closed = new Promise((resolve) => server.close(resolve));
  server.closeIdleConnections();
  const force = setTimeout(() => server.closeAllConnections(), SHUTDOWN_GRACE_MS);
  await closed;
  clearTimeout(force);
  await database.knex.destroy();
  logger.info('stopped');
}

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => {
    shutdown(signal).then(
      () => process.exit(0),
      (err) => {
        logger.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  });
}
