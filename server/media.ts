import type { RequestHandler, Response } from 'express';
import type { Knex } from 'knex';
import send from 'send';
import type { Movie } from '../db/models/movie.js';
import { contentTypeOf, downloadNameOfMovie } from '../domain/media/movie-media.js';
import { LocalStorage } from '../domain/storage/local-storage.js';
import type { Storage } from '../domain/storage/storage.js';
import { ticketState } from '../domain/tickets.js';
import { dispositionOf } from './disposition.js';
import { sendError } from './json-errors.js';

/** What describes the bytes; an error answer (412, 416, …) carries none of it. */
const DOWNLOAD_HEADERS = ['ETag', 'Last-Modified', 'Accept-Ranges', 'Content-Type', 'Content-Disposition'];

/** The validator goes first: `send` reads it for If-Range, If-None-Match and If-Match. */
function setValidator(res: Response, movie: Movie): void {
  // Strong, from the content itself, so Range resumes and If-Range survive a re-deploy.
  res.set('ETag', `"${movie.sha256}"`);
}

/** Set only once `send` is about to answer with the bytes, never on one of its error answers. */
function setDownloadHeaders(res: Response, movie: Movie, inline: boolean): void {
  res.set({
    'Content-Type': contentTypeOf(movie),
    'Content-Disposition': dispositionOf(inline ? 'inline' : 'attachment', downloadNameOfMovie(movie)),
    'Cache-Control': 'private',
    'X-Content-Type-Options': 'nosniff',
  });
}

/**
 * `GET|HEAD /media/:ticket`: the bytes of a ticket's video, with Range. The path is never built from
 * the URL: the ticket names the movie, the movie its storage key. `?inline=1` asks a browser to
 * play it (a `<video>` source) instead of saving it.
 */
export function mediaRoute(db: Knex, storage: Storage): RequestHandler {
  return async (req, res, next) => {
    const state = await ticketState(db, String(req.params.ticket));
    switch (state.kind) {
      case 'unknown':
        return sendError(res, 404, 'NOT_FOUND', 'This download link is not valid.');
      case 'expired':
        return sendError(res, 410, 'NOT_FOUND', 'This download link has expired. Ask for a new one.');
      case 'gone':
        return sendError(res, 410, 'NOT_FOUND', 'This video is no longer available.');
      case 'early':
        res.set('Retry-After', String(state.retryAfterSeconds));
        return sendError(res, 425, 'TOO_EARLY', `This download starts in ${state.retryAfterSeconds} s.`);
    }
    const path = storage instanceof LocalStorage ? storage.localPath(state.movie.storageKey) : null;
    if (!path) return next(new Error('this storage cannot serve files yet'));
    const movie = state.movie;
    const inline = req.query.inline === '1';
    setValidator(res, movie);
    send(req, path, { cacheControl: false, dotfiles: 'allow', index: false })
      .on('headers', () => setDownloadHeaders(res, movie, inline))
      .on('error', (err: Error & { status?: number }) => {
        for (const header of DOWNLOAD_HEADERS) res.removeHeader(header);
        const status = err.status ?? 500;
        if (status === 404) return sendError(res, 410, 'NOT_FOUND', 'This video is no longer available.');
        if (status < 500) return sendError(res, status, 'BAD_USER_INPUT', err.message);
        next(err);
      })
      .pipe(res);
  };
}
