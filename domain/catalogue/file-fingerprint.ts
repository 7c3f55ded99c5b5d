import { open } from 'node:fs/promises';
import { fileReader } from '../storage/file-reader.js';
import { computeFingerprint } from './fingerprint.js';

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
