import { computeFingerprint } from '../domain/fingerprint.js';

/** The benchmark file: byte i is i mod 251, produced without holding the file in memory. */
const PERIOD = 251;
const BLOCK = Buffer.alloc(PERIOD * 4177); // ~1 MiB, a whole number of periods
for (let i = 0; i < BLOCK.length; i++) BLOCK[i] = i % PERIOD;

export function* patternChunks(size: number): Generator<Buffer> {
  for (let sent = 0; sent < size; sent += BLOCK.length) {
    yield sent + BLOCK.length <= size ? BLOCK : BLOCK.subarray(0, size - sent);
  }
}

function patternAt(offset: number, length: number): Buffer {
  const bytes = Buffer.alloc(length);
  for (let i = 0; i < length; i++) bytes[i] = (offset + i) % PERIOD;
  return bytes;
}

export function patternFingerprint(size: number): Promise<string> {
  return computeFingerprint(size, async (offset, length) => patternAt(offset, length));
}
