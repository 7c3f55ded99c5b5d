import { isAdmin } from '../domain/accounts/roles.js';
import { previewsPath } from '../domain/core/routes.js';
import { previewsFolderOf } from '../domain/storage/keys.js';
import { reprocessMovie } from '../domain/media/reprocess.js';
import { processingOf, streamableRenditions, type Processing } from '../domain/media/processing.js';
import type { Rendition } from '../db/models/rendition.js';
import { builder } from './builder.js';
import { rowIdOf } from './ids.js';
import { renditionsOfMovie } from './loaders.js';
import { MovieRef } from './movie.js';
import { viewerOf } from './viewer.js';

const ProcessingStateRef = builder.enumType('ProcessingState', {
  values: ['QUEUED', 'RUNNING', 'READY', 'FAILED', 'UNSUPPORTED'] as const,
  description: 'UNSUPPORTED: no picture to stream (not a video, or sound only); it can still be downloaded.',
});

const ProcessingRef = builder.objectRef<Processing>('Processing').implement({
  description: 'How far the server is with making the video play everywhere (its HLS stream).',
  fields: (t) => ({
    state: t.field({ type: ProcessingStateRef, resolve: (processing) => processing.state }),
    progress: t.exposeFloat('progress', { nullable: true, description: '0..1 while RUNNING, else null.' }),
    error: t.exposeString('error', {
      nullable: true,
      description: 'Why it FAILED, in a sentence; null for anyone but admins.',
    }),
  }),
});

const RenditionRef = builder.objectRef<Rendition>('Rendition').implement({
  description: 'One picture size of the stream: H.264 and AAC stereo in fMP4.',
  fields: (t) => ({
    width: t.exposeInt('width'),
    height: t.exposeInt('height'),
    bitrate: t.int({
      description: 'Bits per second, on average over the whole rendition.',
      resolve: (rendition) => rendition.averageBitrate ?? rendition.bitrate,
    }),
    codecs: t.string({
      description: 'As in HLS CODECS, e.g. "avc1.64001e,mp4a.40.2".',
      resolve: (rendition) => rendition.codecs ?? '',
    }),
  }),
});

builder.objectFields(MovieRef, (t) => ({
  processing: t.field({
    type: ProcessingRef,
    resolve: async (movie, _args, context) =>
      processingOf(movie, await renditionsOfMovie(context).load(movie), isAdmin(context.viewer)),
  }),
  previewsUrl: t.string({
    nullable: true,
    description:
      'An absolute URL of a WebVTT file whose cues name JPEG sprite tiles (`sprite-1.jpg#xywh=x,y,w,h`), for seek-bar previews; for logged-in users; null until made.',
    resolve: (movie, _args, context) =>
      movie.previewsKey ? `${context.publicOrigin}${previewsPath(previewsFolderOf(movie.previewsKey))}` : null,
  }),
  renditions: t.field({
    type: [RenditionRef],
    description: 'The renditions of the stream, lowest first; empty until the stream is READY.',
    resolve: async (movie, _args, context) => streamableRenditions(movie, await renditionsOfMovie(context).load(movie)),
  }),
}));

builder.mutationFields((t) => ({
  reprocessMovie: t.field({
    type: MovieRef,
    authScopes: { admin: true },
    description:
      'Makes the stream, the previews and the poster again (after a failure, or with a new ffmpeg): processing starts over as QUEUED.',
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_root, args, context) => {
      const movie = await reprocessMovie(context.db, rowIdOf('Movie', args.id));
      context.log.info(
        { event: 'movie reprocessed', movieId: movie.id, by: viewerOf(context).id },
        'movie reprocessed',
      );
      return movie;
    },
  }),
}));
