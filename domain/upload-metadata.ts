/** A resumable upload's metadata (tus `Upload-Metadata`): keys and values, a value may be absent. */
export type UploadMetadata = Record<string, string | null>;

/** The keys the server reads from what a client gave at creation; any other is dropped. */
const KEPT = new Set(['filename']);

/**
 * What the server stores of a client's metadata: the keys it reads and nothing else (a store may act
 * on others, as tus's S3 store sends `contentType` on as a header), then the owner, which only the
 * server sets.
 */
export function keptMetadata(given: UploadMetadata | undefined, owner: UploadMetadata): UploadMetadata {
  const kept = Object.entries(given ?? {}).filter(([key]) => KEPT.has(key));
  return { ...Object.fromEntries(kept), ...owner };
}
