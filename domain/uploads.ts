import { createHash } from 'node:crypto';
import { Transform, type Readable } from 'node:stream';
import type { Knex } from 'knex';
import { isUniqueViolation } from '../db/errors.js';
import { Movie } from '../db/models/movie.js';
import { inTransaction } from '../db/transaction.js';
import { AppError, badInput } from './errors.js';
import { computeFingerprint, normaliseFingerprint } from './fingerprint.js';
import { nameFromFilename, normaliseMovieName, searchKeyOf } from './movie-names.js';
import type { DomainSettings } from './settings.js';
import { newMediaKey } from './storage/keys.js';
import type { StagedObject, Storage } from './storage/storage.js';

/** A file arriving in a request. Its stream may fail with an error that carries an HTTP `status`. */
export interface IncomingFile {
  filename: string;
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

/**
 * What went wrong in an upload's transport as a refusal a person can read, when it is the
 * client's doing: graphql-upload's http-errors carry a status, the multipart parser's own errors
 * carry nothing. An error of the system (an errno: disk full, I/O) stays a fault, logged and masked.
 */
function asClientFailure(err: unknown, limit: number): unknown {
  if (err instanceof AppError) return err;
  const { status, syscall } = (err ?? {}) as { status?: unknown; syscall?: unknown };
  if (syscall !== undefined || (typeof status === 'number' && status >= 500)) return err;
  if (status === 413) return tooLarge(limit);
  if (status === 499) return badInput('The upload was interrupted before the whole file arrived.', 'file');
  return badInput(`The upload could not be read: ${(err as Error)?.message ?? 'malformed request'}.`, 'file');
}

/** graphql-upload throws from `createReadStream()` when the file already failed (e.g. too large). */
function openOrRefuse(file: IncomingFile, limit: number): Readable {
  try {
    return file.open();
  } catch (err) {
    throw asClientFailure(err, limit);
  }
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
  const source = openOrRefuse(file, limit);
  source.on('error', (err) => meter.destroy(asClientFailure(err, limit) as Error));
  // Whatever fails (the client, the limit or the disk), the parser's stream is read to its end
  // and thrown away, so that its temporary file is freed (destroying it instead resets the
  // client's connection); and no 'error' is ever left without a listener.
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
  const fingerprint = normaliseFingerprint(input.fingerprint);
  if (!fingerprint) throw badInput('The fingerprint must be 32 hexadecimal digits (an MD5).', 'fingerprint');
  const givenName = input.name == null ? null : normaliseMovieName(input.name);
  const limit = deps.settings.maxUploadBytes;
  const file = await input.file.catch((err: unknown) => Promise.reject(asClientFailure(err, limit)));
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
