import type { RequestHandler, Response } from 'express';
import type { Knex } from 'knex';
import { authenticate, type Authenticated } from '../../domain/accounts/sessions.js';
import type { Config } from '../config/config.js';
import { sessionCookieFor, sessionToken } from './session-cookie.js';

/** Finds the session of a request once, for the upload gate and the GraphQL context alike. */
export function authenticateRequests(db: Knex, config: Config): RequestHandler {
  return async (req, res, next) => {
    const presented = sessionToken(req);
    const session = presented ? await authenticate(db, presented.token, config.settings) : null;
    // A browser's cookie follows the sliding expiry; a bearer token's holder keeps its own.
    if (session?.renewed && presented?.fromCookie) {
      sessionCookieFor(req, res, config.cookieSecure).set({ token: presented.token, expiresAt: session.expiresAt });
    }
    res.locals.session = session;
    next();
  };
}

export function sessionOf(res: Response): Authenticated | null {
  return (res.locals.session as Authenticated | null | undefined) ?? null;
}
