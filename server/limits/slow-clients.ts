import type { Request, RequestHandler, Response } from 'express';
import type { ClientLimits } from '../config/config.js';
import { sendError } from '../http/json-errors.js';

/** Bodies that carry a video: a GraphQL multipart upload, a tus PATCH. */
const UPLOAD_TYPES = ['multipart/form-data', 'application/offset+octet-stream'];
/** The rate is measured over the last window, sampled this many times per window. */
const SAMPLES_PER_WINDOW = 10;

/** Ends a request whose body comes too slowly, without waiting for the rest of it. */
function cut(req: Request, res: Response, message: string): void {
  req.log.warn({ bytesRead: req.socket.bytesRead }, `cut off a slow request body: ${message}`);
  if (res.headersSent) {
    req.socket.destroy();
    return;
  }
  // The socket is closed once this answer is out: the rest of the body is never read.
  res.set('Connection', 'close');
  sendError(res, 408, 'BAD_USER_INPUT', message);
}

/** A body (JSON, a form) that has not fully arrived `seconds` after its headers is cut off. */
function deadline(req: Request, res: Response, seconds: number): void {
  const timer = setTimeout(() => {
    if (!req.complete) cut(req, res, `The request body did not arrive within ${seconds} s.`);
  }, seconds * 1000);
  req.once('close', () => clearTimeout(timer));
}

/**
 * An upload may take hours, but must average `bytesPerSecond` over every window of `windowSeconds`
 * (counted from the socket, which the server stops reading only while storage catches up), so that
 * a slow but steady upload finishes while a trickle is cut off.
 */
function minimumRate(req: Request, res: Response, bytesPerSecond: number, windowSeconds: number): void {
  const samples = [req.socket.bytesRead];
  const sampler = setInterval(
    () => {
      if (req.complete) return clearInterval(sampler);
      samples.push(req.socket.bytesRead);
      if (samples.length <= SAMPLES_PER_WINDOW) return;
      const received = samples.at(-1)! - samples.shift()!;
      if (received >= bytesPerSecond * windowSeconds) return;
      clearInterval(sampler);
      cut(req, res, `The upload was slower than ${bytesPerSecond} bytes per second over ${windowSeconds} s.`);
    },
    (windowSeconds * 1000) / SAMPLES_PER_WINDOW,
  );
  req.once('close', () => clearInterval(sampler));
}

/**
 * Request bodies are read as they arrive, and Node's own request timeout is off (it would cut off
 * every long upload): this bounds how long a client may hold a request open by sending slowly.
 */
export function slowClientLimits(limits: ClientLimits): RequestHandler {
  return (req, res, next) => {
    if (!req.complete) {
      if (typeof req.is(UPLOAD_TYPES) === 'string') {
        minimumRate(req, res, limits.uploadMinBytesPerSecond, limits.uploadRateWindowSeconds);
      } else {
        deadline(req, res, limits.bodyTimeoutSeconds);
      }
    }
    next();
  };
}
