import { randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type { JobHandler } from '../jobs/job-worker.js';
import type { Storage } from '../storage/storage.js';
import { currentMovie, moviePayloadOf, type MediaJobDeps } from './movie-jobs.js';
import { makeSprites, previewLayout, previewsVtt, PREVIEWS_FILE, sheetCount, spriteFile } from './previews.js';

async function removeFolder(storage: Storage, folder: string): Promise<void> {
  for await (const object of storage.list(`${folder}/`)) await storage.delete(object.key);
}

/**
 * Makes the seek-bar previews of the movie's current run: sprite sheets and the WebVTT file that
 * maps time to tiles, under a new random folder `previews/<uuid>`. Run again, or beaten by a twin
 * run or a newer one, it removes what it stored.
 */
function previews(deps: MediaJobDeps): JobHandler['run'] {
  return async (raw, signal) => {
    const payload = moviePayloadOf(raw);
    const movie = await currentMovie(deps.db, payload);
    if (!movie || movie.previewsKey || !movie.width || !movie.height || !movie.durationSeconds) return;
    const duration = movie.durationSeconds;
    const layout = previewLayout(duration, movie.width, movie.height);
    const local = await mkdtemp(join(tmpdir(), 'youku-previews-'));
    const folder = `previews/${randomUUID()}`;
    try {
      await makeSprites(deps.tools, await deps.storage.toolInput(movie.storageKey), layout, duration, local, signal);
      for (let sheet = 1; sheet <= sheetCount(layout); sheet++) {
        const staged = await deps.storage.stage(createReadStream(join(local, spriteFile(sheet))));
        await staged.commit(`${folder}/${spriteFile(sheet)}`);
      }
      const vtt = await deps.storage.stage(Readable.from([Buffer.from(previewsVtt(layout, duration))]));
      await vtt.commit(`${folder}/${PREVIEWS_FILE}`);
    } finally {
      await rm(local, { recursive: true, force: true });
    }
    const set = await deps
      .db('movies')
      .where({ id: movie.id, previews_key: null, processing_run: payload.run, is_deleted: false })
      .update({ previews_key: folder });
    if (set !== 1) await removeFolder(deps.storage, folder);
  };
}

export function previewJobHandlers(deps: MediaJobDeps): Record<string, JobHandler> {
  return { previews: { run: previews(deps) } };
}
