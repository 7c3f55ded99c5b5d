import { createServer, type RequestListener, type Server } from 'node:http';
import type { ClientLimits } from './config/config.js';
import { capConnectionsPerAddress } from './limits/connection-cap.js';

/** A socket with no traffic either way for this long is closed (a stalled sender or reader). */
const IDLE_SOCKET_MS = 120_000;

/** Node looks for late headers this often at most: a limit is then kept to within a second. */
const MAX_CHECK_INTERVAL_MS = 1000;

/**
 * The HTTP server around the app. Node's `requestTimeout` (5 minutes for the whole request by
 * default) would cut off any upload slower than that, e.g. 2 GB at 50 Mbit/s: it is off, and
 * server/limits/slow-clients.ts bounds each body instead. Headers get the deadline of a small body; Node
 * checks it only every `connectionsCheckingInterval` (30 s by default, so a 30 s limit took up to
 * a minute): here every tenth of the limit, at most every second.
 */
export function createHttpServer(app: RequestListener, limits: ClientLimits): Server {
  const headersTimeout = limits.bodyTimeoutSeconds * 1000;
  const server = createServer(
    {
      requestTimeout: 0,
      headersTimeout,
      connectionsCheckingInterval: Math.min(MAX_CHECK_INTERVAL_MS, headersTimeout / 10),
    },
    app,
  );
  server.setTimeout(IDLE_SOCKET_MS);
  capConnectionsPerAddress(server, limits.maxConnectionsPerAddress);
  return server;
}
