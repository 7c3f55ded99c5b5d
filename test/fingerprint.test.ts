import { open, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fingerprintOfFile } from '../domain/catalogue/file-fingerprint.js';
import { computeFingerprint, FINGERPRINT_SAMPLE_BYTES, normaliseFingerprint } from '../domain/catalogue/fingerprint.js';
import vectors from './fixtures/fingerprint-vectors.json' with { type: 'json' };

/** Bytes [start, end) of the vectors' pattern file: byte i is i mod 251. */
function pattern(start: number, end: number): Buffer {
  const bytes = Buffer.alloc(end - start);
  for (let i = 0; i < bytes.length; i++) bytes[i] = (start + i) % 251;
  return bytes;
}

const WHOLE_FILE_LIMIT = 16 * 1024 * 1024;

/**
 * Writes the pattern file of `size` bytes: whole when small, else sparse with only the sampled ranges
 * written, at offsets computed here from the definition rather than by the code under test.
 */
async function writePatternFile(path: string, size: number): Promise<void> {
  const handle = await open(path, 'w');
  try {
    if (size <= WHOLE_FILE_LIMIT) {
      await handle.write(pattern(0, size), 0, size, 0);
      return;
    }
    await handle.truncate(size);
    const S = FINGERPRINT_SAMPLE_BYTES;
    for (const offset of [0, Math.floor(size / 3), Math.floor((2 * size) / 3), size - S]) {
      await handle.write(pattern(offset, offset + S), 0, S, offset);
    }
  } finally {
    await handle.close();
  }
}

describe('fingerprint', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'fingerprint-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it.each(vectors.vectors)('matches the committed vector for $size bytes', async ({ size, fingerprint }) => {
    const path = join(dir, `pattern-${size}`);
    await writePatternFile(path, size);
    expect(await fingerprintOfFile(path)).toBe(fingerprint);
    await rm(path);
  });

  it('reads at most four 64 KiB samples whatever the size', async () => {
    const size = 10 * 1024 ** 4;
    const reads: number[] = [];
    const fingerprint = await computeFingerprint(size, (offset, length) => {
      reads.push(length);
      return Promise.resolve(Buffer.alloc(length));
    });
    expect(fingerprint).toMatch(/^[0-9a-f]{32}$/);
    expect(reads).toHaveLength(4);
    expect(Math.max(...reads)).toBe(FINGERPRINT_SAMPLE_BYTES);
  });

  it('accepts only 32 hex digits, in either case', () => {
    expect(normaliseFingerprint(' ABCDEF0123456789abcdef0123456789 ')).toBe('abcdef0123456789abcdef0123456789');
    expect(normaliseFingerprint('abc')).toBeNull();
    expect(normaliseFingerprint('g'.repeat(32))).toBeNull();
    expect(normaliseFingerprint('a'.repeat(33))).toBeNull();
  });
});
