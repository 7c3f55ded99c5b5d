import { createServer, type Server } from 'node:http';
import type { Express } from 'express';

/** A socket with no traffic either way for this long is closed (a stalled sender or reader). */
const IDLE_SOCKET_MS = 120_000;

/**
 * The HTTP server around the app. Node's default `requestTimeout` (5 minutes for the whole request)
 * would cut off any upload slower than that, e.g. 2 GB at 50 Mbit/s: an idle socket ends instead.
 */
export function createHttpServer(app: Express): Server {
  const server = createServer(app);
  server.requestTimeout = 0;
  server.setTimeout(IDLE_SOCKET_MS);
  return server;
}
