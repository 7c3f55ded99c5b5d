import { ConfigError } from './config/config-error.js';
import { configured, processLogger, started, stopOnSignals } from './process-entry.js';
import { startPlatform } from './start.js';

// `npm run worker`: a process that runs background jobs only (no HTTP listener), on the same
// database and storage as the servers; any number may run, on any machine that reaches them.

const { config, storage } = configured((read) => {
  if (read.jobs.concurrency === 0) {
    throw new ConfigError('JOB_CONCURRENCY', 'must be at least 1 for a worker, which runs jobs only', '0');
  }
});
const logger = processLogger(config);
const worker = await started(() => startPlatform(config, storage, logger, null));
stopOnSignals(worker, config, logger);
logger.info(
  { database: worker.database.kind, concurrency: config.jobs.concurrency },
  'running background jobs (no HTTP listener)',
);
console.error(`Worker ready: running ${config.jobs.concurrency} background job(s) at a time`);
