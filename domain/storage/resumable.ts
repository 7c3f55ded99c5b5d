import type { DataStore } from '@tus/utils';
import type { StagedObject } from './storage.js';

/** A resumable upload taken out of the protocol's reach, for `finishUpload` to accept or refuse. */
export interface TakenUpload {
  /** Whether every byte the client announced has arrived. */
  complete: boolean;
  /** The file name the client gave in the upload's metadata, if any. */
  filename: string | undefined;
  staged: StagedObject;
}

/**
 * Uploads that arrive over the tus protocol, in as many requests as the client needs. Their state
 * (announced length, owner, metadata) is kept beside their bytes, so it survives a restart.
 */
export interface ResumableUploads {
  /** The tus data store the `/uploads` route writes through. */
  readonly datastore: DataStore;
  /** The tus metadata key that names an upload's owner; set by the server, whatever a client sends. */
  readonly ownerKey: string;
  /** The id of the user who created upload `id`, or null when there is no such upload. */
  ownerOf(id: string): Promise<number | null>;
  /**
   * Removes upload `id` of `ownerId` from the protocol (HEAD answers 404 from then on) and hands its
   * bytes over as a staged object; null when there is no such upload of that owner, or it expired.
   * Only one caller can take an upload.
   */
  take(id: string, ownerId: number): Promise<TakenUpload | null>;
  /** Removes uploads older than the expiry, with their bytes. Returns how many. */
  sweepExpired(now?: number): Promise<number>;
}
