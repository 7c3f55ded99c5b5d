import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Request, RequestHandler, Response } from 'express';

/** Headers a page on an allowed origin may read: the request id, a 425's Retry-After, a download's name. */
const EXPOSED_HEADERS = 'X-Request-Id, Retry-After, Content-Disposition';
/** How long a browser may reuse a preflight's answer. */
const PREFLIGHT_MAX_AGE_SECONDS = 600;

/** The origin is one the operator trusts: whatever method and headers it asks for may follow. */
function allowPreflight(req: Request, res: Response, method: string): void {
  res.vary('Access-Control-Request-Headers');
  res.set({ 'Access-Control-Allow-Methods': method, 'Access-Control-Max-Age': String(PREFLIGHT_MAX_AGE_SECONDS) });
  const headers = req.headers['access-control-request-headers'];
  if (headers) res.set('Access-Control-Allow-Headers', headers);
}

/**
 * CORS of a request that is no preflight, for the media path, which answers before Express: an
 * allowed origin may read the answer and the headers a download needs.
 */
export function corsOfSimpleRequest(allowed: readonly string[]): (req: IncomingMessage, res: ServerResponse) => void {
  const origins = new Set(allowed);
  return (req, res) => {
    if (origins.size === 0) return;
    res.setHeader('Vary', 'Origin');
    const origin = req.headers.origin;
    if (origin === undefined || !origins.has(origin)) return;
    res.setHeader('Access-Control-Allow-Origin', origin);
    res.setHeader('Access-Control-Allow-Credentials', 'true');
    res.setHeader('Access-Control-Expose-Headers', EXPOSED_HEADERS);
  };
}

/**
 * CORS for every route, not only Yoga's: the refusals Express answers itself (CSRF, upload gate,
 * 404) must be readable by an allowed origin too. The web client is served by this server, so by
 * default no origin is allowed; `allowed` holds the exact origins (CORS_ORIGINS) that may call with
 * credentials. Another origin gets no Access-Control-Allow-* header: its page cannot read the
 * answer, and after its preflight the browser does not send the request at all.
 */
export function corsFor(allowed: readonly string[]): RequestHandler {
  const origins = new Set(allowed);
  return (req, res, next) => {
    const origin = req.headers.origin;
    const isAllowed = origin !== undefined && origins.has(origin);
    if (origins.size > 0) res.vary('Origin');
    if (isAllowed) res.set({ 'Access-Control-Allow-Origin': origin, 'Access-Control-Allow-Credentials': 'true' });
    const method = req.headers['access-control-request-method'];
    if (req.method === 'OPTIONS' && method !== undefined) {
      if (isAllowed) allowPreflight(req, res, method);
      res.status(204).set('Content-Length', '0').end();
      return;
    }
    if (isAllowed) res.set('Access-Control-Expose-Headers', EXPOSED_HEADERS);
    next();
  };
}
