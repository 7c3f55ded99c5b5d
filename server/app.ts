import type { RequestListener } from 'node:http';
import express, { type Express, type Router } from 'express';
import type { Database } from '../db/connection.js';
import type { SecretBox } from '../domain/accounts/secret-box.js';
import { ticketChecks } from '../domain/commerce/tickets.js';
import { ROUTES } from '../domain/core/routes.js';
import { cachedStreamVariants } from '../domain/media/processing.js';
import type { TusStorage } from '../domain/storage/tus-store.js';
import { addressMatcher } from './http/address-rule.js';
import { authenticateRequests } from './http/authentication.js';
import type { Config } from './config/config.js';
import { corsFor, corsOfSimpleRequest } from './http/cors.js';
import { requireCsrfHeaderOnForms } from './http/csrf.js';
import { graphiqlRoutes } from './routes/graphiql.js';
import { createGraphQLHandler } from './graphql/graphql.js';
import { healthRoute } from './routes/health.js';
import { jsonErrors, sendError } from './http/json-errors.js';
import { mediaRoute } from './routes/media.js';
import { mediaPath } from './routes/media-path.js';
import { createMetrics, type Metrics } from './observability/metrics.js';
import { posterRoute } from './routes/posters.js';
import { previewsRoute } from './routes/previews.js';
import { streamRoute } from './routes/stream.js';
import { requestLogger, requestObserver, type RequestObserver } from './observability/request-log.js';
import type { Logger } from './observability/logger.js';
import { resumableUploadsRoute } from './uploads/resumable-uploads.js';
import { slowClientLimits } from './limits/slow-clients.js';
import { forgetUploadLength, uploadGate, uploadParser } from './uploads/multipart-uploads.js';
import { webClientRoutes } from './routes/web-client.js';

/** GraphiQL's page and files; without a build, a warning instead (`npm start` builds it). */
function graphiql(logger: Logger): Router {
  const { router, ready } = graphiqlRoutes();
  if (!ready) logger.warn('GraphiQL is not built (npm run build:web): GET /graphql serves no page');
  return router;
}

/**
 * What the HTTP server answers with: the media path first (server/routes/media-path.ts), which
 * answers a ticket's bytes and stream before Express; Express for everything else.
 */
export function createApp(
  config: Config,
  database: Database,
  storage: TusStorage,
  logger: Logger,
  secrets: SecretBox,
): RequestListener {
  const db = database.knex;
  const observeRequest = requestObserver(logger, config.trustProxy);
  const metrics = createMetrics(db, logger, config.metrics);
  const checks = ticketChecks(db, config.ticketCheckCacheMs);
  const { clock } = config.settings;
  const media = mediaPath(
    {
      media: mediaRoute(checks, storage, clock, config),
      stream: streamRoute(cachedStreamVariants(db, config.ticketCheckCacheMs), checks, storage, clock, config),
    },
    {
      log: observeRequest,
      measure: metrics.observe,
      cors: corsOfSimpleRequest(config.corsOrigins),
      trustProxy: config.trustProxy,
    },
  );
  const app = expressApp(config, database, storage, logger, secrets, { observeRequest, metrics });
  return (req, res) => {
    if (!media(req, res)) app(req, res);
  };
}

function expressApp(
  config: Config,
  database: Database,
  storage: TusStorage,
  logger: Logger,
  secrets: SecretBox,
  observed: { observeRequest: RequestObserver; metrics: Metrics },
): Express {
  const db = database.knex;
  const { metrics } = observed;
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', addressMatcher(config.trustProxy));
  app.use(requestLogger(observed.observeRequest));
  app.use(metrics.measure);
  app.use(slowClientLimits(config.clients));
  app.use(corsFor(config.corsOrigins));
  app.get(ROUTES.healthz, healthRoute({ database: () => database.check(), storage: () => storage.check() }));
  if (metrics.route) app.get(ROUTES.metrics, metrics.route);
  app.get(`${ROUTES.posters}/:file`, authenticateRequests(db, config), posterRoute(db, storage));
  app.get(`${ROUTES.previews}/:folder/:file`, authenticateRequests(db, config), previewsRoute(db, storage));
  if (config.graphiql) app.use(graphiql(logger));
  const graphql = createGraphQLHandler(config, db, storage, logger, secrets);
  // `all`, not `use`: exactly /graphql, so that /graphql/anything gets the JSON 404 below, not Yoga's empty one.
  app.all(
    ROUTES.graphql,
    requireCsrfHeaderOnForms,
    authenticateRequests(db, config),
    uploadGate(config),
    uploadParser(),
    forgetUploadLength,
    (req, res) => graphql(req, res, { req, res }),
  );
  // Express 5's router takes `{/*id}` for "and anything below", not `*`.
  app.all(`${ROUTES.uploads}{/*id}`, ...resumableUploadsRoute(config, db, storage));
  app.use(webClientRoutes());
  app.use((_req, res) => {
    sendError(res, 404, 'NOT_FOUND', 'Not found.');
  });
  app.use(jsonErrors);
  return app;
}
