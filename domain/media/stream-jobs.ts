import { createReadStream } from 'node:fs';
import { mkdtemp, open, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Movie } from '../../db/models/movie.js';
import type { Rendition } from '../../db/models/rendition.js';
import {
  forgetEarlierRuns,
  markRenditionReady,
  planRenditions,
  renditionsBefore,
  renditionsOfRun,
  setRenditionProgress,
} from '../../db/renditions.js';
import type { JobHandler } from '../jobs/job-worker.js';
import { streamKeyOf } from '../storage/keys.js';
import type { Storage } from '../storage/storage.js';
import { bitratesOf, codecsOf, segmentsOf, urisOf } from './hls.js';
import { planLadder, type LadderSource, type RenditionPlan } from './ladder.js';
import {
  currentMovie,
  movieJob,
  moviePayloadOf,
  setProcessing,
  type MediaJobDeps,
  type MoviePayload,
} from './movie-jobs.js';
import { renditionFiles, transcodeRendition } from './transcode.js';

/** Progress is written to the database in steps of this share, not for every line ffmpeg prints. */
const PROGRESS_STEP = 0.05;

/**
 * Plans the stream of run `run` from what the probe found: one row and one transcode job per
 * rendition. A source without a picture cannot be streamed (UNSUPPORTED).
 */
export async function planStream(
  deps: MediaJobDeps,
  payload: MoviePayload,
  source: LadderSource | null,
): Promise<void> {
  if (!source) {
    await setProcessing(deps.db, payload, 'UNSUPPORTED');
    return;
  }
  const ladder = planLadder(source, deps.renditionHeights);
  await planRenditions(
    deps.db,
    payload.movieId,
    payload.run,
    ladder.map((plan) => ({
      width: plan.width,
      height: plan.height,
      frameRate: plan.frameRate,
      bitrate: plan.videoBitrate + plan.audioBitrate,
      audioBitrate: plan.audioBitrate,
      hasAudio: plan.audioBitrate > 0,
    })),
  );
  await forgetEarlierRenditions(deps, payload);
  await deps.queue.enqueue([
    ...ladder.map((plan) => movieJob('transcode', payload.movieId, payload.run, plan.height)),
    movieJob('previews', payload.movieId, payload.run),
  ]);
}

/**
 * After reprocessMovie: the earlier runs' files go (each run stores under keys of its own), then
 * their rows. A job of an earlier run that stores later removes its files itself (transcode).
 */
async function forgetEarlierRenditions(deps: MediaJobDeps, payload: MoviePayload) {
  if (payload.run === 1) return;
  const movie = await currentMovie(deps.db, payload);
  if (!movie) return;
  for (const earlier of await renditionsBefore(deps.db, movie.id, payload.run)) {
    await forgetRendition(deps.storage, movie, earlier);
  }
  await forgetEarlierRuns(deps.db, movie.id, payload.run);
}

function transcodePayloadOf(payload: unknown): MoviePayload & { height: number } {
  const height = (payload as { part?: unknown } | null)?.part;
  if (!Number.isSafeInteger(height)) throw new Error(`a transcode job without a height: ${JSON.stringify(payload)}`);
  return { ...moviePayloadOf(payload), height: height as number };
}

/** The encoder's targets of a planned rendition. */
function planOf(rendition: Rendition): RenditionPlan {
  return {
    width: rendition.width,
    height: rendition.height,
    frameRate: rendition.frameRate,
    videoBitrate: rendition.bitrate - rendition.audioBitrate,
    audioBitrate: rendition.audioBitrate,
  };
}

