import type { Request } from 'express';

/** A host name or an IPv6 literal, with an optional port: what a Host header may hold. */
const HOST = /^([a-z0-9-]+(\.[a-z0-9-]+)*|\[[0-9a-f:.]+\])(:\d{1,5})?$/i;

function localAddressOf(req: Request): string {
  const { localAddress = '127.0.0.1', localPort } = req.socket;
  return localAddress.includes(':') ? `[${localAddress}]:${localPort}` : `${localAddress}:${localPort}`;
}

/**
 * The origin clients reach this server at, for absolute links: PUBLIC_URL when set, else the one the
 * request came to. Express reads X-Forwarded-Proto and X-Forwarded-Host only when TRUST_PROXY set
 * its 'trust proxy'; a Host that is no host name gives way to the address the connection came in on.
 */
export function publicOrigin(req: Request, publicUrl: string | undefined): string {
  if (publicUrl) return publicUrl;
  const protocol = req.protocol === 'https' ? 'https' : 'http';
  const host = req.host && HOST.test(req.host) ? req.host : localAddressOf(req);
  return `${protocol}://${host}`;
}
