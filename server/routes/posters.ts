import type { RequestHandler } from 'express';
import type { Knex } from 'knex';
import { movieWithPoster } from '../../domain/catalogue/movies.js';
import { isAdmin } from '../../domain/accounts/roles.js';
import { posterKeyFromFile } from '../../domain/storage/keys.js';
import type { Storage } from '../../domain/storage/storage.js';
import { sessionOf } from '../http/authentication.js';
import { sendError } from '../http/json-errors.js';
import { sendStoredBytes } from './stored-bytes.js';

/** A poster's key is never reused for other bytes: browsers keep it for a year without asking. */
const CACHE_FOREVER = 'private, max-age=31536000, immutable';

/**
 * `GET|HEAD /posters/:file`, after `authenticateRequests`: a movie's poster, to logged-in users
 * (cookie or bearer). The file is found by the movie that names it, never by the URL alone.
 */
export function posterRoute(db: Knex, storage: Storage): RequestHandler {
  return async (req, res) => {
    const viewer = sessionOf(res)?.user;
    if (!viewer) return sendError(res, 401, 'UNAUTHENTICATED', 'Log in to see posters.');
    const key = posterKeyFromFile(String(req.params.file));
    const movie = key && (await movieWithPoster(db, key, isAdmin(viewer)));
    if (!key || !movie) return sendError(res, 404, 'NOT_FOUND', 'There is no such poster.');
    const served = await sendStoredBytes(req, res, storage, {
      key,
      etag: `"${movie.posterKey}"`,
      contentType: 'image/jpeg',
      headers: { 'Cache-Control': CACHE_FOREVER, 'X-Content-Type-Options': 'nosniff' },
    });
    if (!served) sendError(res, 404, 'NOT_FOUND', 'There is no such poster.');
  };
}
