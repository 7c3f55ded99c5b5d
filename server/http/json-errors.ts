import type { ServerResponse } from 'node:http';
import type { ErrorRequestHandler } from 'express';
import type { AppError, ErrorCode } from '../../domain/core/errors.js';

type Code = ErrorCode | 'INTERNAL_SERVER_ERROR';

/**
 * The one shape of every error this server answers outside GraphQL: `{ errors: [{ message, extensions: { code } }] }`,
 * with what a refusal names beside its code (`field`, `reason`, a limit).
 */
export function errorBody(code: Code, message: string, details: object = {}) {
  return { errors: [{ message, extensions: { ...details, code } }] };
}

/** Answers an error in that shape (from Express's routes and from the media path before it alike). */
export function sendError(res: ServerResponse, status: number, code: Code, message: string, details?: object): void {
  const body = JSON.stringify(errorBody(code, message, details));
  res.statusCode = status;
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Content-Length', Buffer.byteLength(body));
  res.end(body);
}

/** The HTTP status a refusal of the domain is answered with, outside GraphQL. */
const STATUS_OF_CODE: Record<ErrorCode, number> = {
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  BAD_USER_INPUT: 400,
  NOT_FOUND: 404,
  CONFLICT: 409,
  INSUFFICIENT_FUNDS: 402,
  ACCOUNT_LOCKED: 403,
  PAYLOAD_TOO_LARGE: 413,
  TOO_MANY_REQUESTS: 429,
  TOO_EARLY: 425,
};

/** Answers a refusal of the domain with its status, code and message. */
export function sendRefusal(res: ServerResponse, refusal: AppError): void {
  sendError(res, STATUS_OF_CODE[refusal.code], refusal.code, refusal.message, refusal.details);
}

/** The contract's code for an HTTP status that a library chose. */
export function codeForStatus(status: number): Code {
  if (status === 401) return 'UNAUTHENTICATED';
  if (status === 403) return 'FORBIDDEN';
  if (status === 404 || status === 410) return 'NOT_FOUND';
  if (status === 413) return 'PAYLOAD_TOO_LARGE';
  if (status === 429) return 'TOO_MANY_REQUESTS';
  return status >= 500 ? 'INTERNAL_SERVER_ERROR' : 'BAD_USER_INPUT';
}

/** What Express itself refuses (bad bodies, upload limits) as JSON, never its HTML page or a stack. */
export const jsonErrors: ErrorRequestHandler = (err, req, res, _next) => {
  const given = (err as { status?: unknown } | null)?.status;
  const status = typeof given === 'number' && given >= 400 && given < 600 ? given : 500;
  if (status >= 500) req.log.error({ err }, 'request failed');
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const message =
    status >= 500 ? 'Something went wrong on the server.' : String((err as Error)?.message ?? 'Bad request.');
  sendError(res, status, codeForStatus(status), message);
};
