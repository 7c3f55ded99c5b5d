import { LocalStorage } from '../domain/storage/local-storage.js';
import { S3Storage } from '../domain/storage/s3-storage.js';
import type { TusStorage } from '../domain/storage/tus-store.js';
import type { Config } from './config/config.js';

/** The storage the configuration names: the bucket of STORAGE_URL when set, else files under MEDIA_DIR. */
export function createStorage(config: Config): TusStorage {
  if (config.s3) {
    // The AWS SDK's notice that its releases from 2027 need Node 22 comes as ten lines on stderr at
    // start, where an operator expects one line or none; docs/development.md says which Node versions run.
    process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
    return new S3Storage(config.s3, {
      maxUploadBytes: config.settings.maxUploadBytes,
      uploadExpirySeconds: config.uploadExpirySeconds,
      toolSeconds: config.media.timeoutSeconds,
    });
  }
  return new LocalStorage(config.mediaDir, {
    uploadExpirySeconds: config.uploadExpirySeconds,
    // The media path's one bound: a ticket's answer and the file it opens are both this fresh.
    openFileCheckMs: config.ticketCheckCacheMs,
  });
}
