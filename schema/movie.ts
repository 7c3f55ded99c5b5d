import { encodeGlobalID } from '@pothos/plugin-relay';
import { GraphQLUpload, type FileUpload } from 'graphql-upload-ts';
import type { Movie } from '../db/models/movie.js';
import { AppError } from '../domain/core/errors.js';
import * as movies from '../domain/catalogue/movies.js';
import { MOVIE_ORDERINGS, MOVIE_SORTS } from '../domain/catalogue/movie-order.js';
import { priceOf } from '../domain/commerce/pricing.js';
import { isAdmin } from '../domain/accounts/roles.js';
import {
  finishUpload,
  uploadMovie,
  type IncomingFile,
  type MovieArguments,
  type UploadDeps,
} from '../domain/catalogue/uploads.js';
import { waitSecondsOf } from '../domain/commerce/waiting.js';
import { builder } from './builder.js';
import type { Context } from './context.js';
import { resolvePage } from './connections.js';
import { rowIdOf } from './ids.js';
import { movieReadsOf } from './movie-reads.js';
import { boughtByViewer, primeBoughtByViewer } from './loaders.js';
import { viewerOf } from './viewer.js';

builder.addScalarType('Upload', GraphQLUpload);

export const MovieType = builder.enumType('MovieType', { values: ['ALL', 'FREE', 'CHARGE'] as const });

const MovieSort = builder.enumType('MovieSort', {
  description:
    'NEWEST and OLDEST by upload; NAME from A to Z in any case (Unicode order); LONGEST by duration, videos not probed yet last.',
  values: MOVIE_SORTS,
});

export const MovieRef = builder.objectRef<Movie>('Movie').implement({
  fields: (t) => ({
    id: t.globalID({ resolve: (movie) => ({ type: 'Movie', id: movie.id }) }),
    name: t.exposeString('name', {
      description: 'The `name` given to uploadMovie, else the uploaded file’s base name.',
    }),
    isFree: t.exposeBoolean('isFree'),
    description: t.exposeString('description', {
      description: 'Plain text (line breaks kept); empty when none was written.',
    }),
    size: t.expose('size', { type: 'SafeInt', description: 'Bytes.' }),
    fingerprint: t.exposeString('fingerprint', {
      description:
        'MD5 over the size in decimal and four 64 KiB samples (the algorithm and a worked example: docs/api.md).',
    }),
    sha256: t.exposeString('sha256', { description: 'Of the whole file, computed by the server.' }),
    uploadedAt: t.expose('uploadedAt', { type: 'DateTime' }),
    isDeleted: t.exposeBoolean('isDeleted'),
    price: t.int({
      description: 'What the current viewer pays to download it: 0 when free or already bought.',
      resolve: async (movie, _args, context) => {
        const bought = movie.isFree ? false : await boughtByViewer(context).load(movie.id);
        return priceOf(movie, viewerOf(context), bought, context.settings);
      },
    }),
    waitSeconds: t.int({
      description: 'How long the current viewer waits before the bytes are served.',
      resolve: (movie, _args, context) => waitSecondsOf(movie, viewerOf(context), context.settings),
    }),
  }),
});

const MovieCheck = builder.objectRef<{ movie: Movie | null }>('MovieCheck').implement({
  fields: (t) => ({
    exists: t.boolean({ resolve: (check) => check.movie !== null }),
    movie: t.field({ type: MovieRef, nullable: true, resolve: (check) => check.movie }),
  }),
});

function incomingFile(upload: FileUpload): IncomingFile {
  return { filename: upload.filename, open: () => upload.createReadStream() };
}

/** What both upload mutations say about the video, besides where its bytes are. */
const videoArguments = builder.args((t) => ({
  isFree: t.boolean({ required: true }),
  fingerprint: t.string({ required: true }),
  name: t.string(),
  description: t.string({
    description: 'Plain text shown with the video, up to 5000 characters; empty when not given.',
  }),
}));

type VideoArguments = Pick<MovieArguments, 'isFree' | 'fingerprint' | 'name' | 'description'>;

/** A duplicate's CONFLICT names the existing movie by the id clients know it by. */
async function namingDuplicates(accepting: Promise<Movie>): Promise<Movie> {
  try {
    return await accepting;
  } catch (err) {
    if (!(err instanceof AppError) || typeof err.details.movieId !== 'number') throw err;
    const { movieId } = err.details;
    throw new AppError(err.code, err.message, { ...err.details, movieId: encodeGlobalID('Movie', movieId) });
  }
}

/**
 * The one path of both upload mutations: the domain's decision on the bytes `accept` is given,
 * an accepted video logged as an event, a duplicate named as the API does.
 */
