import type { DataStore } from '@tus/utils';
import type { Storage } from './storage.js';

/**
 * The metadata key under which a resumable upload's owner is kept: the transport sets it at
 * creation, whatever the client sends, and `ResumableUploads.ownerOf` reads it.
 */
export const OWNER_KEY = 'owner';

/**
 * A storage whose resumable uploads arrive over the tus protocol. Its tus data store is for the
 * upload transport alone (server/uploads/resumable-uploads.ts): the contract the rules use
 * (`Storage`, `ResumableUploads`) says nothing of tus. The store is made here, beside the backend,
 * because what tus writes (files and their state, or a bucket's keys, multipart uploads and claims)
 * and what `resumable.take` reads back are one layout, with one running hash per upload.
 */
export interface TusStorage extends Storage {
  /** tus's data store over the bytes and state that `resumable` reads, made on first use. */
  tusStore(): DataStore;
}
