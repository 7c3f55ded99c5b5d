import fresh from 'fresh';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Readable } from 'node:stream';
import parseRange from 'range-parser';
import type { ByteRange, OpenedObject, Storage } from '../../domain/storage/storage.js';
import { MEDIA_FILES_PATH } from '../../domain/core/routes.js';
import type { MediaOffload } from '../config/config.js';
import { sendError } from '../http/json-errors.js';

/** What a route serves: the bytes under a key, and what describes them. */
export interface StoredBytes {
  key: string;
  /** Strong and quoted: If-Range, If-Match and If-None-Match compare against it. */
  etag: string;
  contentType: string;
  /** The other headers of an answer that carries the bytes (disposition, caching); never of an error. */
  headers: Record<string, string>;
}

/** The whole file, one range of it, or a range that lies outside it. */
type Answer = { status: 200 } | { status: 206; range: ByteRange } | { status: 416 };

interface Validators {
  etag: string;
  /** An HTTP date, to the second: compared as the client will send it back. */
  lastModified: string;
}

function isConditional(req: IncomingMessage): boolean {
  const { headers } = req;
  return Boolean(
    headers['if-match'] || headers['if-unmodified-since'] || headers['if-none-match'] || headers['if-modified-since'],
  );
}

/** If-Match, else If-Unmodified-Since, says the client's copy is not this one (412). */
function preconditionFails(req: IncomingMessage, { etag, lastModified }: Validators): boolean {
  const match = req.headers['if-match'];
  if (match) {
    const tags = match.split(',').map((tag) => tag.trim());
    return match.trim() !== '*' && !tags.some((tag) => tag === etag || tag === `W/${etag}`);
  }
  const since = Date.parse(req.headers['if-unmodified-since'] ?? '');
  return !Number.isNaN(since) && Date.parse(lastModified) > since;
}

/**
 * Whether a Range may be served as a range: without If-Range, or when If-Range names this entity
 * tag exactly (a strong comparison) or a date not older than the bytes. Otherwise the whole file.
 */
function rangeIsFresh(req: IncomingMessage, { etag, lastModified }: Validators): boolean {
  const ifRange = req.headers['if-range'];
  if (typeof ifRange !== 'string' || !ifRange) return true;
  if (ifRange.includes('"')) return ifRange.trim() === etag;
  return Date.parse(lastModified) <= Date.parse(ifRange);
}

/** One satisfiable range answers 206; several, a malformed header or a stale If-Range the whole file. */
function answerTo(req: IncomingMessage, size: number, validators: Validators): Answer {
  const header = req.headers.range;
  if (!header || !/^ *bytes=/.test(header)) return { status: 200 };
  const ranges = parseRange(size, header, { combine: true });
  if (!rangeIsFresh(req, validators)) return { status: 200 };
  if (ranges === -1) return { status: 416 };
  if (ranges === -2 || ranges.length !== 1) return { status: 200 };
  return { status: 206, range: ranges[0]! };
}

/**
 * Sends `body` and ends the answer; a client that leaves destroys a streamed body, a failing read
 * destroys the answer. Resolves once the answer is over and the body has let go of the bytes.
 */
function sent(req: IncomingMessage, res: ServerResponse, body: Buffer | Readable): Promise<void> {
  if (Buffer.isBuffer(body)) {
    res.end(body);
    return Promise.resolve();
  }
  // pipe() rather than pipeline(): pipeline makes an AbortController per answer, a cost a player's
  // every range would pay.
  return new Promise((resolve) => {
    body.once('error', (err) => {
      req.log.error({ err }, 'reading stored bytes failed mid-answer');
      res.destroy();
    });
    body.once('close', resolve);
    // A client that left while the bytes were being opened: its answer's 'close' has passed.
    if (res.destroyed) return void body.destroy();
    res.once('close', () => body.destroy());
    body.pipe(res);
  });
}

/**
 * MEDIA_OFFLOAD=x-accel: the answer's headers, and the file named to nginx, which sends its bytes
 * and applies the request's Range and If-Range itself (against this ETag: deploy/nginx.conf puts it
 * back). Everything else (the ticket, 304, 412, 416, HEAD) this server has answered before.
 */
function namedToNginx(res: ServerResponse, served: StoredBytes, headers: Record<string, string>): void {
  // An empty body of a known length: nginx reuses its connection to this process only when it
  // has read the whole answer, which a chunked one is not when nginx turns to the file.
  res
    .writeHead(200, { ...headers, 'Content-Length': '0', 'X-Accel-Redirect': `${MEDIA_FILES_PATH}/${served.key}` })
    .end();
}

/**
 * Answers GET or HEAD with what is stored under `served.key`, from any storage: a single Range
 * (206, or 416 with a Content-Range that names the size), If-Range, If-Match, If-None-Match,
 * If-Modified-Since and If-Unmodified-Since, as the `send` package answers for a file.
 * Resolves false, having answered nothing, when nothing is stored there.
 */
export async function sendStoredBytes(
  req: IncomingMessage,
  res: ServerResponse,
  storage: Storage,
  served: StoredBytes,
  offload?: MediaOffload,
): Promise<boolean> {
  const found = await storage.openObject(served.key);
  if (!found) return false;
  try {
    return await answered(req, res, found, served, offload);
  } finally {
    found.release();
  }
}

async function answered(
  req: IncomingMessage,
  res: ServerResponse,
  found: OpenedObject,
  served: StoredBytes,
  offload: MediaOffload | undefined,
): Promise<boolean> {
  const validators = { etag: served.etag, lastModified: found.modified.toUTCString() };
  const described = { ETag: validators.etag, 'Last-Modified': validators.lastModified, 'Accept-Ranges': 'bytes' };
  if (isConditional(req)) {
    if (preconditionFails(req, validators)) {
      sendError(res, 412, 'BAD_USER_INPUT', 'The stored file is not the one this request is conditional on.');
      return true;
    }
    if (fresh(req.headers, { etag: validators.etag, 'last-modified': validators.lastModified })) {
      res.writeHead(304, { ...described, ...served.headers }).end();
      return true;
    }
  }
  const answer = answerTo(req, found.size, validators);
  if (answer.status === 416) {
    res.setHeader('Content-Range', `bytes */${found.size}`);
    sendError(res, 416, 'BAD_USER_INPUT', `The requested range lies outside the file's ${found.size} bytes.`);
    return true;
  }
  const range = answer.status === 206 ? answer.range : undefined;
  // Exactly the bytes Content-Length announces: a read to the end of a file learns of the end
  // only from one more read, after the client already has every byte.
  const read = range ?? (found.size > 0 ? { start: 0, end: found.size - 1 } : undefined);
  if (offload === 'x-accel' && req.method === 'GET' && read && !isConditional(req)) {
    // nginx says Accept-Ranges itself.
    const { ETag, 'Last-Modified': lastModified } = described;
    namedToNginx(res, served, {
      ETag,
      'Last-Modified': lastModified,
      'Content-Type': served.contentType,
      ...served.headers,
    });
    return true;
  }
  const body = req.method === 'HEAD' || !read ? undefined : await found.bytes(read);
  if (body === null) return false;
  res.writeHead(answer.status, {
    ...described,
    'Content-Type': served.contentType,
    ...served.headers,
    'Content-Length': String(read ? read.end - read.start + 1 : 0),
    ...(range ? { 'Content-Range': `bytes ${range.start}-${range.end}/${found.size}` } : {}),
  });
  if (body) await sent(req, res, body);
  else res.end();
  return true;
}
