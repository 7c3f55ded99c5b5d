import type { Request, RequestHandler, Response } from 'express';
import { graphqlUploadExpress } from 'graphql-upload-ts';
import { isAppError, type AppError } from '../../domain/core/errors.js';
import { checkUploader, checkUploadSize } from '../../domain/catalogue/upload-policy.js';
import { sessionOf } from '../http/authentication.js';
import type { Config } from '../config/config.js';
import { sendRefusal } from '../http/json-errors.js';
import { lingerOnBody } from '../limits/lingering-close.js';
import { processRequest } from './multipart.js';

/** Room for the `operations` and `map` fields and the multipart framing around the file. */
const ENVELOPE_BYTES = 1024 * 1024;

/** Answers a refusal before the body was read; the rest of it is discarded for a while so that the client sees the answer. */
function refuse(req: Request, res: Response, refusal: AppError): void {
  sendRefusal(res, refusal);
  lingerOnBody(req);
}

function isMultipart(req: Request): boolean {
  return req.is('multipart/form-data') === 'multipart/form-data';
}

/**
 * Multipart requests carry uploads: the upload policy refuses a declared length over the limit at
 * once, then anyone but an admin, before the body is read.
 */
export function uploadGate(config: Config): RequestHandler {
  return (req, res, next) => {
    if (!isMultipart(req)) return next();
    try {
      checkUploadSize(Number(req.headers['content-length']) - ENVELOPE_BYTES, config.settings);
      checkUploader(sessionOf(res)?.user);
    } catch (err) {
      if (isAppError(err)) return refuse(req, res, err);
      throw err;
    }
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
