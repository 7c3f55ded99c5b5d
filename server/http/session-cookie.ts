import type { Request, Response } from 'express';
import { parse } from 'cookie';
import type { SessionCookie } from '../../schema/context.js';

export const SESSION_COOKIE = 'session';

export interface PresentedToken {
  token: string;
  /** Carried by the cookie, which then follows the session's sliding expiry. */
  fromCookie: boolean;
}

/**
 * The session token of a request: `Authorization: Bearer …` first, else the cookie. Another scheme
 * (a proxy's Basic auth in front of the site) is not ours, so it leaves the cookie in charge.
 */
export function sessionToken(req: Request): PresentedToken | undefined {
  const header = req.headers.authorization;
  if (header && /^Bearer(\s|$)/i.test(header)) {
    const token = /^Bearer\s+(\S+)\s*$/i.exec(header)?.[1];
    return token ? { token, fromCookie: false } : undefined;
  }
  const cookies = req.headers.cookie;
  const token = cookies ? parse(cookies)[SESSION_COOKIE] : undefined;
  return token ? { token, fromCookie: true } : undefined;
}

/**
 * Writes the session as an HttpOnly, SameSite=Lax cookie on the response being built: `Secure` when
 * COOKIE_SECURE says so, or when the request came over HTTPS, which behind a proxy only the
 * proxies of TRUST_PROXY can say (`X-Forwarded-Proto`, read by Express's `req.secure`).
 */
export function sessionCookieFor(req: Request, res: Response, alwaysSecure: boolean): SessionCookie {
  const options = { httpOnly: true, sameSite: 'lax' as const, secure: alwaysSecure || req.secure, path: '/' };
  return {
    set: (grant) => {
      res.cookie(SESSION_COOKIE, grant.token, { ...options, expires: grant.expiresAt });
    },
    clear: () => {
      res.clearCookie(SESSION_COOKIE, options);
    },
  };
}
