import type { DownloadRecord } from '../db/models/download-record.js';
import * as downloads from '../domain/commerce/downloads.js';
import { mediaPath, streamPath } from '../domain/core/routes.js';
import { isStreamReady } from '../domain/media/processing.js';
import { builder } from './builder.js';
import { resolvePage } from './connections.js';
import { rowIdOf } from './ids.js';
import { loadMovies } from './loaders.js';
import { MovieRef } from './movie.js';
import { viewerOf } from './viewer.js';

const DownloadTicketRef = builder.objectRef<downloads.IssuedTicket>('DownloadTicket').implement({
  fields: (t) => ({
    url: t.string({
      description:
        'An absolute URL that serves the bytes to whoever holds it (GET or HEAD, with Range); docs/api.md shows the flow.',
      resolve: (ticket, _args, context) => `${context.publicOrigin}${mediaPath(ticket.token)}`,
    }),
    streamUrl: t.string({
      nullable: true,
      description:
        'An absolute URL of the HLS master playlist, served under the same rules and for as long as `url`; null until the stream is READY.',
      resolve: (ticket, _args, context) =>
        isStreamReady(ticket.movie) ? `${context.publicOrigin}${streamPath(ticket.token)}` : null,
    }),
    waitSeconds: t.exposeInt('waitSeconds'),
    availableAt: t.expose('availableAt', {
      type: 'DateTime',
      description: 'The bytes are served from this instant on.',
    }),
    expiresAt: t.expose('expiresAt', { type: 'DateTime' }),
    price: t.exposeInt('price', { description: 'What this download cost (0 when free or already bought).' }),
    movie: t.field({ type: MovieRef, resolve: (ticket) => ticket.movie }),
  }),
});

const DownloadRecordRef = builder.objectRef<DownloadRecord>('DownloadRecord').implement({
  fields: (t) => ({
    id: t.globalID({ resolve: (record) => ({ type: 'DownloadRecord', id: record.id }) }),
    movie: t.loadable({
      type: MovieRef,
      description: 'Also a movie deleted since.',
      load: loadMovies,
      resolve: (record) => record.movieId,
    }),
    price: t.exposeInt('price', { description: 'What the download cost.' }),
    downloadedAt: t.expose('downloadedAt', { type: 'DateTime' }),
  }),
});

builder.queryFields((t) => ({
  downloadRecords: t.connection(
    {
      type: DownloadRecordRef,
      description: 'The viewer’s own downloads, newest first.',
      resolve: (_root, args, context) =>
        resolvePage(args, (page) => downloads.listDownloadRecords(context.db, viewerOf(context).id, page)),
    },
    { name: 'DownloadRecordConnection' },
    { name: 'DownloadRecordEdge' },
  ),
}));

builder.mutationFields((t) => ({
  downloadMovie: t.field({
    type: DownloadTicketRef,
    description: 'Charges the price (once per paid video), records the download and returns a ticket for the bytes.',
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, args, context) =>
      downloads.downloadMovie(context.db, context.settings, viewerOf(context).id, rowIdOf('Movie', args.id)),
  }),
}));
