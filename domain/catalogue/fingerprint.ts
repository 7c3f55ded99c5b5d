import { md5 } from '@noble/hashes/legacy.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';

// The server, the browser and the command line all import this module, so it must not import
// anything from Node: the readers that know files (Node) and Blobs (browser) live beside it.

/** Bytes in each of the four samples. */
export const FINGERPRINT_SAMPLE_BYTES = 65536;
const FINGERPRINT = /^[0-9a-f]{32}$/;

/** Reads `length` bytes at `offset` (fewer only at the end of the file). */
export type ReadAt = (offset: number, length: number) => Promise<Uint8Array>;

/** Where the four samples start, in order: 0, ⌊n/3⌋, ⌊2n/3⌋, max(0, n − S). */
export function fingerprintSampleOffsets(size: number): number[] {
  return [0, Math.floor(size / 3), Math.floor((2 * size) / 3), Math.max(0, size - FINGERPRINT_SAMPLE_BYTES)];
}

/**
 * The quick identity of a file of `size` bytes: MD5 over the size in ASCII decimal, then the four
 * samples. It reads at most 4 × 64 KiB, whatever the size.
 */
export async function computeFingerprint(size: number, readAt: ReadAt): Promise<string> {
  const hash = md5.create().update(utf8ToBytes(String(size)));
  for (const offset of fingerprintSampleOffsets(size)) {
    const length = Math.min(size, offset + FINGERPRINT_SAMPLE_BYTES) - offset;
    if (length > 0) hash.update(await readAt(offset, length));
  }
  return bytesToHex(hash.digest());
}

/** A fingerprint as given by a client, lower-cased, or null when it cannot be one. */
export function normaliseFingerprint(raw: string): string | null {
  const fingerprint = raw.trim().toLowerCase();
  return FINGERPRINT.test(fingerprint) ? fingerprint : null;
}
