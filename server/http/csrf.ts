import type { Request, RequestHandler } from 'express';
import { sendError } from './json-errors.js';

/** The non-simple headers of which a request with a form's content type must carry one. */
export const CSRF_HEADERS = ['x-graphql-yoga-csrf', 'apollo-require-preflight'];

/** Whether the request carries one of those headers, which a cross-site form cannot add. */
export function hasCsrfHeader(req: Request): boolean {
  return CSRF_HEADERS.some((name) => req.headers[name] !== undefined);
}

/** The content types a cross-site HTML form can post without a CORS preflight. */
const FORM_TYPES = ['multipart/form-data', 'application/x-www-form-urlencoded', 'text/plain'];

/**
 * A cross-site page can post a form (an upload, or a `login` into the attacker's account) without a
 * preflight, but cannot add a custom header. Checked here because Yoga's own CSRF check runs after
 * the upload middleware has rewritten a multipart body.
 */
export const requireCsrfHeaderOnForms: RequestHandler = (req, res, next) => {
  // `req.is` answers the matching type, false for another type, null without a body.
  const isForm = req.method !== 'GET' && req.method !== 'HEAD' && typeof req.is(FORM_TYPES) === 'string';
  if (!isForm || hasCsrfHeader(req)) {
    next();
    return;
  }
  sendError(
    res,
    403,
    'FORBIDDEN',
    'Requests posted as a form (multipart, urlencoded, text) must carry the x-graphql-yoga-csrf header.',
  );
};
