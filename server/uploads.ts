import type { Request, RequestHandler, Response } from 'express';
import type { ErrorCode } from '../domain/errors.js';
import { isAdmin } from '../domain/roles.js';
import { sendError } from './json-errors.js';
import { graphqlUploadExpress } from 'graphql-upload-ts';
import type { Config } from './config.js';
import { sessionOf } from './authentication.js';

/** Room for the `operations` and `map` fields and the multipart framing around the file. */
const ENVELOPE_BYTES = 1024 * 1024;

function refuse(res: Parameters<RequestHandler>[1], status: number, code: string, message: string): void {
  // The body may still be arriving; close the connection instead of reading gigabytes to discard.
  res
    .set('Connection', 'close')
    .status(status)
    .json({ errors: [{ message, extensions: { code } }] });
}

function isMultipart(req: Request): boolean {
  return req.is('multipart/form-data') === 'multipart/form-data';
}

/**
 * Multipart requests carry uploads, and only admins upload: refuse others before reading the body,
 * and refuse a declared length over the limit at once.
 */
export function uploadGate(config: Config): RequestHandler {
  return (req, res, next) => {
    if (!isMultipart(req)) return next();
    const declared = Number(req.headers['content-length']);
    if (declared > config.settings.maxUploadBytes + ENVELOPE_BYTES) {
      return refuse(
        res,
        413,
        'PAYLOAD_TOO_LARGE',
        `The file is larger than the limit of ${config.settings.maxUploadBytes} bytes.`,
      );
    }
    const session = sessionOf(res);
    if (!session) return refuse(res, 401, 'UNAUTHENTICATED', 'Please log in first.');
    if (!isAdmin(session.user)) return refuse(res, 403, 'FORBIDDEN', 'Only administrators can upload videos.');
    next();
  };
}

/** Parses GraphQL multipart requests, streaming the one file through a temporary file. */
export function uploadParser(config: Config): RequestHandler {
  return graphqlUploadExpress({
    // busboy cuts a file off when it *reaches* its limit; one byte more lets a file of exactly
    // MAX_UPLOAD_BYTES through, and the domain refuses the byte after (uploads.ts counts them).
    maxFileSize: config.settings.maxUploadBytes + 1,
    maxFiles: 1,
    maxFieldSize: ENVELOPE_BYTES,
  });
}

/**
 * Yoga limits request bodies by their Content-Length; a multipart request's body is read by the
 * parser above (its file streams to storage while the resolver runs), and what reaches Yoga is
 * only the small `operations` field.
 */
export const forgetUploadLength: RequestHandler = (req, _res, next) => {
  if (isMultipart(req)) delete req.headers['content-length'];
  next();
};
