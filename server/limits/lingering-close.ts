import type { Request } from 'express';

/** How much of a refused body is read and thrown away, at most, before the connection is cut. */
const LINGER_BYTES = 64 * 1024 * 1024;
const LINGER_MS = 5_000;

/**
 * After answering a request whose body is still arriving (a refused upload), go on reading and
 * discarding it for a bounded time and number of bytes, as nginx's "lingering close" does: closing
 * at once makes the client's stack reset the connection, and a client still sending (fetch, a
 * browser) then reports a network failure instead of the answer.
 */
export function lingerOnBody(req: Request): void {
  if (req.readableEnded) return;
  let discarded = 0;
  const cut = () => {
    clearTimeout(timer);
    req.socket.destroy();
  };
  const timer = setTimeout(cut, LINGER_MS).unref();
  req.on('data', (chunk: Buffer) => {
    discarded += chunk.length;
    if (discarded > LINGER_BYTES) cut();
  });
  req.once('end', () => clearTimeout(timer));
  req.once('close', () => clearTimeout(timer));
  req.resume();
}
