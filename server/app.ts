import { randomUUID } from 'node:crypto';
import express, { type Express } from 'express';
import type { Database } from '../db/connection.js';
import { pinoHttp } from 'pino-http';
import type { Storage } from '../domain/storage/storage.js';
import { authenticateRequests } from './authentication.js';
import type { Config } from './config.js';
import { corsFor } from './cors.js';
import { requireCsrfHeaderOnForms } from './csrf.js';
import { createGraphQLHandler } from './graphql.js';
import { healthRoute } from './health.js';
import { jsonErrors, sendError } from './json-errors.js';
import { mediaRoute } from './media.js';
import { posterRoute } from './posters.js';
import type { Logger } from './logger.js';
import { slowClientLimits } from './slow-clients.js';
import { forgetUploadLength, uploadGate, uploadParser } from './uploads.js';

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;
const MEDIA_TICKET = /^\/media\/[^/?#]*/;

export function createApp(config: Config, database: Database, storage: Storage, logger: Logger): Express {
  const db = database.knex;
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
      // A download ticket lets whoever holds it fetch the video: it must not reach the logs.
      serializers: { req: (req: { url?: string }) => ({ ...req, url: req.url?.replace(MEDIA_TICKET, '/media/…') }) },
    }),
  );
  app.use(slowClientLimits(config.clients));
  app.use(corsFor(config.corsOrigins));
  app.get('/healthz', healthRoute(database.check));
  app.get('/media/:ticket', mediaRoute(db, storage));
  app.get('/posters/:file', authenticateRequests(db, config), posterRoute(db, storage));
  const graphql = createGraphQLHandler(config, db, storage, logger);
  // `all`, not `use`: exactly /graphql, so that /graphql/anything gets the JSON 404 below, not Yoga's empty one.
  app.all(
    '/graphql',
    requireCsrfHeaderOnForms,
    authenticateRequests(db, config),
    uploadGate(config),
    uploadParser(),
    forgetUploadLength,
    (req, res) => graphql(req, res, { req, res }),
  );
  app.use((_req, res) => {
    sendError(res, 404, 'NOT_FOUND', 'Not found.');
  });
  app.use(jsonErrors);
  return app;
}
