import type { RequestHandler, Response } from 'express';
import type { Knex } from 'knex';
import type { User } from '../../db/models/user.js';
import { authenticate, type Authenticated } from '../../domain/accounts/sessions.js';
import { twoFactorSetupRefusal } from '../../domain/accounts/two-factor.js';
import type { AppError } from '../../domain/core/errors.js';
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
    res.locals.setUpTwoFactorFirst = twoFactorSetupRefusal(session?.user ?? null, config.settings);
    next();
  };
}

export function sessionOf(res: Response): Authenticated | null {
  return (res.locals.session as Authenticated | null | undefined) ?? null;
}

/**
 * The signed-in user as the routes beside GraphQL (uploads, posters) see them: an admin who must turn
 * on two-factor sign-in first (REQUIRE_ADMIN_TWO_FACTOR) is refused here, with that refusal thrown.
 */
export function gateUserOf(res: Response): User | undefined {
  const setUpFirst = res.locals.setUpTwoFactorFirst as AppError | null | undefined;
  if (setUpFirst) throw setUpFirst;
  return sessionOf(res)?.user;
}
