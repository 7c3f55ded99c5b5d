import { createCipheriv } from 'node:crypto';
import { computeFingerprint } from '../domain/catalogue/fingerprint.js';

/**
 * The benchmark file: AES-128-CTR's keystream, so that any range can be made without holding the
 * file, and the bytes neither compress nor repeat. (A repeating pattern let a virtual disk that
 * deduplicates or compresses blocks write the baseline at several times the disk's real speed.)
 */
const KEY = Buffer.alloc(16, 7);
const AES_BLOCK = 16;
const CHUNK = 1024 * 1024;

function patternAt(offset: number, length: number): Buffer {
  const first = Math.floor(offset / AES_BLOCK);
  const counter = Buffer.alloc(AES_BLOCK);
  counter.writeBigUInt64BE(BigInt(first), 8);
  const skip = offset - first * AES_BLOCK;
  const cipher = createCipheriv('aes-128-ctr', KEY, counter);
  return cipher.update(Buffer.alloc(skip + length)).subarray(skip);
}

export function* patternChunks(size: number): Generator<Buffer> {
  for (let sent = 0; sent < size; sent += CHUNK) yield patternAt(sent, Math.min(CHUNK, size - sent));
}

export function patternFingerprint(size: number): Promise<string> {
  return computeFingerprint(size, (offset, length) => Promise.resolve(patternAt(offset, length)));
}
