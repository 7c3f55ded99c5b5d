import type { ServerResponse } from 'node:http';
import type { Movie } from '../../db/models/movie.js';
import type { TicketChecks } from '../../domain/commerce/tickets.js';
import type { Clock } from '../../domain/core/clock.js';
import { masterPlaylist, type VariantStream } from '../../domain/media/hls.js';
import { renditionFiles } from '../../domain/media/transcode.js';
import { streamKeyOf } from '../../domain/storage/keys.js';
import type { Storage } from '../../domain/storage/storage.js';
import type { MediaOffload } from '../config/config.js';
import { sendError } from '../http/json-errors.js';
import { presignedSeconds, readyTicket, redirect, type MediaDelivery, type MediaRequest } from './media.js';
import { sendStoredBytes } from './stored-bytes.js';

const PLAYLIST_TYPE = 'application/vnd.apple.mpegurl';
const MASTER = 'master.m3u8';

function noSuchFile(res: ServerResponse): void {
  sendError(res, 404, 'NOT_FOUND', 'This stream has no such file.');
}

/** The master playlist, written from the renditions' rows: it names only their playlists, relatively. */
function sendMaster(res: ServerResponse, playlist: string): void {
  res
    .writeHead(200, {
      'Content-Type': `${PLAYLIST_TYPE}; charset=utf-8`,
      'Content-Length': Buffer.byteLength(playlist),
      'Cache-Control': 'private, no-cache',
      'X-Content-Type-Options': 'nosniff',
    })
    .end(playlist);
}

/** A rendition's playlist or its media file (with Range), or a redirect to the store for the media. */
async function sendRenditionFile(
  { req, res }: MediaRequest,
  storage: Storage,
  movie: Movie,
  file: string,
  presignFor: number | null,
  offload: MediaOffload | undefined,
): Promise<void> {
  // The files of the current run: the only renditions that streamVariants names.
  const key = streamKeyOf(movie.storageKey, movie.processingRun, file)!;
  const isPlaylist = file.endsWith('.m3u8');
  const contentType = isPlaylist ? PLAYLIST_TYPE : 'video/mp4';
  if (presignFor !== null && !isPlaylist) {
    const url = await storage.presignedUrl!(key, {
      filename: file,
      contentType,
      inline: true,
      expiresInSeconds: presignFor,
    });
    redirect(res, url);
    return;
  }
  const served = await sendStoredBytes(
    req,
    res,
    storage,
    {
      key,
      // Strong, and new with each making of the stream (each run's files have keys of their own).
      etag: `"${movie.sha256}.${movie.processingRun}.${file}"`,
      contentType,
      headers: { 'Cache-Control': 'private', 'X-Content-Type-Options': 'nosniff' },
    },
    offload,
  );
  if (!served) noSuchFile(res);
}

/**
 * `GET|HEAD /media/:ticket/stream/:file` (`file` given apart): the HLS stream of a ticket's video, under exactly the
 * ticket's rules (readyTicket): `master.m3u8`, then each rendition's playlist and fMP4 file (with
 * Range). The ticket names the movie; `file` only picks one of its READY renditions' files, so no
 * URL reaches another video or a storage key. With MEDIA_REDIRECT=presigned, a GET of a media
 * file is redirected to the store.
 */
export function streamRoute(
  variantsOf: (movie: Movie) => Promise<VariantStream[]>,
  checks: TicketChecks,
  storage: Storage,
  clock: Clock,
  delivery: MediaDelivery,
): (request: MediaRequest, file: string) => Promise<void> {
  return async (request, file) => {
    const { req, res } = request;
    const ticket = await readyTicket(checks, clock, request);
    if (!ticket) return;
    const variants = await variantsOf(ticket.movie);
    if (variants.length === 0) return sendError(res, 404, 'NOT_FOUND', 'This video has no stream yet.');
    if (file === MASTER) return sendMaster(res, masterPlaylist(variants));
    const named = variants.some(({ height }) => {
      const files = renditionFiles(height);
      return file === files.playlist || file === files.media;
    });
    if (!named) return noSuchFile(res);
    const presign =
      delivery.mediaRedirect === 'presigned' && req.method === 'GET' ? presignedSeconds(ticket.leftMs) : null;
    return sendRenditionFile(request, storage, ticket.movie, file, presign, delivery.mediaOffload);
  };
}
