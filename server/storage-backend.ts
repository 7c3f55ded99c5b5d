import { LocalStorage } from '../domain/storage/local-storage.js';
import type { Storage } from '../domain/storage/storage.js';
import { ConfigError, type Config } from './config.js';

/** The storage the configuration names: local files under MEDIA_DIR (S3 comes with STORAGE_URL). */
export function createStorage(config: Config): Storage {
  if (config.storageUrl) {
    throw new ConfigError(
      'STORAGE_URL',
      'is not supported by this version yet; unset it to store files under MEDIA_DIR',
      config.storageUrl,
    );
  }
  return new LocalStorage(config.mediaDir, { uploadExpirySeconds: config.uploadExpirySeconds });
}
