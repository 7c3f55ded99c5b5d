import { randomUUID } from 'node:crypto';
import express, { type ErrorRequestHandler, type Express } from 'express';
import type { Knex } from 'knex';
import { pinoHttp } from 'pino-http';
import type { Storage } from '../domain/storage/storage.js';
import { authenticateRequests } from './authentication.js';
import type { Config } from './config.js';
import { requireCsrfHeaderOnForms } from './csrf.js';
import { createGraphQLHandler } from './graphql.js';
import { healthRoute } from './health.js';
import { mediaRoute } from './media.js';
import type { Logger } from './logger.js';
import { forgetUploadLength, uploadGate, uploadParser } from './uploads.js';

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

function codeForStatus(status: number): string {
  if (status === 401) return 'UNAUTHENTICATED';
  if (status === 403) return 'FORBIDDEN';
  if (status === 404) return 'NOT_FOUND';
  if (status === 413) return 'PAYLOAD_TOO_LARGE';
  if (status === 429) return 'TOO_MANY_REQUESTS';
  return status >= 500 ? 'INTERNAL_SERVER_ERROR' : 'BAD_USER_INPUT';
}

/** JSON for whatever Express itself refuses (bad bodies, upload limits), never its HTML page or a stack. */
const jsonErrors: ErrorRequestHandler = (err, req, res, _next) => {
  const given = (err as { status?: unknown } | null)?.status;
  const status = typeof given === 'number' && given >= 400 && given < 600 ? given : 500;
  if (status >= 500) req.log.error({ err }, 'request failed');
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const message =
    status >= 500 ? 'Something went wrong on the server.' : String((err as Error)?.message ?? 'Bad request.');
  res.status(status).json({ errors: [{ message, extensions: { code: codeForStatus(status) } }] });
};

export function createApp(config: Config, db: Knex, storage: Storage, logger: Logger): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', config.trustProxy);
  app.use(
    pinoHttp({
      logger,
      genReqId: (req, res) => {
        const given = req.headers['x-request-id'];
        const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
        res.setHeader('X-Request-Id', id);
        return id;
      },
    }),
  );
  app.get('/healthz', healthRoute(db));
  app.get('/media/:ticket', mediaRoute(db, storage));
  const graphql = createGraphQLHandler(config, db, storage, logger);
  // `all`, not `use`: exactly /graphql, so that /graphql/anything gets the JSON 404 below, not Yoga's empty one.
  app.all(
    '/graphql',
    requireCsrfHeaderOnForms,
    authenticateRequests(db, config),
    uploadGate(config),
    uploadParser(config),
    forgetUploadLength,
    (req, res) => graphql(req, res, { req, res }),
  );
  app.use((_req, res) => {
    res.status(404).json({ errors: [{ message: 'Not found.', extensions: { code: 'NOT_FOUND' } }] });
  });
  app.use(jsonErrors);
  return app;
}
