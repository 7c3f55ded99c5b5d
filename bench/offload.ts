import { join } from 'node:path';
import { mediaPath } from '../domain/core/routes.js';
import { rangeRate } from './download-client.js';
import { alternately, meanOf } from './alternation.js';
import type { Figure } from './figures.js';
import { nginxBinary, startOffloadingNginx, type FileServer } from './file-servers.js';
import type { Seeded } from './seed.js';
import { startBenchServer } from './server-process.js';

/** What the media figures measure with: the ranges, their size and how long. */
export interface RangeLoad {
  size: number;
  range: number;
  connections: number;
  seconds: number;
}

/**
 * `media-range-rps-offload`: the same random ranges through nginx as deploy/nginx.conf sets it up,
 * in front of a server process with MEDIA_OFFLOAD=x-accel over the same database and files (the
 * server checks each ticket, nginx sends the bytes), against nginx alone serving the file.
 */
export async function offloadFigure(
  env: Record<string, string>,
  seeded: Seeded,
  files: FileServer,
  load: RangeLoad,
  dir: string,
): Promise<Figure> {
  const binary = nginxBinary();
  if (!binary || files.note) {
    return {
      name: 'media-range-rps-offload',
      value: 0,
      unit: 'req/s',
      baseline: null,
      ratio: null,
      note: 'no nginx here',
    };
  }
  const server = await startBenchServer({ ...env, MEDIA_OFFLOAD: 'x-accel' });
  const path = mediaPath(seeded.mediaTicket);
  const upstream = new URL(server.url).host;
  const nginx = await startOffloadingNginx(binary, join(dir, 'nginx-offload'), upstream, env.MEDIA_DIR!, path).catch(
    async (err: unknown) => {
      await server.stop();
      throw err;
    },
  );
  try {
    const seek = (url: string, warmUp: boolean) =>
      rangeRate(url, load.size, load.range, load.connections, warmUp ? 1 : load.seconds / 2);
    const rates = await alternately(`${nginx.url}${path}`, files.url, seek, meanOf);
    return {
      name: 'media-range-rps-offload',
      value: rates.ours,
      unit: 'req/s',
      baseline: { value: rates.theirs, unit: 'req/s', what: `${files.what} alone, the same requests` },
      ratio: rates.ours / rates.theirs,
    };
  } finally {
    await nginx.stop();
    await server.stop();
  }
}
