import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Movie } from '../../db/models/movie.js';
import type { Clock } from '../../domain/core/clock.js';
import { contentTypeOf, downloadNameOfMovie } from '../../domain/catalogue/movie-media.js';
import type { Storage } from '../../domain/storage/storage.js';
import type { TicketChecks } from '../../domain/commerce/tickets.js';
import { ConfigError } from '../config/config-error.js';
import type { Config } from '../config/config.js';
import { dispositionOf } from './disposition.js';
import { sendError } from '../http/json-errors.js';
import { sendStoredBytes } from './stored-bytes.js';

/** How long a pre-signed URL works at most: enough to follow the redirect, never past the ticket. */
const PRESIGNED_SECONDS = 300;

function gone(res: ServerResponse): void {
  sendError(res, 410, 'NOT_FOUND', 'This video is no longer available.');
}

/** How the bytes of a ticket leave: redirected to the store, named to nginx, or sent by this server. */
export type MediaDelivery = Pick<Config, 'mediaRedirect' | 'mediaOffload'>;

/** The bytes, passed through this server (or nginx) with Range and the validators. */
async function proxied({ req, res, inline }: MediaRequest, storage: Storage, movie: Movie, delivery: MediaDelivery) {
  const served = await sendStoredBytes(
    req,
    res,
    storage,
    {
      key: movie.storageKey,
      // Strong, from the content itself, so Range resumes and If-Range survive a re-deploy.
      etag: `"${movie.sha256}"`,
      contentType: contentTypeOf(movie),
      headers: {
        'Content-Disposition': dispositionOf(inline ? 'inline' : 'attachment', downloadNameOfMovie(movie)),
        'Cache-Control': 'private',
        'X-Content-Type-Options': 'nosniff',
      },
    },
    delivery.mediaOffload,
  );
  if (!served) gone(res);
}

/** A redirect to the store itself, which then serves the bytes (with Range) until the URL expires. */
async function redirected({ res, inline }: MediaRequest, storage: Storage, movie: Movie, ticketLeftMs: number) {
  const url = await storage.presignedUrl!(movie.storageKey, {
    filename: downloadNameOfMovie(movie),
    contentType: contentTypeOf(movie),
    inline,
    expiresInSeconds: presignedSeconds(ticketLeftMs),
  });
  redirect(res, url);
}

/** A 302 to a URL of the store, never kept by a cache: the URL expires. */
export function redirect(res: ServerResponse, url: string): void {
  res.writeHead(302, { Location: url, 'Cache-Control': 'no-store', 'Content-Length': '0' }).end();
}

/** A request under `/media/:ticket`, as the media path (server/routes/media-path.ts) parsed it. */
export interface MediaRequest {
  req: IncomingMessage;
  res: ServerResponse;
  /** The ticket's token, as the URL gives it (decoded). */
  ticket: string;
  /** `?inline=1`: a browser should play it (a `<video>` source) rather than save it. */
  inline: boolean;
}

/** Answers one request under `/media/:ticket`. */
export type MediaHandler = (request: MediaRequest) => Promise<void>;

/**
 * `GET|HEAD /media/:ticket`: the bytes of a ticket's video, with Range, or with MEDIA_REDIRECT=presigned
 * a redirect to a short-lived URL of the store. The key is never built from the URL: the ticket
 * names the movie, the movie its storage key. `?inline=1` asks a browser to play it (a `<video>`
 * source) instead of saving it.
 */
export function mediaRoute(
  checks: TicketChecks,
  storage: Storage,
  clock: Clock,
  delivery: MediaDelivery,
): MediaHandler {
  return async (request) => {
    const ticket = await readyTicket(checks, clock, request);
    if (!ticket) return;
    // A pre-signed URL is signed for GET only; HEAD needs no bytes, so this server answers it.
    if (delivery.mediaRedirect === 'presigned' && request.req.method === 'GET') {
      return redirected(request, storage, ticket.movie, ticket.leftMs);
    }
    return proxied(request, storage, ticket.movie, delivery);
  };
}

/** A ticket that serves bytes right now: its movie, and how long it has left. */
export interface ReadyTicket {
  movie: Movie;
  leftMs: number;
}

/**
 * The ticket rule at the HTTP gate, for everything a ticket opens (its bytes, its stream): the
 * request's ticket when it serves now, else null with the refusal already answered
 * (404 unknown, 410 expired or deleted, 403 holder locked, 425 with Retry-After before its wait).
 */
export async function readyTicket(
  checks: TicketChecks,
  clock: Clock,
  { ticket, res }: MediaRequest,
): Promise<ReadyTicket | null> {
  const state = await checks(ticket, clock.now());
  switch (state.kind) {
    case 'unknown':
      sendError(res, 404, 'NOT_FOUND', 'This download link is not valid.');
      return null;
    case 'expired':
      sendError(res, 410, 'NOT_FOUND', 'This download link has expired. Ask for a new one.');
      return null;
    case 'locked':
      sendError(res, 403, 'ACCOUNT_LOCKED', 'The account of this download link is locked. Ask an administrator.');
      return null;
    case 'gone':
      gone(res);
      return null;
    case 'early':
      res.setHeader('Retry-After', String(state.retryAfterSeconds));
      sendError(res, 425, 'TOO_EARLY', `This download starts in ${state.retryAfterSeconds} s.`);
      return null;
  }
  return { movie: state.movie, leftMs: state.expiresAt.getTime() - clock.now().getTime() };
}

/** How long a pre-signed URL of a ticket's bytes may work: enough to follow the redirect, never past the ticket. */
export function presignedSeconds(ticketLeftMs: number): number {
  return Math.max(1, Math.min(PRESIGNED_SECONDS, Math.floor(ticketLeftMs / 1000)));
}

/**
 * MEDIA_REDIRECT=presigned needs a storage that hands bytes out itself, MEDIA_OFFLOAD=x-accel files
 * that nginx can read: each is refused at start otherwise.
 */
export function assertMediaDelivery({ mediaRedirect, mediaOffload }: MediaDelivery, storage: Storage): void {
  if (mediaOffload === 'x-accel' && storage.presignedUrl) {
    throw new ConfigError(
      'MEDIA_OFFLOAD',
      'cannot be x-accel with object storage (STORAGE_URL): nginx sends files under MEDIA_DIR only',
      mediaOffload,
    );
  }
  if (mediaRedirect === 'presigned' && !storage.presignedUrl) {
    throw new ConfigError(
      'MEDIA_REDIRECT',
      'cannot be presigned with files under MEDIA_DIR: only object storage (STORAGE_URL) hands out pre-signed URLs',
      mediaRedirect,
    );
  }
}
