import { createHash } from 'node:crypto';
import { open, type FileHandle } from 'node:fs/promises';

/** Bytes in each of the four samples. */
export const FINGERPRINT_SAMPLE_BYTES = 65536;
const FINGERPRINT = /^[0-9a-f]{32}$/;

/** Reads `length` bytes at `offset` (fewer only at the end of the file). */
export type ReadAt = (offset: number, length: number) => Promise<Buffer>;

/** Where the four samples start, in order: 0, ⌊n/3⌋, ⌊2n/3⌋, max(0, n − S). */
export function fingerprintSampleOffsets(size: number): number[] {
  return [0, Math.floor(size / 3), Math.floor((2 * size) / 3), Math.max(0, size - FINGERPRINT_SAMPLE_BYTES)];
}

/**
 * The quick identity of a file of `size` bytes: MD5 over the size in ASCII decimal, then the four
 * samples. It reads at most 4 × 64 KiB, whatever the size.
 */
export async function computeFingerprint(size: number, readAt: ReadAt): Promise<string> {
  const md5 = createHash('md5').update(String(size));
  for (const offset of fingerprintSampleOffsets(size)) {
    const length = Math.min(size, offset + FINGERPRINT_SAMPLE_BYTES) - offset;
    if (length > 0) md5.update(await readAt(offset, length));
  }
  return md5.digest('hex');
}

/** Reads exactly `length` bytes at `offset` of an open file, looping over short reads. */
export function fileReader(handle: FileHandle): ReadAt {
  return async (offset, length) => {
    const buffer = Buffer.alloc(length);
    let filled = 0;
    while (filled < length) {
      const { bytesRead } = await handle.read(buffer, filled, length - filled, offset + filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    return buffer.subarray(0, filled);
  };
}

/** The fingerprint of a file on disk (for scripts and tests; clients compute it the same way). */
export async function fingerprintOfFile(path: string): Promise<string> {
  const handle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    return await computeFingerprint(size, fileReader(handle));
  } finally {
    await handle.close();
  }
}

/** A fingerprint as given by a client, lower-cased, or null when it cannot be one. */
export function normaliseFingerprint(raw: string): string | null {
  const fingerprint = raw.trim().toLowerCase();
  return FINGERPRINT.test(fingerprint) ? fingerprint : null;
}
