import type { DataStore } from '@tus/utils';
import type { HeldUpload } from './storage.js';
import { OWNER_KEY } from './tus-store.js';

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

/** The uploads of `ownerId`: the owner is kept in the metadata, where only the server writes it. */
export function ownedBy(uploads: HeldUpload[], ownerId: number): HeldUpload[] {
  return uploads.filter((upload) => upload.metadata[OWNER_KEY] === String(ownerId));
}
