import type { IncomingMessage, ServerResponse } from 'node:http';
import proxyAddr from 'proxy-addr';
import { ROUTES } from '../../domain/core/routes.js';
import type { AddressRule } from '../config/config.js';
import { addressMatcher } from '../http/address-rule.js';
import { sendError } from '../http/json-errors.js';
import type { RequestMeasure } from '../observability/metrics.js';
import type { RequestObserver } from '../observability/request-log.js';
import type { MediaHandler, MediaRequest } from './media.js';

/** `/media/:ticket` and `/media/:ticket/stream/:file`, with a query or not. */
const MEDIA_URL = new RegExp(`^${ROUTES.media}/([^/?#]+)(?:/stream/([^/?#]+))?/?(?:\\?(.*))?$`);

/** What the media path answers with: the ticket's bytes, its stream. */
export interface MediaRoutes {
  media: MediaHandler;
  stream: (request: MediaRequest, file: string) => Promise<void>;
}

/** What the media path records of each request, as Express's requests are recorded. */
export interface MediaPathObservers {
  log: RequestObserver;
  measure: RequestMeasure;
  cors: (req: IncomingMessage, res: ServerResponse) => void;
  trustProxy: AddressRule;
}

/** A path segment decoded as Express decodes a route's parameter; undefined when it is no valid encoding. */
function decoded(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

/** The request's ticket, stream file and `inline`, for a GET or HEAD of a media URL; null for anything else. */
function parsed(req: IncomingMessage, res: ServerResponse): { request: MediaRequest; file?: string } | null {
  if (req.method !== 'GET' && req.method !== 'HEAD') return null;
  // A GET that sends a body is left to Express, whose slow-client limits cut one that trickles in.
  if (req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0) return null;
  const match = MEDIA_URL.exec(req.url ?? '');
  if (!match) return null;
  const ticket = decoded(match[1]!);
  const file = match[2] === undefined ? undefined : decoded(match[2]);
  if (ticket === undefined || (match[2] !== undefined && file === undefined)) return null;
  const inline = new URLSearchParams(match[3] ?? '').get('inline') === '1';
  return { request: { req, res, ticket, inline }, file };
}

/**
 * The media path, answered on the HTTP server's own request event before Express and its
 * middleware: a player's every Range and every segment of a stream is one of these requests. It does
 * what such a request needs (the ticket rule, the validators, the bytes) and records it as every
 * request is recorded: its log line, its request id, its metrics, CORS for an allowed origin.
 * Returns false for a request it does not answer (another path, another method, a preflight), which
 * Express then answers.
 */
export function mediaPath(routes: MediaRoutes, observers: MediaPathObservers) {
  const trusted = addressMatcher(observers.trustProxy);
  const trust = (address: string) => trusted(address);
  return (req: IncomingMessage, res: ServerResponse): boolean => {
    const found = parsed(req, res);
    if (!found) return false;
    let address: string | undefined;
    observers.log(req, res, {
      clientAddress: () => (address ??= proxyAddr(req, trust)),
      userId: () => undefined,
      graphql: () => undefined,
    });
    observers.measure(req, res);
    observers.cors(req, res);
    const answered = found.file === undefined ? routes.media(found.request) : routes.stream(found.request, found.file);
    answered.catch((err: unknown) => {
      req.log.error({ err }, 'request failed');
      if (res.headersSent) res.destroy();
      else sendError(res, 500, 'INTERNAL_SERVER_ERROR', 'Something went wrong on the server.');
    });
    return true;
  };
}
