import { extname } from 'node:path';

/** Room for the name and `.part` within the 255 bytes most file systems allow. */
const MAX_NAME_BYTES = 240;

/**
 * A file name for a video's name as the server gives it, safe to create in the current folder:
 * one path segment (no separators, no `..`), no control characters, not hidden, and short enough
 * in bytes, keeping its extension and any script (Chinese names stay as they are).
 */
export function safeFileName(name: string): string {
  let safe = name
    .normalize('NFC')
    .replace(/[\p{Cc}\p{Cf}/\\]/gu, '_')
    .trim()
    .replace(/^\.+/, '');
  if (!safe) safe = 'video';
  const extension = extname(safe).length <= 16 ? extname(safe) : '';
  let stem = safe.slice(0, safe.length - extension.length);
  while (Buffer.byteLength(stem + extension) > MAX_NAME_BYTES) stem = [...stem].slice(0, -1).join('');
  return (stem || 'video') + extension;
}
