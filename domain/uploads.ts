import { createHash } from 'node:crypto';
import { Transform, type Readable } from 'node:stream';
import type { Knex } from 'knex';
import { isUniqueViolation } from '../db/errors.js';
import { Movie } from '../db/models/movie.js';
import { inTransaction } from '../db/transaction.js';
import { AppError, badInput } from './errors.js';
import { computeFingerprint, normaliseFingerprint } from './fingerprint.js';
import { enqueueMediaJobs } from './media/media-jobs.js';
import { extensionOf, nameFromFilename, normaliseMovieName, searchKeyOf } from './movie-names.js';
import type { DomainSettings } from './settings.js';
import { newMediaKey } from './storage/keys.js';
import type { StagedObject, Storage } from './storage/storage.js';

/**
 * A file arriving in a request. Its stream fails with an AppError when the client is at fault (the
 * request broke off, a second file came); any other error is a fault of the system.
 */
export interface IncomingFile {
  /** As the client sent it; a part may come without one. */
  filename: string | undefined;
  open(): Readable;
}

export interface UploadInput {
  file: Promise<IncomingFile>;
  isFree: boolean;
  fingerprint: string;
  name?: string | null;
  uploaderId: number;
}

export interface UploadDeps {
  db: Knex;
  storage: Storage;
  settings: DomainSettings;
  /** Aborted when the request is gone: nothing is kept then. */
  signal: AbortSignal;
}

function tooLarge(limit: number): AppError {
  return new AppError('PAYLOAD_TOO_LARGE', `The file is larger than the limit of ${limit} bytes.`, { limit });
}

/** Stages the bytes while counting them and hashing them with SHA-256, refusing more than `limit`. */
async function receive(storage: Storage, file: IncomingFile, limit: number) {
  const sha256 = createHash('sha256');
  let received = 0;
  const meter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      received += chunk.length;
      if (received > limit) return done(tooLarge(limit));
      sha256.update(chunk);
      done(null, chunk);
    },
  });
  const source = file.open();
  source.on('error', (err) => meter.destroy(err));
  // Whatever fails (the client, the limit or the disk), the rest of the file is read and thrown
  // away, so that the request can end (destroying it instead resets the client's connection);
  // and no 'error' is ever left without a listener.
  const drain = () => source.unpipe(meter).resume();
  meter.on('error', drain);
  try {
    const staged = await storage.stage(source.pipe(meter));
    return { staged, sha256: sha256.digest('hex') };
  } catch (err) {
    drain();
    throw err;
  }
}

async function accept(deps: UploadDeps, staged: StagedObject, row: Record<string, unknown>): Promise<Movie> {
  const key = newMediaKey();
  try {
    return await inTransaction(deps.db, async (trx) => {
      const [id] = await trx('movies').insert({ ...row, storage_key: key });
      await enqueueMediaJobs(trx, id!);
      await staged.commit(key);
      return Movie.query(trx).findById(id!).throwIfNotFound();
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw new AppError('CONFLICT', 'This video was already uploaded (same SHA-256).');
    throw err;
  }
}

/**
 * Streams an upload to storage and keeps it only when it is whole, not empty, within the size limit,
 * matches the fingerprint the client gave and is not a duplicate of a live movie. Whatever the
 * refusal, no row and no file remain.
 */
export async function uploadMovie(deps: UploadDeps, input: UploadInput): Promise<Movie> {
  const limit = deps.settings.maxUploadBytes;
  // Handled before any check below can throw: a file that fails to arrive (a part the map names but
  // the request never sends) must never be a rejection that nobody handles.
  const arriving = input.file;
  arriving.catch(() => undefined);
  const fingerprint = normaliseFingerprint(input.fingerprint);
  if (!fingerprint) throw badInput('The fingerprint must be 32 hexadecimal digits (an MD5).', 'fingerprint');
  const givenName = input.name == null ? null : normaliseMovieName(input.name);
  const file = await arriving;
  const name = givenName ?? nameFromFilename(file.filename);
  const { staged, sha256 } = await receive(deps.storage, file, limit);
  try {
    if (staged.size === 0) throw badInput('The file is empty.', 'file');
    if ((await computeFingerprint(staged.size, staged.readAt)) !== fingerprint) {
      throw badInput('The fingerprint does not match the uploaded file.', 'fingerprint');
    }
    if (deps.signal.aborted) throw badInput('The upload was interrupted before it could be saved.', 'file');
    return await accept(deps, staged, {
      name,
      search_key: searchKeyOf(name),
      file_extension: extensionOf(file.filename),
      is_free: input.isFree,
      size: staged.size,
      fingerprint,
      sha256,
      live_sha256: sha256,
      uploader_id: input.uploaderId,
      uploaded_at: new Date(),
      is_deleted: false,
    });
  } catch (err) {
    await staged.discard();
    throw err;
  }
}
