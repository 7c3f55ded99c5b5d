import { open, type FileHandle } from 'node:fs/promises';
import { computeFingerprint, type ReadAt } from './fingerprint.js';

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

/** The fingerprint of a file on disk. */
export async function fingerprintOfFile(path: string): Promise<string> {
  const handle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    return await computeFingerprint(size, fileReader(handle));
  } finally {
    await handle.close();
  }
}
