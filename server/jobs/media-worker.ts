import type { Knex } from 'knex';
import { jobQueue } from '../../domain/jobs/job-queue.js';
import { JobWorker } from '../../domain/jobs/job-worker.js';
import { mediaJobHandlers } from '../../domain/media/media-jobs.js';
import { findMediaTools } from '../../domain/media/tools.js';
import type { Storage } from '../../domain/storage/storage.js';
import type { Config } from '../config/config.js';
import type { Logger } from '../observability/logger.js';

/**
 * Starts the background worker of this process (JOB_CONCURRENCY jobs at once; none when 0). A tool
 * that is missing is named once in the log, and its jobs wait in the database for a process that has it.
 */
export async function startJobWorker(config: Config, db: Knex, storage: Storage, logger: Logger): Promise<JobWorker> {
  const log = logger.child({ component: 'jobs' });
  const { tools, found } = await findMediaTools(config.media);
  if (!found.ffprobe) {
    log.warn(
      { ffprobe: config.media.ffprobePath },
      'ffprobe not found, or it cannot start within MEDIA_MEMORY_LIMIT_MB: videos wait unprobed until the server is restarted with it',
    );
  }
  if (!found.ffmpeg) {
    log.warn(
      { ffmpeg: config.media.ffmpegPath },
      'ffmpeg not found, or it cannot start within MEDIA_MEMORY_LIMIT_MB: videos wait without a poster until the server is restarted with it',
    );
  }
  if (!tools.canLimitMemory && config.media.memoryLimitMb > 0) {
    log.warn('prlimit not found: ffprobe and ffmpeg run without the MEDIA_MEMORY_LIMIT_MB limit');
  }
  if (!tools.canDieWithProcess) {
    log.warn('setpriv not found: an ffmpeg run outlives this process when it is killed (kill -9), until it ends');
  }
  const queue = jobQueue(db);
  const renditionHeights = config.renditionHeights;
  const handlers = mediaJobHandlers({ db, queue, storage, tools, log, renditionHeights }, found);
  const worker = new JobWorker(queue, handlers, config.jobs, log);
  worker.start();
  return worker;
}
