import { Server as TusServer, type ServerOptions } from '@tus/server';
import { ERRORS } from '@tus/utils';
import type { Request, RequestHandler, Response } from 'express';
import type { Knex } from 'knex';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { NodeRequest, sendNodeResponse } from 'srvx/node';
import { AppError, isAppError, notFound } from '../../domain/core/errors.js';
import { ROUTES } from '../../domain/core/routes.js';
import type { Storage } from '../../domain/storage/storage.js';
import { OWNER_KEY, type TusStorage } from '../../domain/storage/tus-store.js';
import { isOutOfSpace } from '../../domain/storage/out-of-space.js';
import { keptMetadata } from '../../domain/catalogue/upload-metadata.js';
import { checkUploader, checkUploadSize, noRoomLeft } from '../../domain/catalogue/upload-policy.js';
import { authenticateRequests, gateUserOf, sessionOf } from '../http/authentication.js';
import type { Config } from '../config/config.js';
import { hasCsrfHeader } from '../http/csrf.js';
import { codeForStatus, errorBody, sendRefusal } from '../http/json-errors.js';
import { lingerOnBody } from '../limits/lingering-close.js';
import { bodyStreamOf } from './request-body.js';

/** The methods of the tus protocol that change an upload; a cross-site page must not send them. */
const CHANGING = new Set(['POST', 'PATCH', 'DELETE']);
const PROTOCOL = new Set(['HEAD', ...CHANGING]);

type TusRequest = Parameters<NonNullable<ServerOptions['onUploadCreate']>>[0];

/** Answers before the body was read (a refused PATCH); the rest of it is discarded for a while. */
function refuse(req: Request, res: Response, refusal: AppError): void {
  sendRefusal(res, refusal);
  lingerOnBody(req);
}

/** The segments of the path after /uploads: none to create an upload, one (its id) for the rest. */
function segmentsOf(req: Request): string[] {
  const rest = req.path.slice(ROUTES.uploads.length);
  return rest === '' || rest === '/' ? [] : rest.slice(1).split('/');
}

/** The id the gate checked, from the Express response behind tus's web Request. */
function checkedIdOf(req: TusRequest): string | undefined {
  const res = req.runtime?.node?.res as Response | undefined;
  return res?.locals.uploadId as string | undefined;
}

/** The user the gate let through; tus hands its hooks a web Request that wraps Express's. */
function uploaderOf(req: TusRequest): number {
  const res = req.runtime?.node?.res as Response | undefined;
  const session = res && sessionOf(res);
  // onResponseError answers it as the API's JSON, with the code of its status_code.
  if (!session) throw Object.assign(new Error('Please log in first.'), { status_code: 401 });
  return session.user.id;
}

/**
 * The upload a tus request may act on (none: it creates one), or its refusal, thrown: the CSRF
 * header on every change, the upload policy (admins only; an announced length within the limit at
 * creation), and each upload to its creator.
 */
async function checkedUploadId(req: Request, res: Response, storage: Storage, config: Config) {
  if (!PROTOCOL.has(req.method)) throw new AppError('NOT_FOUND', 'Not found.');
  if (CHANGING.has(req.method) && !hasCsrfHeader(req)) {
    throw new AppError('FORBIDDEN', 'Uploads must carry the x-graphql-yoga-csrf header.');
  }
  const uploader = gateUserOf(res);
  checkUploader(uploader);
  const segments = segmentsOf(req);
  // tus itself acts on the last segment of the whole URL: one segment only, and tus is told which.
  if (req.method === 'POST' ? segments.length > 0 : segments.length !== 1) throw notFound('The upload');
  const [id] = segments;
  if (req.method === 'POST') checkUploadSize(Number(req.headers['upload-length'] ?? 0), config.settings);
  // Another admin's upload is answered as if there were none.
  else if (!id || (await storage.resumable.ownerOf(id)) !== uploader.id) throw notFound('The upload');
  return id;
}

/** Decides every tus request (but the CORS preflight) before tus reads a byte of it. */
function gate(storage: Storage, config: Config): RequestHandler {
  return async (req, res, next) => {
    if (req.method === 'OPTIONS') return next();
    try {
      res.locals.uploadId = await checkedUploadId(req, res, storage, config);
    } catch (err) {
      if (!isAppError(err)) throw err;
      return refuse(req, res, err);
    }
    next();
  };
}

