import { createServer, type Server } from 'node:http';
import type { Express } from 'express';
import type { ClientLimits } from './config/config.js';
import { capConnectionsPerAddress } from './connection-cap.js';

/** A socket with no traffic either way for this long is closed (a stalled sender or reader). */
const IDLE_SOCKET_MS = 120_000;

/**
 * The HTTP server around the app. Node's `requestTimeout` (5 minutes for the whole request by
 * default) would cut off any upload slower than that, e.g. 2 GB at 50 Mbit/s: it is off, and
 * server/slow-clients.ts bounds each body instead. Headers get the deadline of a small body.
 */
export function createHttpServer(app: Express, limits: ClientLimits): Server {
  const server = createServer(app);
  server.requestTimeout = 0;
  server.headersTimeout = limits.bodyTimeoutSeconds * 1000;
  server.setTimeout(IDLE_SOCKET_MS);
  capConnectionsPerAddress(server, limits.maxConnectionsPerAddress);
  return server;
}
