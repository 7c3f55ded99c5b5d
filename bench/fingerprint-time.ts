import { open, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fingerprintOfFile } from '../domain/catalogue/file-fingerprint.js';
import { medianOf } from './alternation.js';
import type { Figure } from './figures.js';
import { patternChunks } from './pattern.js';

const ROUNDS = 40;

async function timed(path: string): Promise<number> {
  const started = performance.now();
  await fingerprintOfFile(path);
  return performance.now() - started;
}

/**
 * fingerprint-constant: the fingerprint samples a file, so its time must not grow with the size.
 * A sparse file of `bigSize` against a 1 MiB one, alternately, median of each; the ratio is big
 * over small (lower is better).
 */
export async function fingerprintFigure(dir: string, bigSize: number): Promise<Figure> {
  const big = join(dir, 'sparse.bin');
  const small = join(dir, 'small.bin');
  const handle = await open(big, 'w');
  await handle.truncate(bigSize).finally(() => handle.close());
  await writeFile(small, Buffer.concat([...patternChunks(1024 * 1024)]));
  try {
    const bigTimes: number[] = [];
    const smallTimes: number[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      bigTimes.push(await timed(big));
      smallTimes.push(await timed(small));
    }
    const value = medianOf(bigTimes);
    const baseline = medianOf(smallTimes);
    return {
      name: 'fingerprint-constant',
      value,
      unit: 'ms',
      baseline: { value: baseline, unit: 'ms', what: 'the fingerprint of a 1 MiB file' },
      ratio: value / baseline,
      note: `${(bigSize / 1024 ** 3).toFixed(0)} GiB sparse file; lower is better`,
    };
  } finally {
    await rm(big, { force: true });
    await rm(small, { force: true });
  }
}