/** The first bytes of the rendition's file that its playlist names as the init segment. */
async function initSegmentOf(path: string, playlist: string): Promise<Buffer> {
  const length = Number(/#EXT-X-MAP:URI="[^"]*",BYTERANGE="(\d+)@0"/.exec(playlist)?.[1]);
  if (!Number.isSafeInteger(length) || length <= 0) throw new Error('the rendition playlist names no init segment');
  const handle = await open(path, 'r');
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(length), 0, length, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

async function store(storage: Storage, path: string, key: string): Promise<void> {
  const staged = await storage.stage(createReadStream(path));
  await staged.commit(key);
}

/** Stores a made rendition's two files and describes it; refuses a playlist that names any other file. */
async function storeRendition(deps: MediaJobDeps, movie: Movie, rendition: Rendition, folder: string) {
  const files = renditionFiles(rendition.height);
  const playlist = await readFile(join(folder, files.playlist), 'utf8');
  if (urisOf(playlist).some((uri) => uri !== files.media)) throw new Error('ffmpeg wrote an unexpected playlist');
  const init = await initSegmentOf(join(folder, files.media), playlist);
  const { peak, average } = bitratesOf(segmentsOf(playlist));
  await store(deps.storage, join(folder, files.media), streamKeyOf(movie.storageKey, rendition.run, files.media)!);
  await store(
    deps.storage,
    join(folder, files.playlist),
    streamKeyOf(movie.storageKey, rendition.run, files.playlist)!,
  );
  return { codecs: codecsOf(init, rendition.hasAudio), peakBitrate: peak, averageBitrate: average };
}

/** Removes a rendition's files: of an earlier run, or stored for a movie deleted or reprocessed meanwhile. */
async function forgetRendition(storage: Storage, movie: Movie, rendition: Rendition): Promise<void> {
  const files = renditionFiles(rendition.height);
  for (const file of [files.media, files.playlist]) {
    await storage.delete(streamKeyOf(movie.storageKey, rendition.run, file)!);
  }
}

/** The run is READY once every one of its renditions is made. */
async function finishIfComplete(deps: MediaJobDeps, payload: MoviePayload): Promise<void> {
  const renditions = await renditionsOfRun(deps.db, payload.movieId, payload.run);
  if (renditions.every((rendition) => rendition.readyAt !== null)) {
    await setProcessing(deps.db, payload, 'READY', { from: ['QUEUED', 'RUNNING'] });
  }
}

/** Writes the progress of a running transcode now and then; a failed write only loses a step. */
function progressWriter(deps: MediaJobDeps, rendition: Rendition): (share: number) => void {
  let written = 0;
  return (share) => {
    if (share - written < PROGRESS_STEP) return;
    written = share;
    setRenditionProgress(deps.db, rendition.id, share).catch((err: unknown) =>
      deps.log.warn({ err, renditionId: rendition.id }, 'the progress of a transcode could not be written'),
    );
  };
}

/**
 * Makes one rendition of the movie's current run and stores it under `streams/<uuid>/r<run>/`. Run again
 * (a crash, a lost lease), it makes and stores the same files again; a stale run changes nothing.
 */
function transcode(deps: MediaJobDeps): JobHandler['run'] {
  return async (raw, signal) => {
    const payload = transcodePayloadOf(raw);
    const movie = await currentMovie(deps.db, payload);
    const renditions = movie ? await renditionsOfRun(deps.db, movie.id, payload.run) : [];
    const rendition = renditions.find((r) => r.height === payload.height);
    if (!movie || !rendition || rendition.readyAt) return;
    await setProcessing(deps.db, payload, 'RUNNING', { from: ['QUEUED'] });
    const folder = await mkdtemp(join(tmpdir(), 'youku-transcode-'));
    try {
      const input = await deps.storage.toolInput(movie.storageKey);
      const plan = planOf(rendition);
      const duration = movie.durationSeconds ?? 0;
      await transcodeRendition(deps.tools, input, plan, duration, folder, signal, progressWriter(deps, rendition));
      const made = await storeRendition(deps, movie, rendition, folder);
      if (!(await currentMovie(deps.db, payload))) {
        // Deleted or reprocessed meanwhile: the removal, or the next run's probe, may have freed
        // this run's files already, and nothing will name the ones just stored, so they go now.
        await forgetRendition(deps.storage, movie, rendition);
        return;
      }
      await markRenditionReady(deps.db, rendition.id, made, new Date());
      await finishIfComplete(deps, payload);
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  };
}

/** A rendition that could not be made after every attempt: the run FAILED, with the reason for admins. */
function transcodeFailed(deps: MediaJobDeps): NonNullable<JobHandler['failed']> {
  return async (raw, error) => {
    const payload = transcodePayloadOf(raw);
    const reason = `The ${payload.height}p rendition could not be made: ${error.message}`;
    await setProcessing(deps.db, payload, 'FAILED', { error: reason });
  };
}

export function streamJobHandlers(deps: MediaJobDeps): Record<string, JobHandler> {
  return { transcode: { run: transcode(deps), failed: transcodeFailed(deps) } };
}