async function uploaded(
  context: Context,
  via: 'multipart' | 'resumable',
  video: VideoArguments,
  accept: (deps: UploadDeps, args: MovieArguments) => Promise<Movie>,
): Promise<Movie> {
  const deps = { db: context.db, storage: context.storage, settings: context.settings, signal: context.signal };
  const args = { ...video, uploader: viewerOf(context) };
  const movie = await namingDuplicates(accept(deps, args));
  const event = { event: 'movie uploaded', movieId: movie.id, bytes: movie.size, via, by: movie.uploaderId };
  context.log.info(event, 'movie uploaded');
  return movie;
}

builder.queryFields((t) => ({
  movies: t.connection(
    {
      type: MovieRef,
      description:
        'Videos that are not deleted, in `sort` order (newest first unless told); `search` matches part of the name, ' +
        'in any case. Pages are keyset pages: a cursor goes on where it was whatever is uploaded meanwhile; it ' +
        'belongs to its sort (another sort refuses it).',
      args: {
        type: t.arg({ type: MovieType, defaultValue: 'ALL', required: false }),
        search: t.arg.string(),
        sort: t.arg({ type: MovieSort, defaultValue: 'NEWEST', required: false }),
      },
      resolve: (_root, args, context, info) => {
        const sort = args.sort ?? 'NEWEST';
        const reads = movieReadsOf(info);
        return resolvePage(
          args,
          async (page) => {
            const filter = { kind: args.type ?? 'ALL', search: args.search, sort };
            const listed = await movies.listMovies(context.db, filter, page, viewerOf(context).id, reads);
            primeBoughtByViewer(context, listed);
            return listed;
          },
          MOVIE_ORDERINGS[sort],
        );
      },
    },
    { name: 'MovieConnection' },
    { name: 'MovieEdge' },
  ),
  movie: t.field({
    type: MovieRef,
    nullable: true,
    description: 'A video by id. A deleted one is answered to admins (isDeleted: true) and null to users.',
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, args, context) =>
      movies.findMovie(context.db, rowIdOf('Movie', args.id), isAdmin(viewerOf(context))),
  }),
  checkMovie: t.field({
    type: MovieCheck,
    authScopes: { admin: true },
    description: 'Whether a video that is not deleted already has this fingerprint.',
    args: { fingerprint: t.arg.string({ required: true }) },
    resolve: async (_root, args, context) => ({
      movie: await movies.movieWithFingerprint(context.db, args.fingerprint),
    }),
  }),
}));

builder.mutationFields((t) => ({
  uploadMovie: t.field({
    type: MovieRef,
    authScopes: { uploader: true },
    description:
      'Streams a video to storage (GraphQL multipart request; send the x-graphql-yoga-csrf header; see docs/api.md).',
    args: { file: t.arg({ type: 'Upload', required: true }), ...videoArguments },
    resolve: (_root, { file, ...video }, context) =>
      uploaded(context, 'multipart', video, (deps, args) =>
        uploadMovie(deps, { ...args, file: file.then(incomingFile) }),
      ),
  }),
  finishUpload: t.field({
    type: MovieRef,
    authScopes: { uploader: true },
    description:
      'Accepts a resumable upload of the caller (tus at /uploads; `uploadId` is the last segment of its URL) ' +
      'under the same rules as uploadMovie. An upload whose bytes have not all arrived is BAD_USER_INPUT and stays ' +
      'as it was, to resume; a finished one is gone afterwards, accepted or refused. docs/api.md shows the requests.',
    args: { uploadId: t.arg.string({ required: true }), ...videoArguments },
    resolve: (_root, { uploadId, ...video }, context) =>
      uploaded(context, 'resumable', video, (deps, args) => finishUpload(deps, { ...args, uploadId })),
  }),
  updateMovie: t.field({
    type: MovieRef,
    authScopes: { admin: true },
    description:
      'Changes a video’s name, description or price type; what is not given (or null) stays. A viewer who bought ' +
      'it keeps it, and tickets already issued keep their wait and window. A deleted video is NOT_FOUND.',
    args: {
      id: t.arg.id({ required: true }),
      name: t.arg.string(),
      description: t.arg.string(),
      isFree: t.arg.boolean(),
    },
    resolve: async (_root, { id, ...changes }, context) => {
      const movie = await movies.updateMovie(context.db, rowIdOf('Movie', id), changes);
      const changed = Object.keys(changes).filter((key) => changes[key as keyof typeof changes] != null);
      context.log.info(
        { event: 'movie updated', movieId: movie.id, changed, by: viewerOf(context).id },
        'movie updated',
      );
      return movie;
    },
  }),
  deleteMovie: t.field({
    type: MovieRef,
    authScopes: { admin: true },
    description: 'Soft delete: the video leaves every list and cannot be downloaded; history keeps it.',
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_root, args, context) => {
      const movie = await movies.deleteMovie(context.db, rowIdOf('Movie', args.id));
      context.log.info({ event: 'movie deleted', movieId: movie.id, by: viewerOf(context).id }, 'movie deleted');
      return movie;
    },
  }),
}));
