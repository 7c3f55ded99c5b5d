import { create as contentDisposition } from 'content-disposition';
import type { RequestHandler, Response } from 'express';
import type { Knex } from 'knex';
import { lookup } from 'mime-types';
import send from 'send';
import type { Movie } from '../db/models/movie.js';
import type { Storage } from '../domain/storage/storage.js';
import { ticketState } from '../domain/tickets.js';

function refuse(res: Response, status: number, message: string): void {
  res.status(status).set('Cache-Control', 'no-store').json({ error: message });
}

/** Only audio and video types are named; anything else is served as opaque bytes. */
function contentTypeOf(name: string): string {
  const type = lookup(name);
  return type && /^(video|audio)\//.test(type) ? type : 'application/octet-stream';
}

function setMediaHeaders(res: Response, movie: Movie): void {
  // A strong validator from the content itself, so Range resumes and If-Range survive a re-deploy.
  res.set({
    ETag: `"${movie.sha256}"`,
    'Content-Type': contentTypeOf(movie.name),
    'Content-Disposition': contentDisposition(movie.name),
    'Cache-Control': 'private',
    'X-Content-Type-Options': 'nosniff',
  });
}

/**
 * `GET|HEAD /media/:ticket`: the bytes of a ticket's video, with Range. The path is never built from
 * the URL: the ticket names the movie, the movie its storage key.
 */
export function mediaRoute(db: Knex, storage: Storage): RequestHandler {
  return async (req, res, next) => {
    const state = await ticketState(db, String(req.params.ticket));
    switch (state.kind) {
      case 'unknown':
        return refuse(res, 404, 'This download link is not valid.');
      case 'expired':
        return refuse(res, 410, 'This download link has expired. Ask for a new one.');
      case 'gone':
        return refuse(res, 410, 'This video is no longer available.');
      case 'early':
        res.set('Retry-After', String(state.retryAfterSeconds));
        return refuse(res, 425, `This download starts in ${state.retryAfterSeconds} s.`);
    }
    const path = storage.localPath(state.movie.storageKey);
    if (!path) return next(new Error('this storage cannot serve files yet'));
    setMediaHeaders(res, state.movie);
    send(req, path, { cacheControl: false, dotfiles: 'allow', index: false })
      .on('error', (err: Error & { status?: number }) => {
        if (err.status === 404) return refuse(res, 410, 'This video is no longer available.');
        next(err);
      })
      .pipe(res);
  };
}