/**
 * tus answers a few refusals itself, in plain text (a missing Tus-Resumable header, a header it
 * cannot read): here every refusal is the API's JSON with a code, as everywhere else.
 */
class JsonRefusingTusServer extends TusServer {
  /** As tus's own, but the body reaches tus without a copy of every chunk (see request-body.ts). */
  override async handle(req: IncomingMessage, res: ServerResponse) {
    const request = new NodeRequest({ req, res });
    let body: ReadableStream<Uint8Array> | null | undefined;
    const hasBody = req.method !== 'GET' && req.method !== 'HEAD';
    Object.defineProperty(request, 'body', { get: () => (body ??= hasBody ? bodyStreamOf(req) : null) });
    return sendNodeResponse(res, await this.handleWeb(request));
  }

  override write(...[context, headers, status, body = '']: Parameters<TusServer['write']>) {
    if (status < 400) return super.write(context, headers, status, body);
    headers.set('Content-Type', 'application/json; charset=utf-8');
    if (body.startsWith('{')) return super.write(context, headers, status, body);
    const message =
      status === 412 ? 'Resumable uploads need the header Tus-Resumable: 1.0.0.' : `${body.trim() || 'Bad request'}.`;
    return super.write(context, headers, status, JSON.stringify(errorBody(codeForStatus(status), message)));
  }
}

/**
 * tus answers 501 when a request asks for an extension the store does not offer (concatenation, which
 * tus-js-client uses with `parallelUploads` over 1): the client's choice to change, not a fault.
 */
function unoffered(body: string): string {
  if (body === ERRORS.UNSUPPORTED_CONCATENATION_EXTENSION.body) {
    return 'Parallel uploads (the tus concatenation extension) are not offered: send the file as one upload.';
  }
  return 'This server does not offer that extension of the tus protocol (see Tus-Extension in OPTIONS /uploads).';
}

function tusServer(storage: TusStorage, config: Config): TusServer {
  return new JsonRefusingTusServer({
    path: ROUTES.uploads,
    datastore: storage.tusStore(),
    maxSize: config.settings.maxUploadBytes,
    // The upload's URL is relative to the one the client called: no Host header is trusted.
    relativeLocation: true,
    // The id the gate checked for its owner, never one tus would read from elsewhere in the URL.
    getFileIdFromRequest: (req) => checkedIdOf(req),
    // server/http/cors.ts decides; without this, tus answers every origin with `*`.
    allowedOrigins: (origin) => config.corsOrigins.includes(origin),
    exposedHeaders: ['X-Request-Id'],
    // Whatever a client puts in the metadata, the owner is the caller.
    onUploadCreate: (req, upload) =>
      Promise.resolve({ metadata: keptMetadata(upload.metadata, { [OWNER_KEY]: String(uploaderOf(req)) }) }),
    onResponseError: (req, err) => {
      if (isOutOfSpace(err)) {
        return { status_code: 413, body: JSON.stringify(errorBody('PAYLOAD_TOO_LARGE', noRoomLeft().message)) };
      }
      const status = 'status_code' in err ? err.status_code : 500;
      if (status === 501 && 'body' in err) {
        return { status_code: 400, body: JSON.stringify(errorBody('BAD_USER_INPUT', unoffered(err.body))) };
      }
      if (status >= 500)
        (req.runtime?.node?.req as Request | undefined)?.log.error({ err }, 'a resumable upload failed');
      const message =
        status >= 500 ? 'Something went wrong on the server.' : ('body' in err ? err.body : err.message).trim();
      return { status_code: status, body: JSON.stringify(errorBody(codeForStatus(status), message)) };
    },
  });
}

/** The tus 1.0.0 endpoint (core, creation, termination, expiration), behind the same login as GraphQL. */
export function resumableUploadsRoute(config: Config, db: Knex, storage: TusStorage): RequestHandler[] {
  const tus = tusServer(storage, config);
  return [
    authenticateRequests(db, config),
    gate(storage, config),
    (req, res, next) => {
      tus.handle(req, res).catch(next);
    },
  ];
}
