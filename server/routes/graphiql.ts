import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Router } from 'express';
import { GRAPHIQL_ASSETS_PATH, ROUTES } from '../../domain/core/routes.js';
import { precompressedFiles } from './precompressed-files.js';
import { securityHeaders } from './security-headers.js';

/** Where web/build-graphiql.ts writes GraphiQL: its page, and its files under assets/. */
const GRAPHIQL_DIR = fileURLToPath(new URL('../../dist/graphiql', import.meta.url));

/**
 * GraphiQL for a browser's `GET /graphql` (one that accepts HTML, as Yoga decided), as built once
 * by web/build-graphiql.ts: a page of half a kilobyte, and files named by their content, cached for
 * good and sent precompressed, under the web client's security headers but for inline styles
 * (server/routes/security-headers.ts). Without a build, none (`ready` says so).
 */
export function graphiqlRoutes(dir = GRAPHIQL_DIR): { router: Router; ready: boolean } {
  const router = Router();
  const page = join(dir, 'index.html');
  if (!existsSync(page)) return { router, ready: false };
  router.use(
    GRAPHIQL_ASSETS_PATH,
    precompressedFiles(join(dir, 'assets'), (res) => {
      securityHeaders(res, 'graphiql');
      res.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
    }),
  );
  router.get(ROUTES.graphql, (req, res, next) => {
    if (!req.headers.accept?.includes('text/html')) return next();
    securityHeaders(res, 'graphiql');
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(page);
  });
  return { router, ready: true };
}
