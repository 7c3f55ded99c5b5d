import { createHash } from 'node:crypto';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Knex } from 'knex';
import { isUniqueViolation } from '../../db/errors.js';
import { Movie } from '../../db/models/movie.js';
import type { Role } from '../../db/models/user.js';
import { inTransaction } from '../../db/transaction.js';
import { AppError, badInput, notFound } from '../core/errors.js';
import { computeFingerprint, normaliseFingerprint } from './fingerprint.js';
import { enqueueMediaJobs } from '../media/media-jobs.js';
import { normaliseDescription } from './descriptions.js';
import { extensionOf, nameColumnsOf, nameFromFilename, normaliseMovieName } from './movie-names.js';
import type { DomainSettings } from '../core/settings.js';
import { checkUploader, checkUploadSize, noRoomLeft } from './upload-policy.js';
import { newMediaKey } from '../storage/keys.js';
import { isOutOfSpace } from '../storage/out-of-space.js';
import type { StagedObject, Storage } from '../storage/storage.js';

/**
 * A file arriving in a request. Its stream fails with an AppError when the client is at fault (the
 * request broke off, a second file came); any other error is a fault of the system.
 */
export interface IncomingFile {
  /** As the client sent it; a part may come without one. */
  filename: string | undefined;
  open(): Readable;
}

/** What the uploader says about a video, whichever way its bytes came. */
export interface MovieArguments {
  isFree: boolean;
  fingerprint: string;
  name?: string | null;
  /** Plain text shown with the video; empty when not given. */
  description?: string | null;
  /** Who uploads: the upload policy decides whether they may. */
  uploader: { id: number; role: Role };
}

export interface UploadInput extends MovieArguments {
  file: Promise<IncomingFile>;
}

export interface FinishInput extends MovieArguments {
  uploadId: string;
}

export interface UploadDeps {
  db: Knex;
  storage: Storage;
  settings: DomainSettings;
  /** Aborted when the request is gone: nothing is kept then. */
  signal: AbortSignal;
}

/** Bytes in storage, not yet accepted, as either transport delivers them. */
export interface ReceivedFile {
  staged: StagedObject;
  sha256: string;
  /** As the client sent it, if it did. */
  filename: string | undefined;
}

interface CheckedArguments {
  isFree: boolean;
  fingerprint: string;
  /** The name the uploader gave, checked; null: the file's name is taken. */
  givenName: string | null;
  description: string;
  uploaderId: number;
}

/** Checked before any byte is read, so that a bad argument is refused at once. */
function checkArguments(args: MovieArguments): CheckedArguments {
  const fingerprint = normaliseFingerprint(args.fingerprint);
  if (!fingerprint) throw badInput('The fingerprint must be 32 hexadecimal digits (an MD5).', 'fingerprint');
  const givenName = args.name == null ? null : normaliseMovieName(args.name);
  const description = normaliseDescription(args.description ?? '');
  return { isFree: args.isFree, fingerprint, givenName, description, uploaderId: args.uploader.id };
}

/** Stages the bytes while counting them and hashing them with SHA-256, refusing more than the limit. */
async function receive(deps: UploadDeps, file: IncomingFile): Promise<ReceivedFile> {
  const sha256 = createHash('sha256');
  let received = 0;
  const meter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      received += chunk.length;
      try {
        checkUploadSize(received, deps.settings);
      } catch (err) {
        return done(err as AppError);
      }
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
    const staged = await deps.storage.stage(source.pipe(meter));
    return { staged, sha256: sha256.digest('hex'), filename: file.filename };
  } catch (err) {
    drain();
    throw isOutOfSpace(err) ? noRoomLeft() : err;
  }
}

/** Reads staged bytes back: a resumable upload's bytes may have come to a process that has since stopped, or to several. */
async function sha256Of(staged: StagedObject): Promise<string> {
  const sha256 = createHash('sha256');
  await pipeline(await staged.openRead(), sha256);
  return sha256.digest('hex');
}

interface MovieRow {
  sha256: string;
  [column: string]: unknown;
}

/**
 * Whether a movie row names `key`. A store that cannot let only one caller take a resumable upload
 * (Swift lets two aborts of one claim both succeed when they meet) may hand the same bytes to two
 * finishUpload calls at once: the one that loses must leave them to the one that won.
 */
async function movieStoredAt(db: Knex, key: string | undefined): Promise<boolean> {
  return key !== undefined && (await Movie.query(db).where('storage_key', key).resultSize()) > 0;
}

