import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { Router, type Response } from 'express';

/** Where `vite build` (web/vite.config.ts) writes the client. */
const WEB_CLIENT_DIR = fileURLToPath(new URL('../dist/web', import.meta.url));

// Everything the client loads comes from this origin, and no script is inline: a page that
// another site injects text into cannot run it, and no site may frame the app.
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "media-src 'self'",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** Paths that belong to the API, never to the client's history fallback. */
const SERVER_PATHS = /^\/(graphql|media|uploads|posters|healthz|metrics)(\/|$)/;
/** A path whose last segment has an extension names a file: a missing one is a 404, not the app. */
const FILE_PATH = /\.[^/]*$/;

function securityHeaders(res: Response): void {
  res.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'same-origin');
  res.setHeader('X-Frame-Options', 'DENY');
}

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
    express.static(dir, {
      index: false,
      redirect: false,
      setHeaders: (res, path) => {
        securityHeaders(res);
        // Vite names assets by their content: they never change under one name.
        res.setHeader('Cache-Control', path.includes('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    }),
  );
  router.get(/.*/, (req, res, next) => {
    const wantsPage = req.headers.accept?.includes('text/html') ?? false;
    if (!wantsPage || SERVER_PATHS.test(req.path) || FILE_PATH.test(req.path)) return next();
    securityHeaders(res);
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(index);
  });
  return router;
}
