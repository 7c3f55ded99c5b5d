import type { RequestHandler } from 'express';
import type { Knex } from 'knex';
import { isAdmin } from '../../domain/accounts/roles.js';
import { movieWithPreviews } from '../../domain/catalogue/movies.js';
import { previewsKeyFromPath } from '../../domain/storage/keys.js';
import type { Storage } from '../../domain/storage/storage.js';
import { sessionOf } from '../http/authentication.js';
import { sendError } from '../http/json-errors.js';
import { sendStoredBytes } from './stored-bytes.js';

/** A previews folder is never reused for other bytes (a new run makes a new one). */
const CACHE_FOREVER = 'private, max-age=31536000, immutable';

/**
 * `GET|HEAD /previews/:folder/:file`, after `authenticateRequests`: a movie's seek-bar previews
 * (`previews.vtt` and the sprite sheets it names), to logged-in users, as its poster is. The files
 * are found by the movie that names the folder, never by the URL alone.
 */
export function previewsRoute(db: Knex, storage: Storage): RequestHandler {
  return async (req, res) => {
    const viewer = sessionOf(res)?.user;
    if (!viewer) return sendError(res, 401, 'UNAUTHENTICATED', 'Log in to see previews.');
    const named = previewsKeyFromPath(String(req.params.folder), String(req.params.file));
    const movie = named && (await movieWithPreviews(db, named.folder, isAdmin(viewer)));
    if (!named || !movie) return sendError(res, 404, 'NOT_FOUND', 'There are no such previews.');
    const served = await sendStoredBytes(req, res, storage, {
      key: named.key,
      etag: `"${named.key.slice('previews/'.length)}"`,
      contentType: named.key.endsWith('.vtt') ? 'text/vtt; charset=utf-8' : 'image/jpeg',
      headers: { 'Cache-Control': CACHE_FOREVER, 'X-Content-Type-Options': 'nosniff' },
    });
    if (!served) sendError(res, 404, 'NOT_FOUND', 'There are no such previews.');
  };
}