async function insertMovie(deps: UploadDeps, staged: StagedObject, row: MovieRow): Promise<Movie> {
  const key = staged.movieKey ?? newMediaKey();
  try {
    return await inTransaction(deps.db, async (trx) => {
      const [id] = await trx('movies').insert({ ...row, storage_key: key });
      await enqueueMediaJobs(trx, id!);
      await staged.commit(key);
      return Movie.query(trx).findById(id!).throwIfNotFound();
    });
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
    // The key is taken: another finishUpload of the same upload accepted these very bytes first.
    if (await movieStoredAt(deps.db, key)) throw notFound('The upload');
    const existing = await Movie.query(deps.db).where('live_sha256', row.sha256).first();
    throw new AppError(
      'CONFLICT',
      'This video was already uploaded (same SHA-256).',
      existing ? { movieId: existing.id } : {},
    );
  }
}

/**
 * The one decision on received bytes, for every transport: kept only when not empty, within the
 * size limit, matching the fingerprint the uploader gave and not a duplicate of a live movie (a
 * CONFLICT naming that movie). Whatever the refusal, no row and no bytes remain.
 */
async function acceptUpload(deps: UploadDeps, file: ReceivedFile, args: CheckedArguments): Promise<Movie> {
  const { staged, sha256 } = file;
  try {
    const name = args.givenName ?? nameFromFilename(file.filename);
    checkUploadSize(staged.size, deps.settings);
    if (staged.size === 0) throw badInput('The file is empty.', 'file');
    if (
      (await computeFingerprint(staged.size, (offset, length) => staged.readAt(offset, length))) !== args.fingerprint
    ) {
      throw badInput('The fingerprint does not match the uploaded file.', 'fingerprint');
    }
    if (deps.signal.aborted) throw badInput('The upload was interrupted before it could be saved.', 'file');
    return await insertMovie(deps, staged, {
      ...nameColumnsOf(name),
      description: args.description,
      file_extension: extensionOf(file.filename),
      is_free: args.isFree,
      size: staged.size,
      fingerprint: args.fingerprint,
      sha256,
      live_sha256: sha256,
      uploader_id: args.uploaderId,
      uploaded_at: new Date(),
      is_deleted: false,
    });
  } catch (err) {
    if (!(await movieStoredAt(deps.db, staged.movieKey))) await staged.discard();
    throw err;
  }
}

/** A GraphQL multipart upload: the bytes stream to storage as they arrive, then the one decision. */
export async function uploadMovie(deps: UploadDeps, input: UploadInput): Promise<Movie> {
  // Handled before any check below can throw: a file that fails to arrive (a part the map names but
  // the request never sends) must never be a rejection that nobody handles.
  const arriving = input.file;
  arriving.catch(() => undefined);
  checkUploader(input.uploader);
  const args = checkArguments(input);
  // Without a name, the file's must do: refused before its bytes are read.
  const file = await arriving;
  if (args.givenName === null) nameFromFilename(file.filename);
  return acceptUpload(deps, await receive(deps, file), args);
}

/**
 * A resumable upload whose bytes all arrived: the same decision as `uploadMovie`, after which the
 * upload is gone whatever the answer. An unfinished upload is refused and stays as it was, to be
 * resumed; another admin's upload is not found (and stays).
 */
export async function finishUpload(deps: UploadDeps, input: FinishInput): Promise<Movie> {
  checkUploader(input.uploader);
  const { resumable } = deps.storage;
  const held = await resumable.find(input.uploadId, input.uploader.id);
  if (!held) throw notFound('The upload');
  if (held.offset !== held.size) {
    throw badInput('The upload is not finished: it is kept; send the rest of its bytes, then finish it.', 'uploadId');
  }
  const taken = await resumable.take(input.uploadId, input.uploader.id);
  if (!taken) throw notFound('The upload');
  let args: CheckedArguments;
  let sha256: string;
  try {
    args = checkArguments(input);
    // The store counted fewer bytes once it let go of them than it reported just before: nothing to resume.
    if (!taken.complete) {
      throw badInput('The upload lost bytes as it was finished. Please upload the file again.', 'uploadId');
    }
    sha256 = taken.sha256 ?? (await sha256Of(taken.staged));
  } catch (err) {
    await taken.staged.discard();
    throw err;
  }
  return acceptUpload(deps, { staged: taken.staged, sha256, filename: taken.filename }, args);
}
