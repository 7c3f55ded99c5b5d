import type { DataStore } from '@tus/utils';
import type { UploadMetadata } from '../catalogue/upload-metadata.js';
import type { StagedObject } from './storage.js';

/** An upload the protocol still holds (not taken, not expired): how far it got, and what was said at creation. */
export interface HeldUpload {
  id: string;
  /** The announced length; null while the client defers it. */
  size: number | null;
  /** How many bytes arrived: what `HEAD` answers. */
  offset: number;
  metadata: UploadMetadata;
  createdAt: Date;
  /** When the sweep removes it, finished or not. */
  expiresAt: Date;
}

/** A resumable upload taken out of the protocol's reach, for `finishUpload` to accept or refuse. */
export interface TakenUpload {
  /** Whether every byte the client announced has arrived. */
  complete: boolean;
  /** The file name the client gave in the upload's metadata, if any. */
  filename: string | undefined;
  staged: StagedObject;
  /** The SHA-256 of all the bytes, when this process saw every one arrive; else read them back. */
  sha256: string | undefined;
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
  /** Upload `id` of `ownerId` as the protocol holds it, untouched; null when there is none of that owner, or it expired. */
  find(id: string, ownerId: number, now?: number): Promise<HeldUpload | null>;
  /** The uploads of `ownerId` that the protocol holds (neither finished nor expired), newest first. */
  listOf(ownerId: number, now?: number): Promise<HeldUpload[]>;
  /**
   * Removes upload `id` of `ownerId` from the protocol (HEAD answers 404 from then on) and hands its
   * bytes over as a staged object; null when there is no such upload of that owner, or it expired.
   * Only one caller can take an upload.
   */
  take(id: string, ownerId: number): Promise<TakenUpload | null>;
  /** Removes uploads older than the expiry, with their bytes. Returns how many. */
  sweepExpired(now?: number): Promise<number>;
}

/** Whether tus's store refused to read an upload because there is none (any more). */
function isMissingUpload(err: unknown): boolean {
  const status = (err as { status_code?: unknown } | null)?.status_code;
  return status === 404 || status === 410;
}

/**
 * Upload `id` as its tus store reads it (the offset is what `HEAD` answers), if it is still live at
 * `now`; null when there is no such upload or it has expired.
 */
export async function readHeld(
  datastore: DataStore,
  id: string,
  expiryMs: number,
  now: number,
): Promise<HeldUpload | null> {
  let upload;
  try {
    upload = await datastore.getUpload(id);
  } catch (err) {
    if (isMissingUpload(err)) return null;
    throw err;
  }
  const createdAt = new Date(upload.creation_date ?? Number.NaN);
  const expiresAt = new Date(createdAt.getTime() + expiryMs);
  // NaN (no creation date) compares false: such an upload is expired.
  if (!(now <= expiresAt.getTime())) return null;
  return {
    id,
    size: upload.size ?? null,
    offset: upload.offset,
    metadata: upload.metadata ?? {},
    createdAt,
    expiresAt,
  };
}

/** Found uploads, newest first (by id when created in the same millisecond). */
export function newestFirst(found: (HeldUpload | null)[]): HeldUpload[] {
  return found
    .filter((upload) => upload !== null)
    .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || a.id.localeCompare(b.id));
}
