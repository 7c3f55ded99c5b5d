// What a resumable upload's metadata (tus `Upload-Metadata`) holds: written by the clients at
// creation, kept by the server, read back by `resumableUploads`. Pure, for the server, the browser
// and the CLI alike.

/** A resumable upload's metadata: keys and values, a value may be absent. */
export type UploadMetadata = Record<string, string | null>;

/**
 * What the uploader chose before a byte was sent, kept with the upload so that a resumed upload
 * (after a reload, on another day) becomes the video that was chosen, not a default.
 */
export interface UploadChoices {
  /** The file's own name: it names the video when no `name` is given. */
  filename: string | null;
  name: string | null;
  description: string | null;
  isFree: boolean | null;
  /** The file's fingerprint, to tell whether a file picked to resume is the same file. */
  fingerprint: string | null;
}

const KEYS = ['filename', 'name', 'description', 'isFree', 'fingerprint'] as const;
const KEPT = new Set<string>(KEYS);

/** The metadata a client sends when it creates an upload; what is not chosen is left out. */
export function metadataOf(choices: Partial<UploadChoices>): Record<string, string> {
  const metadata: Record<string, string> = {};
  for (const key of KEYS) {
    const value = choices[key];
    if (value !== null && value !== undefined) metadata[key] = String(value);
  }
  return metadata;
}

/** The choices read back from an upload's metadata; a value absent, or not one (isFree neither true nor false), is null. */
export function choicesOf(metadata: UploadMetadata): UploadChoices {
  const text = (key: (typeof KEYS)[number]) => metadata[key] ?? null;
  const isFree = text('isFree');
  return {
    filename: text('filename'),
    name: text('name'),
    description: text('description'),
    isFree: isFree === 'true' ? true : isFree === 'false' ? false : null,
    fingerprint: text('fingerprint'),
  };
}

/**
 * What the server stores of a client's metadata: the keys above and nothing else (a store may act
 * on others, as tus's S3 store sends `contentType` on as a header), then the owner, which only the
 * server sets.
 */
export function keptMetadata(given: UploadMetadata | undefined, owner: UploadMetadata): UploadMetadata {
  const kept = Object.entries(given ?? {}).filter(([key]) => KEPT.has(key));
  return { ...Object.fromEntries(kept), ...owner };
}
