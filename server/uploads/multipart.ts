import { PassThrough, type Readable } from 'node:stream';
import { Busboy, type BusboyInstance } from '@fastify/busboy';
import type { Request, Response } from 'express';
import { lingerOnBody } from '../limits/lingering-close.js';
import { Upload, type FileUpload, type IncomingReq } from 'graphql-upload-ts';
import { AppError } from '../../domain/core/errors.js';

/**
 * A refusal of the request itself: answered with `status` by the JSON error handler when it comes
 * before the resolver runs, and handed to the resolver as the domain's refusal when it comes after.
 */
export class MultipartError extends Error {
  readonly expose = true;
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'MultipartError';
  }

  toAppError(): AppError {
    return this.status === 413
      ? new AppError('PAYLOAD_TOO_LARGE', this.message)
      : new AppError('BAD_USER_INPUT', this.message, { field: 'file' });
  }
}

const SPEC = 'see the GraphQL multipart request spec';
const ONE_FILE = 'Send one file per request: this one carried more than one file part.';

type Operations = Record<string, unknown> | unknown[];

function parseJson(field: string, value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    throw new MultipartError(400, `The ‘${field}’ field is not valid JSON (${SPEC}).`);
  }
}

function parseOperations(value: string): Operations {
  const operations = parseJson('operations', value);
  if (typeof operations !== 'object' || operations === null) {
    throw new MultipartError(400, `The ‘operations’ field must be an object or an array (${SPEC}).`);
  }
  return operations as Operations;
}

/** The one file the map names, and the paths in `operations` where it goes. */
function parseMap(value: string): { field: string; paths: string[] } {
  const map = parseJson('map', value);
  if (typeof map !== 'object' || map === null || Array.isArray(map)) {
    throw new MultipartError(400, `The ‘map’ field must be an object (${SPEC}).`);
  }
  const entries = Object.entries(map as Record<string, unknown>);
  if (entries.length !== 1) {
    throw new MultipartError(400, entries.length === 0 ? `The ‘map’ names no file (${SPEC}).` : ONE_FILE);
  }
  const [field, paths] = entries[0]!;
  if (!Array.isArray(paths) || paths.length === 0 || !paths.every((path) => typeof path === 'string')) {
    throw new MultipartError(400, `The ‘map’ entry ‘${field}’ must be a list of paths (${SPEC}).`);
  }
  return { field, paths };
}

/** Puts `upload` where `path` (e.g. `variables.file`) points, which must hold null as the spec says. */
function placeUpload(operations: Operations, path: string, upload: Upload): void {
  const keys = path.split('.');
  const last = keys.pop()!;
  let node: unknown = operations;
  for (const key of keys)
    node = typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[key] : undefined;
  if (typeof node !== 'object' || node === null || (node as Record<string, unknown>)[last] !== null) {
    throw new MultipartError(400, `The ‘map’ path ‘${path}’ does not point at a null in ‘operations’ (${SPEC}).`);
  }
  (node as Record<string, unknown>)[last] = upload;
}

/**
 * fastify's busboy rather than busboy 1: the same parser (one author, one design), but it finds
 * the boundary with Buffer.indexOf, native, where busboy 1 runs Boyer-Moore-Horspool in JavaScript
 * over every byte of the file.
 */
function createParser(req: IncomingReq, maxFieldSize: number): BusboyInstance {
  try {
    return Busboy({
      headers: req.headers as Parameters<typeof Busboy>[0]['headers'],
      defCharset: 'utf8',
      // Sizes of files are the domain's to limit; operations and map are the only fields.
      limits: { fieldSize: maxFieldSize, fields: 2, files: 1 },
    });
  } catch (err) {
    throw new MultipartError(400, `The multipart request could not be read: ${(err as Error).message}.`);
  }
}

