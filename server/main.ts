import { once } from 'node:events';
import { openDatabase } from '../db/connection.js';
import { createApp } from './app.js';
import { ConfigError, readConfig, type Config } from './config.js';
import { createLogger } from './logger.js';

const SHUTDOWN_GRACE_MS = 10_000;

function configOrExit(): Config {
  try {
    return readConfig();
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    console.error(`configuration error: ${err.message}`);
    process.exit(2);
  }
}

const config = configOrExit();
const logger = createLogger(config.logLevel);
const database = await openDatabase(config.databaseUrl);
const server = createApp(config, database.knex, logger).listen(config.port, config.host);
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
