import { uploadPath } from '../domain/core/routes.js';
import { unfinishedUploadsOf, type UnfinishedUpload } from '../domain/catalogue/resumable-uploads.js';
import { builder } from './builder.js';
import { viewerOf } from './viewer.js';

const ResumableUploadRef = builder.objectRef<UnfinishedUpload>('ResumableUpload').implement({
  description:
    'An upload over tus that its creator has not finished; name, description, isFree, filename and ' +
    'fingerprint are what the client put in its Upload-Metadata at creation (null when it put none).',
  fields: (t) => ({
    id: t.exposeString('id', { description: 'What finishUpload takes: the last segment of `url`.' }),
    url: t.string({
      description: 'The absolute URL of the upload, for HEAD, PATCH and DELETE (tus).',
      resolve: (upload, _args, context) => `${context.publicOrigin}${uploadPath(upload.id)}`,
    }),
    size: t.expose('size', { type: 'SafeInt', description: 'The announced length, in bytes.' }),
    offset: t.expose('offset', { type: 'SafeInt', description: 'The bytes that arrived: what HEAD answers.' }),
    name: t.exposeString('name', { nullable: true }),
    description: t.exposeString('description', { nullable: true }),
    isFree: t.exposeBoolean('isFree', { nullable: true }),
    filename: t.exposeString('filename', { nullable: true }),
    fingerprint: t.exposeString('fingerprint', { nullable: true }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    expiresAt: t.expose('expiresAt', {
      type: 'DateTime',
      description: 'When it is removed with its bytes if it is not finished (UPLOAD_EXPIRY_SECONDS after creation).',
    }),
  }),
});

builder.queryFields((t) => ({
  resumableUploads: t.field({
    type: [ResumableUploadRef],
    authScopes: { uploader: true },
    description:
      'The viewer’s own unfinished uploads, newest first: to resume (from `offset`) and finish, or to delete.',
    resolve: (_root, _args, context) =>
      unfinishedUploadsOf(context.storage, viewerOf(context).id, context.settings.clock.now()),
  }),
}));
