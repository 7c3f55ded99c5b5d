import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Request, Response } from 'express';
import type { Plugin } from 'graphql-yoga';
import { pinoHttp } from 'pino-http';
import { addressMatcher } from './address-rule.js';
import { sessionOf } from './authentication.js';
import type { AddressRule } from './config.js';
import type { Logger } from './logger.js';

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;
const MEDIA_TICKET = /^\/media\/[^/?#]*/;
const NAMED_OPERATION = /^\s*(?:query|mutation|subscription)\s+([_A-Za-z][_0-9A-Za-z]*)/;

/** What the GraphQL layer tells the request's log line: the operation and the codes of its errors. */
interface GraphQLLogFields {
  operation?: string;
  errorCodes?: string[];
  /** The finer `reason` some codes carry (GRAPHQL_VALIDATION_FAILED, QUERY_TOO_DEEP...). */
  errorReasons?: string[];
}

function graphqlFields(res: Response): GraphQLLogFields {
  return ((res.locals ??= {}).graphqlLog ??= {}) as GraphQLLogFields;
}

/** Records the operation's name and its error codes for the request's one log line. */
export function useRequestLogFields(): Plugin<Record<string, never>, { res: Response }> {
  return {
    onParams({ params, context }) {
      const named = params.operationName ?? NAMED_OPERATION.exec(params.query ?? '')?.[1];
      if (named) graphqlFields(context.res).operation = named;
    },
    onResultProcess({ result, serverContext }) {
      const results = Array.isArray(result) ? result : [result];
      const errors = results.flatMap((one) => ('errors' in one && one.errors ? one.errors : []));
      const codes = errors.map((error) => String(error.extensions?.code));
      const reasons = errors.flatMap((error) => (error.extensions?.reason ? [String(error.extensions.reason)] : []));
      const fields = graphqlFields(serverContext.res);
      if (codes.length > 0) fields.errorCodes = [...new Set(codes)];
      if (reasons.length > 0) fields.errorReasons = [...new Set(reasons)];
    },
  };
}

/**
 * The request's id: the proxy's `X-Request-Id` when the request came through a trusted proxy
 * (TRUST_PROXY) and the id is short and plain, so that the proxy's log and ours name one request
 * alike; otherwise a fresh UUID, as a client could fill logs with ids of its choosing.
 */
function requestIdOf(req: IncomingMessage, fromProxy: (address: string | undefined) => boolean): string {
  const given = req.headers['x-request-id'];
  const usable = typeof given === 'string' && REQUEST_ID.test(given) && fromProxy(req.socket.remoteAddress);
  return usable ? given : randomUUID();
}

/**
 * One line per request: method, path, status, duration, request id, client address, user id, and
 * for GraphQL the operation and its error codes. Every line logged through `req.log` carries the
 * request id, which every answer echoes in `X-Request-Id`. Headers only at level debug: they made
 * every line a kilobyte.
 */
export function requestLogger(logger: Logger, trustProxy: AddressRule) {
  const verbose = logger.isLevelEnabled('debug');
  const fromProxy = addressMatcher(trustProxy);
  return pinoHttp({
    logger,
    genReqId: (req, res) => {
      const id = requestIdOf(req, fromProxy);
      res.setHeader('X-Request-Id', id);
      return id;
    },
    serializers: {
      // A download ticket lets whoever holds it fetch the video: it must not reach the logs.
      req: (req: { id?: unknown; method?: string; url?: string }) => {
        const url = req.url?.replace(MEDIA_TICKET, '/media/…');
        return verbose ? { ...req, url } : { id: req.id, method: req.method, url };
      },
      res: (res: { statusCode?: number }) => (verbose ? res : { statusCode: res.statusCode }),
    },
    customProps: (req, res) => {
      const response = res as Response;
      // The client's address as Express resolved it through the trusted proxies, not the proxy's.
      const clientAddress = (req as Request).ip;
      return { clientAddress, userId: sessionOf(response)?.user.id, ...response.locals?.graphqlLog };
    },
  });
}
