import { storageUsage, type StorageUsage } from '../domain/catalogue/storage-usage.js';
import { builder } from './builder.js';

const StorageUsageRef = builder.objectRef<StorageUsage>('StorageUsage').implement({
  description:
    'What storage holds, in bytes, as last measured by listing it (kept up to STORAGE_USAGE_MAX_AGE_SECONDS, ' +
    'shared by every server process): listing a large store on every request would be slow.',
  fields: (t) => ({
    bytes: t.field({
      type: 'SafeInt',
      description: 'All of it: the sum of the four below.',
      resolve: (usage) => usage.originals + usage.renditions + usage.pictures + usage.unfinishedUploads,
    }),
    originals: t.expose('originals', {
      type: 'SafeInt',
      description: 'The uploaded files, deleted videos’ included until their bytes are removed.',
    }),
    renditions: t.expose('renditions', { type: 'SafeInt', description: 'The streams made from them.' }),
    pictures: t.expose('pictures', { type: 'SafeInt', description: 'Posters and seek-bar previews.' }),
    unfinishedUploads: t.expose('unfinishedUploads', {
      type: 'SafeInt',
      description: 'What resumable uploads not finished (nor expired) have received so far, every admin’s.',
    }),
    measuredAt: t.expose('measuredAt', {
      type: 'DateTime',
      description: 'When the store was listed for these figures.',
    }),
  }),
});

builder.queryFields((t) => ({
  storageUsage: t.field({
    type: StorageUsageRef,
    authScopes: { admin: true },
    description: 'What storage holds, by kind of bytes (measured at most STORAGE_USAGE_MAX_AGE_SECONDS ago).',
    resolve: (_root, _args, context) =>
      storageUsage(
        context.db,
        context.storage,
        context.settings.clock.now(),
        context.settings.storageUsageMaxAgeSeconds,
      ),
  }),
}));
