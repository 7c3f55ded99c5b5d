import type { Request, Response } from 'express';
import type { ExecutionResult } from 'graphql';
import { createYoga, useErrorHandler, type Plugin } from 'graphql-yoga';
import type { Knex } from 'knex';
import { LoginThrottle } from '../../domain/accounts/login-throttle.js';
import { ROUTES } from '../../domain/core/routes.js';
import { RegistrationThrottle } from '../../domain/accounts/registration-throttle.js';
import type { Storage } from '../../domain/storage/storage.js';
import type { Context, RequestLog } from '../../schema/context.js';
import { isExpectedError, maskError, withApiCode } from '../../schema/errors.js';
import { schema } from '../../schema/index.js';
import { sessionOf } from '../http/authentication.js';
import type { Config } from '../config/config.js';
import type { Logger } from '../observability/logger.js';
import { useCompiledExecution } from './compiled-execution.js';
import { useOperationLabel } from '../observability/metrics.js';
import { publicOrigin } from '../http/public-origin.js';
import { queryLimitsPlugin } from '../limits/query-limits.js';
import { useRequestLogFields } from '../observability/request-log.js';
import { sessionCookieFor } from '../http/session-cookie.js';

const JSON_BODY_LIMIT = 1024 * 1024;

interface ServerContext {
  req: Request;
  res: Response;
}

/** Aborted when the connection closes before the response was fully sent. */
function abandonedSignal(res: Response): AbortSignal {
  const controller = new AbortController();
  res.once('close', () => {
    if (!res.writableFinished) controller.abort(new Error('the client went away'));
  });
  return controller.signal;
}

/**
 * The request's logger from what envelop's error handler is given: the context itself in some
 * phases, the execution arguments (with the context as `contextValue`) after execution.
 */
function requestLog(given: unknown): RequestLog | undefined {
  const candidate = given as { log?: RequestLog; contextValue?: { log?: RequestLog } } | undefined;
  return candidate?.log ?? candidate?.contextValue?.log;
}

/** Every error a client sees carries one of the API's codes (domain/core/errors.ts). */
const useApiErrorCodes: Plugin = {
  onResultProcess(payload) {
    const { result } = payload;
    const fix = (one: ExecutionResult) => (one.errors ? { ...one, errors: one.errors.map(withApiCode) } : one);
    if (Array.isArray(result)) payload.setResult(result.map(fix));
    else if (!(Symbol.asyncIterator in result)) payload.setResult(fix(result));
  },
};

/** Yoga's own log of errors it masks would repeat each refusal at level error; faults are logged below. */
function yogaLogger(logger: Logger) {
  return {
    debug: (...args: unknown[]) => logger.debug({ yoga: args }),
    info: (...args: unknown[]) => logger.debug({ yoga: args }),
    warn: (...args: unknown[]) => logger.warn({ yoga: args }),
    error: (...args: unknown[]) => logger.debug({ yoga: args }),
  };
}

/** Yoga over the Pothos schema; the context carries the viewer that `authenticateRequests` found. */
export function createGraphQLHandler(config: Config, db: Knex, storage: Storage, logger: Logger) {
  const loginThrottle = new LoginThrottle(db, config.settings);
  const registrationThrottle = new RegistrationThrottle(db, config.settings);
  return createYoga<ServerContext, Context>({
    schema,
    graphqlEndpoint: ROUTES.graphql,
    // GraphiQL is served as files built once (server/routes/graphiql.ts): Yoga's own page loads its scripts
    // from a CDN, and @graphql-yoga/render-graphiql's inlines 9 MB into every answer.
    graphiql: false,
    landingPage: false,
    // Yoga's default reflects any origin with credentials; server/http/cors.ts decides for every route.
    cors: false,
    // Uploads are parsed by graphql-upload-ts before Yoga, streamed to disk instead of held in memory.
    multipart: false,
    // JSON bodies (queries and their variables) are small; uploads never reach Yoga as bytes.
    maxRequestBodySize: JSON_BODY_LIMIT,
    // Never development mode: no message or stack of a fault reaches a client, whatever NODE_ENV says.
    maskedErrors: { maskError, isDev: false },
    logging: yogaLogger(logger),
    plugins: [
      useCompiledExecution(),
      queryLimitsPlugin(config.graphiql),
      useOperationLabel(),
      useApiErrorCodes,
      // After the codes are the API's: the log line names the codes the client was given.
      useRequestLogFields(),
      useErrorHandler(({ errors, context }) => {
        const log = requestLog(context) ?? logger;
        for (const error of errors) {
          if (!isExpectedError(error)) log.error({ err: error }, 'unexpected error in a GraphQL request');
        }
      }),
    ],
    context: ({ req, res }): Context => {
      const session = sessionOf(res);
      return {
        db,
        settings: config.settings,
        storage,
        loginThrottle,
        registrationThrottle,
        clientAddress: req.ip ?? 'unknown',
        publicOrigin: publicOrigin(req, config.publicUrl),
        viewer: session?.user ?? null,
        sessionId: session?.sessionId ?? null,
        sessionCookie: sessionCookieFor(req, res, config.cookieSecure),
        log: req.log,
        signal: abandonedSignal(res),
      };
    },
  });
}
