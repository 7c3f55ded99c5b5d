import { createReadStream } from 'node:fs';
import { createServer, type RequestListener } from 'node:http';
import { join, relative } from 'node:path';
import express from 'express';
import { openDatabase } from '../db/connection.js';
import { systemClock } from '../domain/core/clock.js';
import { MEDIA_FILES_PATH } from '../domain/core/routes.js';
import { LocalStorage } from '../domain/storage/local-storage.js';
import { ticketChecks } from '../domain/commerce/tickets.js';
import { VARIABLES } from '../server/config/variables.js';
import { mediaRoute } from '../server/routes/media.js';

/**
 * One layer of a ranged `/media` answer, served alone for `bench/media-layers.ts`:
 * `node` (Node's http and a file stream), `express` (the same in one Express route), `ticket` (and
 * the ticket check first, asking the database each time), `route` (the app's own media route,
 * with the ticket cache as the server runs it) or `x-accel` (nothing but an `X-Accel-Redirect` to
 * the file, for nginx in front to send). Prints its URL when listening.
 */

const [layer, dir, file] = process.argv.slice(2) as [string, string, string];

/** The bench sends nothing but `bytes=a-b`. */
function rangeOf(header: string | undefined): { start: number; end: number } {
  const [, start, end] = /^bytes=(\d+)-(\d+)$/.exec(header ?? '') ?? [];
  return { start: Number(start), end: Number(end) };
}

const streamRange: RequestListener = (req, res) => {
  const range = rangeOf(req.headers.range);
  res.writeHead(206, { 'Content-Length': range.end - range.start + 1 });
  createReadStream(file, range).pipe(res);
};

/** The least any server behind nginx's offload can do: name the file, with nothing checked. */
const namedFile: RequestListener = (_req, res) => {
  const key = relative(join(dir, 'media'), file);
  res.writeHead(200, { 'Content-Length': '0', 'X-Accel-Redirect': `${MEDIA_FILES_PATH}/${key}` }).end();
};

async function listener(): Promise<RequestListener> {
  if (layer === 'node') return streamRange;
  if (layer === 'x-accel') return namedFile;
  const app = express();
  if (layer === 'express') app.get('/media/:ticket', streamRange);
  else {
    const { knex: db } = await openDatabase(`sqlite:${join(dir, 'app.db')}`);
    if (layer === 'ticket') {
      const askEachTime = ticketChecks(db, 0);
      app.get('/media/:ticket', async (req, res) => {
        const state = await askEachTime(req.params.ticket, new Date());
        if (state.kind !== 'ready') return res.status(404).end();
        streamRange(req, res);
      });
    } else {
      // The app's media path answers before Express: its own listener, as server/app.ts mounts it.
      const bound = VARIABLES.TICKET_CHECK_CACHE_MS.fallback;
      const storage = new LocalStorage(join(dir, 'media'), { uploadExpirySeconds: 3600, openFileCheckMs: bound });
      const media = mediaRoute(ticketChecks(db, bound), storage, systemClock, {
        mediaRedirect: 'proxy',
        mediaOffload: undefined,
      });
      return (req, res) => void media({ req, res, ticket: req.url!.split('/')[2]!, inline: false });
    }
  }
  return app;
}

const server = createServer(await listener());
server.listen(0, '127.0.0.1', () => {
  const address = server.address() as { port: number };
  console.log(`http://127.0.0.1:${address.port}`);
});
process.once('SIGTERM', () => process.exit(0));
