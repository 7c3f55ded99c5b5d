import { randomUUID } from 'node:crypto';
import express, { type ErrorRequestHandler, type Express } from 'express';
import type { Knex } from 'knex';
import { pinoHttp } from 'pino-http';
import type { Config } from './config.js';
import { createGraphQLHandler } from './graphql.js';
import { healthRoute } from './health.js';
import type { Logger } from './logger.js';
import { requireCsrfHeaderOnMultipart } from './csrf.js';

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/** JSON for whatever Express itself refuses (bad bodies, limits), never its HTML page or a stack. */
const jsonErrors: ErrorRequestHandler = (err, req, res, _next) => {
  const status = typeof err?.status === 'number' && err.status >= 400 && err.status < 600 ? err.status : 500;
  if (status >= 500) req.log.error({ err }, 'request failed');
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const message = status >= 500 ? 'Something went wrong on the server.' : String(err?.message ?? 'Bad request.');
  res
    .status(status)
    .json({
      errors: [
        { message, extensions: { code: err?.code ?? (status >= 500 ? 'INTERNAL_SERVER_ERROR' : 'BAD_REQUEST') } },
      ],
    });
};

export function createApp(config: Config, db: Knex, logger: Logger): Express {
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
  const graphql = createGraphQLHandler(config, db, logger);
  app.use('/graphql', requireCsrfHeaderOnMultipart);
  app.use('/graphql', (req, res) => graphql(req, res, { req, res }));
  app.use((_req, res) => {
    res.status(404).json({ errors: [{ message: 'Not found.', extensions: { code: 'NOT_FOUND' } }] });
  });
  app.use(jsonErrors);
  return app;
}
