import type { Knex } from 'knex';
import { StorageMeasure } from '../../db/models/storage-measure.js';
import type { Storage } from '../storage/storage.js';

/** What storage holds, in bytes, by what the bytes are. */
export interface StorageUsage {
  /** The uploaded files (`movies/`). */
  originals: number;
  /** The streams made from them (`streams/`). */
  renditions: number;
  /** Posters and seek-bar previews (`posters/`, `previews/`). */
  pictures: number;
  /** What resumable uploads not finished yet have received. */
  unfinishedUploads: number;
  measuredAt: Date;
}

/** The key prefixes each kind of bytes lives under, on every backend. */
const PREFIXES = {
  originals: ['movies/'],
  renditions: ['streams/'],
  pictures: ['posters/', 'previews/'],
} as const;

const SCOPE = 'all';

async function bytesUnder(storage: Storage, prefixes: readonly string[]): Promise<number> {
  let total = 0;
  for (const prefix of prefixes) for await (const object of storage.list(prefix)) total += object.size;
  return total;
}

/** Lists the store: every object under the prefixes, and every unfinished upload. */
async function measure(storage: Storage, now: Date): Promise<StorageUsage> {
  const held = await storage.resumable.listAll(now.getTime());
  return {
    originals: await bytesUnder(storage, PREFIXES.originals),
    renditions: await bytesUnder(storage, PREFIXES.renditions),
    pictures: await bytesUnder(storage, PREFIXES.pictures),
    unfinishedUploads: held.reduce((sum, upload) => sum + upload.offset, 0),
    measuredAt: now,
  };
}

async function lastMeasure(db: Knex): Promise<StorageUsage | null> {
  const row = await StorageMeasure.query(db).findById(SCOPE);
  if (!row) return null;
  // BIGINT columns come back as strings from MySQL.
  const { originals, renditions, pictures, unfinishedUploads, measuredAt } = row;
  return {
    originals: Number(originals),
    renditions: Number(renditions),
    pictures: Number(pictures),
    unfinishedUploads: Number(unfinishedUploads),
    measuredAt,
  };
}

async function keep(db: Knex, usage: StorageUsage): Promise<void> {
  const row = {
    originals: usage.originals,
    renditions: usage.renditions,
    pictures: usage.pictures,
    unfinished_uploads: usage.unfinishedUploads,
    measured_at: usage.measuredAt,
  };
  // Two processes measuring at once: the last one written stays, both true when they were taken.
  await db('storage_usage')
    .insert({ scope: SCOPE, ...row })
    .onConflict('scope')
    .merge(row);
}

/** One measure at a time per store in this process: admins loading pages at once share it. */
const measuring = new WeakMap<Storage, Promise<StorageUsage>>();

/**
 * What storage holds. Listing a large store takes a while (S3 lists 1,000 keys a request), so a
 * measure is kept in the database, shared by every process, and answered while it is younger than
 * `maxAgeSeconds`; an older one is measured again (0: every time).
 */
export async function storageUsage(
  db: Knex,
  storage: Storage,
  now: Date,
  maxAgeSeconds: number,
): Promise<StorageUsage> {
  const last = await lastMeasure(db);
  if (last && now.getTime() - last.measuredAt.getTime() < maxAgeSeconds * 1000) return last;
  let running = measuring.get(storage);
  if (!running) {
    running = measure(storage, now).then(async (usage) => {
      await keep(db, usage);
      return usage;
    });
    measuring.set(storage, running);
    void running.finally(() => measuring.delete(storage)).catch(() => undefined);
  }
  return running;
}
