import type { Request, Response } from 'express';
import { parse } from 'cookie';
import type { SessionCookie } from '../schema/context.js';

export const SESSION_COOKIE = 'session';

/**
 * The session token of a request: `Authorization: Bearer …` first, else the cookie. Another scheme
 * (a proxy's Basic auth in front of the site) is not ours, so it leaves the cookie in charge.
 */
export function sessionToken(req: Request): string | undefined {
  const header = req.headers.authorization;
  if (header && /^Bearer(\s|$)/i.test(header)) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    return match?.[1];
  }
  const cookies = req.headers.cookie;
  return cookies ? parse(cookies)[SESSION_COOKIE] : undefined;
}

/** Writes the session as an HttpOnly, SameSite=Lax cookie on the response being built. */
export function sessionCookieFor(res: Response, secure: boolean): SessionCookie {
  const options = { httpOnly: true, sameSite: 'lax' as const, secure, path: '/' };
  return {
    set: (grant) => {
      res.cookie(SESSION_COOKIE, grant.token, { ...options, expires: grant.expiresAt });
    },
    clear: () => {
      res.clearCookie(SESSION_COOKIE, options);
    },
  };
}
