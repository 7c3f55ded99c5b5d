import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Request, RequestHandler, Response } from 'express';
import type { Plugin } from 'graphql-yoga';
import { stdSerializers } from 'pino';
import { mediaPath } from '../../domain/core/routes.js';
import { addressMatcher } from '../http/address-rule.js';
import { sessionOf } from '../http/authentication.js';
import type { AddressRule } from '../config/config.js';
import type { Logger } from './logger.js';

declare module 'http' {
  interface IncomingMessage {
    /** The request's id, echoed in `X-Request-Id`. */
    id: string;
    /** Its lines carry the request's id, method, path and client address. */
    log: Logger;
  }
}

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;
const MEDIA_TICKET = new RegExp(`^${mediaPath('')}[^/?#]*`);
const NAMED_OPERATION = /^\s*(?:query|mutation|subscription)\s+([_A-Za-z][_0-9A-Za-z]*)/;
/** GraphQL's Name syntax: what an operation's name must be to be logged as one. */
const OPERATION_NAME = /^[_A-Za-z][_0-9A-Za-z]*$/;
/** The longest operation name the log keeps whole: the name is the client's, and has no limit. */
const LOGGED_NAME_LENGTH = 100;
/** What the log says for an `operationName` that is no name: never a Name itself, so it cannot collide with one. */
const INVALID_OPERATION = '(invalid)';

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

/** The operation's name as the log keeps it: cut when long, a fixed mark when it is not a name at all. */
function loggedOperation(name: unknown): string {
  if (typeof name !== 'string' || !OPERATION_NAME.test(name)) return INVALID_OPERATION;
  return name.length > LOGGED_NAME_LENGTH ? `${name.slice(0, LOGGED_NAME_LENGTH)}…` : name;
}

/** Records the operation's name and its error codes for the request's one log line. */
export function useRequestLogFields(): Plugin<Record<string, never>, { res: Response }> {
  return {
    onParams({ params, context }) {
      const named: unknown = params.operationName ?? NAMED_OPERATION.exec(params.query ?? '')?.[1];
      if (named !== undefined && named !== '') graphqlFields(context.res).operation = loggedOperation(named);
    },
    onResultProcess({ result, serverContext }) {
      const results = Array.isArray(result) ? result : [result];
      const errors = results.flatMap((one) => ('errors' in one && one.errors ? one.errors : []));
      const codes = errors.map((error) => String(error.extensions?.code));
      const reasons = errors.flatMap((error) =>
        typeof error.extensions?.reason === 'string' ? [error.extensions.reason] : [],
      );
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

/** The `req` of a log line: method, path (a ticket hidden) and id; everything else only at debug. */
function requestFields(req: IncomingMessage & { originalUrl?: string }, verbose: boolean): object {
  const url = (req.originalUrl ?? req.url ?? '').replace(MEDIA_TICKET, mediaPath('…'));
  return verbose ? { ...stdSerializers.req(req), url } : { id: req.id, method: req.method, url };
}

/** What a log line says of who asked: the client's address through the trusted proxies, the signed-in user. */
interface Asker {
  clientAddress(): string | undefined;
  userId(): number | undefined;
  /** What the GraphQL layer recorded for the line. */
  graphql(): GraphQLLogFields | undefined;
}

/** The line for a finished (or abandoned) request, logged when its answer closes. */
function logFinished(
  logger: Logger,
  req: IncomingMessage,
  res: ServerResponse,
  asker: Asker,
  started: number,
  verbose: boolean,
): void {
  const line = {
    req: requestFields(req, verbose),
    res: verbose ? stdSerializers.res(res) : { statusCode: res.statusCode },
    responseTime: Date.now() - started,
    clientAddress: asker.clientAddress(),
    userId: asker.userId(),
    ...asker.graphql(),
  };
  if (res.statusCode >= 500)
    logger.info({ ...line, err: { message: `failed with status code ${res.statusCode}` } }, 'request errored');
  else logger.info(line, 'request completed');
}

/** Starts what every request gets: its id (echoed in `X-Request-Id`), `req.log`, and its line when it closes. */
export type RequestObserver = (req: IncomingMessage, res: ServerResponse, asker: Asker) => void;

/**
 * One line per request: method, path, status, duration, request id, client address, user id, and
 * for GraphQL the operation and its error codes. Every line logged through `req.log` carries the
 * request id, which every answer echoes in `X-Request-Id`. Headers only at level debug: they made
 * every line a kilobyte. Written here rather than with pino-http, which built two child loggers
 * and resolved the client's address twice for every request; this builds one only for a request
 * whose handlers log. Express's requests (requestLogger) and the media path's alike.
 */
export function requestObserver(logger: Logger, trustProxy: AddressRule): RequestObserver {
  const verbose = logger.isLevelEnabled('debug');
  const fromProxy = addressMatcher(trustProxy);
  return (req, res, asker) => {
    const started = Date.now();
    req.id = requestIdOf(req, fromProxy);
    res.setHeader('X-Request-Id', req.id);
    let child: Logger | undefined;
    // Made when first used: most requests log nothing but their own line.
    Object.defineProperty(req, 'log', {
      configurable: true,
      get: () => (child ??= logger.child({ req: requestFields(req, verbose), clientAddress: asker.clientAddress() })),
    });
    res.once('close', () => logFinished(logger, req, res, asker, started, verbose));
  };
}

/** The request log for Express's requests: the address as Express resolved it (trust proxy), the session's user. */
export function requestLogger(observe: RequestObserver): RequestHandler {
  return (req: Request, res: Response, next) => {
    observe(req, res, {
      clientAddress: () => req.ip,
      userId: () => sessionOf(res)?.user.id,
      graphql: () => res.locals?.graphqlLog as GraphQLLogFields | undefined,
    });
    next();
  };
}
