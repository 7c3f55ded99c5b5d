import type { Storage } from '../storage/storage.js';
import { choicesOf, type UploadChoices } from './upload-metadata.js';

/** An upload its creator has not finished: how far it got, and what was chosen for it at creation. */
export interface UnfinishedUpload extends UploadChoices {
  id: string;
  size: number;
  offset: number;
  createdAt: Date;
  expiresAt: Date;
}

/**
 * The uploads `ownerId` created and has not finished (all bytes there or not), newest first. One of
 * deferred length has no size to resume against; no client of ours defers it, and it is left out.
 */
export async function unfinishedUploadsOf(storage: Storage, ownerId: number, now: Date): Promise<UnfinishedUpload[]> {
  const held = await storage.resumable.listOf(ownerId, now.getTime());
  return held.flatMap(({ id, size, offset, metadata, createdAt, expiresAt }) =>
    size === null ? [] : [{ id, size, offset, createdAt, expiresAt, ...choicesOf(metadata) }],
  );
}