/**
 * Parses a GraphQL multipart request (operations, map, then one file) and hands the file's bytes
 * to the resolver as they arrive: nothing is written to a temporary file. The file's stream ends
 * only once the whole body was parsed cleanly; a broken, truncated or aborted body, or a second
 * file, makes it fail instead, so that a partial file is never taken for a whole one.
 */
export function processRequest<T>(
  req: IncomingReq,
  res: Pick<Response, 'once'>,
  options?: { maxFieldSize?: number },
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const parser = createParser(req, options?.maxFieldSize ?? 1024 * 1024);
    let operations: Operations | undefined;
    let upload: Upload | undefined;
    let fileField: string | undefined;
    let delivered: PassThrough | undefined;
    let failure: MultipartError | undefined;

    const fail = (err: MultipartError) => {
      if (failure) return;
      failure = err;
      upload?.reject(err.toAppError());
      delivered?.destroy(err.toAppError());
      req.unpipe(parser);
      // The rest of the body is read and thrown away, for a bounded while once the answer is sent.
      req.resume();
      reject(err);
    };
    const guard = (work: () => void) => {
      try {
        work();
      } catch (err) {
        if (!(err instanceof MultipartError)) throw err;
        fail(err);
      }
    };

    parser.on('field', (name, value, _nameTruncated, valueTruncated) =>
      guard(() => {
        if (valueTruncated) throw new MultipartError(413, `The ‘${name}’ field is larger than allowed.`);
        if (name === 'operations') return void (operations = parseOperations(value));
        if (name !== 'map') throw new MultipartError(400, `Unexpected field ‘${name}’ (${SPEC}).`);
        if (!operations) throw new MultipartError(400, `The ‘map’ field must follow ‘operations’ (${SPEC}).`);
        const { field, paths } = parseMap(value);
        upload = new Upload();
        fileField = field;
        for (const path of paths) placeUpload(operations, path, upload);
        resolve(operations as T);
      }),
    );
    parser.on('file', (name, stream: Readable, filename, encoding, mimetype) => {
      if (!upload || name !== fileField || delivered) {
        stream.resume();
        return fail(new MultipartError(400, upload ? ONE_FILE : `Files must follow ‘map’ (${SPEC}).`));
      }
      const file = new PassThrough();
      // The resolver may refuse without reading the file; its failing later must not be an unheard 'error'.
      file.on('error', () => undefined);
      delivered = file;
      stream.on('error', (err) => fail(new MultipartError(400, `The file could not be read: ${err.message}.`)));
      stream.pipe(file, { end: false });
      const fileUpload = {
        fieldName: name,
        filename,
        mimetype,
        encoding,
        createReadStream: () => {
          // A stream destroyed before it was opened would never end nor fail again for its reader.
          if (failure) throw failure.toAppError();
          return file;
        },
      };
      upload.resolve(fileUpload as unknown as FileUpload);
    });
    parser.on('filesLimit', () => fail(new MultipartError(400, ONE_FILE)));
    parser.on('fieldsLimit', () => fail(new MultipartError(400, `Only ‘operations’ and ‘map’ may be sent (${SPEC}).`)));
    parser.on('error', (err: Error) =>
      fail(new MultipartError(400, `The multipart request could not be read: ${err.message}.`)),
    );
    parser.on('finish', () =>
      guard(() => {
        if (!operations) throw new MultipartError(400, `The ‘operations’ field is missing (${SPEC}).`);
        if (!upload) throw new MultipartError(400, `The ‘map’ field is missing (${SPEC}).`);
        if (!delivered) throw new MultipartError(400, 'The file the map names is missing from the request.');
        delivered.end();
      }),
    );
    // Answered before the body was read (a refusal): the bytes nobody reads are thrown away, for a bounded while.
    res.once('close', () => {
      delivered?.resume();
      lingerOnBody(req as Request);
    });
    req.once('close', () => {
      if (!req.readableEnded)
        fail(new MultipartError(499, 'The upload was interrupted before the whole file arrived.'));
    });
    req.pipe(parser);
  });
}
