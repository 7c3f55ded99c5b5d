import { announceFirstAdmin } from './first-admin.js';
import { configured, processLogger, started, stopOnSignals } from './process-entry.js';
import { startPlatform } from './start.js';

// `npm start`: the server, which also runs background jobs unless RUN_JOBS=false.

const { config, storage } = configured();
const logger = processLogger(config);
const platform = await started(() => startPlatform(config, storage, logger, { host: config.host, port: config.port }));
// Before the lines that say it is up: whoever reads them may signal at once.
stopOnSignals(platform, config, logger);
logger.info(
  { database: platform.database.kind, runsJobs: config.runJobs },
  `listening on http://${config.host}:${platform.port} (GraphiQL at /graphql)`,
);
// For the person who ran `npm start`: where to go, as a plain line beside the JSON log.
const shown = ['0.0.0.0', '::'].includes(config.host) ? 'localhost' : config.host;
console.error(`Ready: open http://${shown}:${platform.port}/ (the API and GraphiQL are at /graphql)`);
announceFirstAdmin(platform.firstAdmin, logger);
