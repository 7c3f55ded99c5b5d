import { computeFingerprint } from '../../../domain/catalogue/fingerprint';

/** The fingerprint of a file the browser holds, read in four slices whatever its size. */
export function fingerprintOfBlob(blob: Blob): Promise<string> {
  return computeFingerprint(blob.size, async (offset, length) => {
    return new Uint8Array(await blob.slice(offset, offset + length).arrayBuffer());
  });
}
