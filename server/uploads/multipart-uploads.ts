import type { Request, RequestHandler, Response } from 'express';
import { graphqlUploadExpress } from 'graphql-upload-ts';
import type { ErrorCode } from '../../domain/core/errors.js';
import { isAdmin } from '../../domain/accounts/roles.js';
import { sessionOf } from '../http/authentication.js';
import type { Config } from '../config/config.js';
import { sendError } from '../http/json-errors.js';
import { lingerOnBody } from '../limits/lingering-close.js';
import { processRequest } from './multipart.js';

/** Room for the `operations` and `map` fields and the multipart framing around the file. */
const ENVELOPE_BYTES = 1024 * 1024;

/** Answers before the body was read; the rest of it is discarded for a while so that the client sees the answer. */
function refuse(req: Request, res: Response, status: number, code: ErrorCode, message: string): void {
  sendError(res, status, code, message);
  lingerOnBody(req);
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
        req,
        res,
        413,
        'PAYLOAD_TOO_LARGE',
        `The file is larger than the limit of ${config.settings.maxUploadBytes} bytes.`,
      );
    }
    const session = sessionOf(res);
    if (!session) return refuse(req, res, 401, 'UNAUTHENTICATED', 'Please log in first.');
    if (!isAdmin(session.user)) return refuse(req, res, 403, 'FORBIDDEN', 'Only administrators can upload videos.');
    next();
  };
}

/** Parses GraphQL multipart requests, handing the one file's bytes to the resolver as they arrive. */
export function uploadParser(): RequestHandler {
  // Our parser answers when the resolver has, not after the whole body was read (a refusal would wait for gigabytes).
  return graphqlUploadExpress({ processRequest, overrideSendResponse: false, maxFieldSize: ENVELOPE_BYTES });
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
