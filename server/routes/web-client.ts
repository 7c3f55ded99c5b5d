import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Router } from 'express';
import { routeOf } from '../../domain/core/routes.js';
import { precompressedFiles } from './precompressed-files.js';
import { securityHeaders } from './security-headers.js';

/** Where `vite build` (web/vite.config.ts) writes the client. */
const WEB_CLIENT_DIR = fileURLToPath(new URL('../../dist/web', import.meta.url));

/** A path whose last segment has an extension names a file: a missing one is a 404, not the app. */
const FILE_PATH = /\.[^/]*$/;

/**
 * Serves the built web client: its files, and index.html for any other GET of a page path that
 * asks for HTML (as a browser's navigation does), so that a reload of /movies/42 opens the app
 * there while API clients still get the JSON 404. Mounted after the API's routes. Without a
 * build it serves nothing, and such requests get the JSON 404.
 */
export function webClientRoutes(dir = WEB_CLIENT_DIR): Router {
  const router = Router();
  const index = join(dir, 'index.html');
  if (!existsSync(index)) return router;
  router.use(
    precompressedFiles(dir, (res, path) => {
      securityHeaders(res);
      // Vite names assets by their content: they never change under one name.
      res.setHeader('Cache-Control', path.includes('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache');
    }),
  );
  router.get(/.*/, (req, res, next) => {
    const wantsPage = req.headers.accept?.includes('text/html') ?? false;
    if (!wantsPage || routeOf(req.path) !== undefined || FILE_PATH.test(req.path)) return next();
    securityHeaders(res);
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(index);
  });
  return router;
}
