import { posterPath } from '../domain/core/routes.js';
import { downloadNameOfMovie, isPlayable, mediaInfoOf } from '../domain/catalogue/movie-media.js';
import type { MediaInfo } from '../domain/media/probe.js';
import { posterFileOf } from '../domain/storage/keys.js';
import { builder } from './builder.js';
import { MovieRef } from './movie.js';

const MediaInfoRef = builder.objectRef<MediaInfo>('MediaInfo').implement({
  description: 'What ffprobe found in the stored file.',
  fields: (t) => ({
    durationSeconds: t.exposeFloat('durationSeconds'),
    width: t.exposeInt('width', {
      nullable: true,
      description: 'Of the picture as displayed (rotation applied); null for audio only.',
    }),
    height: t.exposeInt('height', { nullable: true }),
    videoCodec: t.exposeString('videoCodec', { nullable: true, description: 'e.g. "h264".' }),
    audioCodec: t.exposeString('audioCodec', { nullable: true, description: 'e.g. "aac".' }),
    mimeType: t.exposeString('mimeType', {
      description: 'e.g. "video/mp4": the Content-Type the download is served with.',
    }),
  }),
});

builder.objectFields(MovieRef, (t) => ({
  mediaInfo: t.field({
    type: MediaInfoRef,
    nullable: true,
    description:
      'Null until the server has probed the file (in the background, soon after the upload), or when ffprobe cannot read it.',
    resolve: (movie) => mediaInfoOf(movie),
  }),
  isPlayable: t.boolean({
    nullable: true,
    description:
      'Whether the file holds a picture to play: null until the server has probed it, false when ffprobe found no video in it (it can still be downloaded).',
    resolve: (movie) => isPlayable(movie),
  }),
  downloadName: t.string({
    description:
      'The name a download is saved under (its Content-Disposition): the display name, ending in the uploaded file’s extension.',
    resolve: (movie) => downloadNameOfMovie(movie),
  }),
  posterUrl: t.string({
    nullable: true,
    description: 'An absolute URL of a JPEG still, for logged-in users; null until made, or when there is no picture.',
    resolve: (movie, _args, context) =>
      movie.posterKey ? `${context.publicOrigin}${posterPath(posterFileOf(movie.posterKey))}` : null,
  }),
}));
