import type { RequestHandler } from 'express';

/** The non-simple header a multipart (upload) request must carry (API.md, "Authentication"). */
export const CSRF_HEADERS = ['x-graphql-yoga-csrf', 'apollo-require-preflight'];

/**
 * A cross-site HTML form can post multipart without a preflight; it cannot add a custom header.
 * Checked here because Yoga's own CSRF check runs after the upload middleware rewrote the body.
 */
export const requireCsrfHeaderOnMultipart: RequestHandler = (req, res, next) => {
  const isMultipart = req.is('multipart/form-data') === 'multipart/form-data';
  if (!isMultipart || CSRF_HEADERS.some((name) => req.headers[name] !== undefined)) {
    next();
    return;
  }
  res.status(403).json({
    errors: [
      { message: 'Multipart requests must carry the x-graphql-yoga-csrf header.', extensions: { code: 'FORBIDDEN' } },
    ],
  });
};
