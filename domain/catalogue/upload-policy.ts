import type { Role } from '../../db/models/user.js';
import { isAdmin } from '../accounts/roles.js';
import { AppError } from '../core/errors.js';
import type { DomainSettings } from '../core/settings.js';

// The upload policy: who may upload and how large, with its refusals, decided here only. The HTTP
// gates (a multipart request, a tus request) ask it before a byte is read, the schema's `uploader`
// scope before a resolver runs, and uploadMovie and finishUpload again on the bytes themselves.

/** Someone asking to upload: no one (no session), or a user of a role. */
export type Uploader = { role: Role } | null | undefined;

/**
 * Whether `uploader` may upload: admins only, who check what they publish. A yes or no, for the
 * schema's scope, which every request computes (a refusal is an error with its stack: not free).
 */
export function mayUpload(uploader: Uploader): boolean {
  return !!uploader && isAdmin(uploader);
}

/** Why `uploader` may not upload, or null when they may. */
export function uploaderRefusal(uploader: Uploader): AppError | null {
  if (mayUpload(uploader)) return null;
  return uploader
    ? new AppError('FORBIDDEN', 'Only administrators can upload videos.')
    : new AppError('UNAUTHENTICATED', 'Please log in first.');
}

/** Refuses anyone but an admin. */
export function checkUploader(uploader: Uploader): asserts uploader is NonNullable<Uploader> {
  const refusal = uploaderRefusal(uploader);
  if (refusal) throw refusal;
}

/** The one size rule of uploads: refuses `size` bytes over MAX_UPLOAD_BYTES, whether counted or announced. */
export function checkUploadSize(size: number, settings: DomainSettings): void {
  const limit = settings.maxUploadBytes;
  if (size > limit) {
    throw new AppError('PAYLOAD_TOO_LARGE', `The file is larger than the limit of ${limit} bytes.`, { limit });
  }
}

/** The refusal of a file the storage has no room for: the uploader's to hear, not a fault to mask. */
export function noRoomLeft(): AppError {
  return new AppError('PAYLOAD_TOO_LARGE', 'The server has no room left for this file. Please try again later.');
}
