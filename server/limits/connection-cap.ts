import type { Server } from 'node:http';
import type { Socket } from 'node:net';
import { errorBody } from '../http/json-errors.js';

/** How long a refused connection stays open for its answer to be read before the socket is closed. */
const LINGER_MS = 1000;

const REFUSAL_BODY = JSON.stringify(
  errorBody('TOO_MANY_REQUESTS', 'Too many connections from your address at once. Close some and try again.'),
);
const REFUSAL = [
  'HTTP/1.1 429 Too Many Requests',
  'Content-Type: application/json; charset=utf-8',
  `Content-Length: ${Buffer.byteLength(REFUSAL_BODY)}`,
  'Cache-Control: no-store',
  'Connection: close',
  '',
  REFUSAL_BODY,
].join('\r\n');

/**
 * Answers 429 and closes. The request is never parsed; what the client sends is read and dropped
 * meanwhile, since closing a socket with unread data resets it and can destroy the answer in transit.
 */
function refuse(socket: Socket): void {
  socket.on('error', () => socket.destroy());
  socket.resume();
  socket.end(REFUSAL);
  setTimeout(() => socket.destroy(), LINGER_MS).unref();
}

/**
 * Lets one client address hold at most `max` connections at once (0: no cap), so that a client
 * opening many slow ones cannot take every socket the process has. Node's HTTP server parses every
 * connection it hears of, so its own `connection` listener is called only for those admitted.
 */
export function capConnectionsPerAddress(server: Server, max: number): void {
  if (max === 0) return;
  const open = new Map<string, number>();
  const serveHttp = server.listeners('connection') as ((socket: Socket) => void)[];
  server.removeAllListeners('connection');
  server.on('connection', (socket: Socket) => {
    const address = socket.remoteAddress ?? '';
    const count = open.get(address) ?? 0;
    if (count >= max) return refuse(socket);
    open.set(address, count + 1);
    socket.once('close', () => {
      const left = (open.get(address) ?? 1) - 1;
      if (left === 0) open.delete(address);
      else open.set(address, left);
    });
    for (const listener of serveHttp) listener.call(server, socket);
  });
}
