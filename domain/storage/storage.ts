import type { Readable } from 'node:stream';

// The storage contract, in this project's own words: what the rules ask of the bytes, whichever
// backend keeps them. No protocol's types appear here; the tus protocol reaches the stores through
// tus-store.ts, which only the upload transport takes.

/** Bytes received but not yet accepted: invisible under any key until `commit`. */
export interface StagedObject {
  readonly size: number;
  /**
   * A fresh movie key under which `commit` keeps the bytes without copying them, when the store
   * has one (S3 streams an upload straight there; under any other key it would copy every byte).
   */
  readonly movieKey?: string;
  /** `length` bytes at `offset` (fewer only at the end): the fingerprint's samples. */
  readAt(offset: number, length: number): Promise<Uint8Array>;
  /** All the bytes, from the start (to hash what a resumable upload left on disk). */
  openRead(): Promise<Readable>;
  /** Moves the bytes under `key`, where readers find them. Idempotent. */
  commit(key: string): Promise<void>;
  /** Removes the bytes, staged or committed. Idempotent. */
  discard(): Promise<void>;
}

export interface ByteRange {
  start: number;
  /** Inclusive, as in HTTP ranges. */
  end: number;
}

/** What `stat` finds under a key. */
export interface StoredObject {
  size: number;
  /** When the bytes were last written (`Last-Modified`). */
  modified: Date;
}

/** A stored object opened for one reader: what it is, its bytes, and the end of the reading. */
export interface OpenedObject extends StoredObject {
  /**
   * The bytes of `range`: a buffer when they are few, else a stream; null when they went since
   * the object was opened (deleted in between).
   */
  bytes(range: ByteRange): Promise<Buffer | Readable | null>;
  /** The reader is done (its answer ended or broke off): the store may close what it held. Idempotent. */
  release(): void;
}

/** One stored object of a `list`. */
export interface ListedObject {
  key: string;
  size: number;
}

/** What a pre-signed download URL makes the store answer with. */
export interface PresignOptions {
  /** The name a browser saves the bytes under. */
  filename: string;
  contentType: string;
  /** Played in the page (`Content-Disposition: inline`) rather than saved. */
  inline: boolean;
  expiresInSeconds: number;
}

/** An upload the store still holds (not taken, not expired): how far it got, and what was said at creation. */
export interface HeldUpload {
  id: string;
  /** The announced length; null while the client defers it. */
  size: number | null;
  /** How many bytes arrived: what `HEAD` answers. */
  offset: number;
  /** What the client said about the upload when it created it, as keys and values, and its owner. */
  metadata: Record<string, string | null>;
  createdAt: Date;
  /** When the sweep removes it, finished or not. */
  expiresAt: Date;
}

/** A resumable upload taken out of the protocol's reach, for `finishUpload` to accept or refuse. */
export interface TakenUpload {
  /** Whether every byte the client announced has arrived. */
  complete: boolean;
  /** The file name the client gave in the upload's metadata, if any. */
  filename: string | undefined;
  staged: StagedObject;
  /** The SHA-256 of all the bytes, when this process saw every one arrive; else read them back. */
  sha256: string | undefined;
}

/**
 * Uploads that arrive in as many requests as the client needs, each owned by the admin who created
 * it. Their state (announced length, owner, metadata) is kept beside their bytes, so it survives a
 * restart and any process can continue or finish one.
 */
export interface ResumableUploads {
  /** The id of the user who created upload `id`, or null when there is no such upload. */
  ownerOf(id: string): Promise<number | null>;
  /** Upload `id` of `ownerId` as the store holds it, untouched; null when there is none of that owner, or it expired. */
  find(id: string, ownerId: number, now?: number): Promise<HeldUpload | null>;
  /** The uploads of `ownerId` that the store holds (neither finished nor expired), newest first. */
  listOf(ownerId: number, now?: number): Promise<HeldUpload[]>;
  /** Every upload the store holds (neither finished nor expired), whoever created it, newest first. */
  listAll(now?: number): Promise<HeldUpload[]>;
  /**
   * Removes upload `id` of `ownerId` from the protocol (HEAD answers 404 from then on) and hands its
   * bytes over as a staged object; null when there is no such upload of that owner, or it expired.
   * Only one caller can take an upload.
   */
  take(id: string, ownerId: number): Promise<TakenUpload | null>;
  /** Removes uploads older than the expiry, with their bytes. Returns how many. */
  sweepExpired(now?: number): Promise<number>;
}

/**
 * Where video files and posters live: the local disk under MEDIA_DIR, or an S3-compatible bucket.
 * Put is `stage` then `commit`; everything else is what every backend can do (a ranged read, stat,
 * delete, list by prefix), so that no caller needs a file on this machine.
 */
export interface Storage {
  /**
   * Streams `source` to a staging place; rejects (leaving nothing) when `source` errors. It must
   * take `source`'s errors synchronously: an error emitted with no listener ends the process.
   */
  stage(source: Readable): Promise<StagedObject>;
  /** Uploads that arrive in many requests; `take` hands one over staged, like `stage`. */
  readonly resumable: ResumableUploads;
  /** The bytes under `key`, whole or one range; rejects when nothing is stored there. */
  openRead(key: string, range?: ByteRange): Promise<Readable>;
  /** The size and time of what is under `key`, or null when nothing is stored there. */
  stat(key: string): Promise<StoredObject | null>;
  /**
   * What is under `key`, opened to answer one request (the media path: its size and time for the
   * validators, then its bytes), or null when nothing is stored there. The caller releases it.
   */
  openObject(key: string): Promise<OpenedObject | null>;
  /** The stored objects whose keys start with `prefix` (staging and unfinished uploads excluded). */
  list(prefix: string): AsyncIterable<ListedObject>;
  /**
   * Where ffprobe and ffmpeg read `key`'s bytes from: a file path, or a short-lived URL that needs
   * no credentials.
   */
  toolInput(key: string): Promise<string>;
  /**
   * A short-lived URL at which the store itself hands out `key`'s bytes, for stores that can
   * (the media route then redirects there instead of passing the bytes through).
   */
  presignedUrl?(key: string, options: PresignOptions): Promise<string>;
  /** Removes what is under `key` (nothing there is fine). */
  delete(key: string): Promise<void>;
  /** Makes sure bytes can be stored, at start; throws with a reason a person can read. */
  prepare(): Promise<void>;
  /** Throws when the store does not answer (the health check). */
  check(): Promise<void>;
  /** Removes what interrupted uploads left in staging (run at start and now and then). Returns how many. */
  removeLeftovers(): Promise<number>;
  /** Removes this process's own unfinished uploads; called at shutdown, once no request is in flight. */
  close(): Promise<void>;
}
