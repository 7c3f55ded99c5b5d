import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { figureLine, writeResults, type Figure } from '../bench/figures.js';

// The benchmark's output on fixed numbers: what `npm run bench` prints and writes, never a timing.
const LINE = /^bench [a-z0-9-]+: \S+ \S+ \| baseline (\S+ \S+|none) \| ratio (\d+\.\d\d|none)( \| .+)?$/;

const media: Figure = {
  name: 'media-range-rps',
  value: 812.4,
  unit: 'req/s',
  baseline: { value: 5946.2, unit: 'req/s', what: 'nginx (sendfile on), the same requests' },
  ratio: 812.4 / 5946.2,
};
const rss: Figure = {
  name: 'upload-rss',
  value: 17.04,
  unit: 'MB',
  baseline: null,
  ratio: null,
  note: 'peak RSS growth',
};

describe('the benchmark’s figures', () => {
  let dir: string | undefined;
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('prints one line per figure: name, value, baseline, ratio, then a note when there is one', () => {
    expect(figureLine(media)).toBe('bench media-range-rps: 812 req/s | baseline 5946 req/s | ratio 0.14');
    expect(figureLine(rss)).toBe('bench upload-rss: 17.0 MB | baseline none | ratio none | peak RSS growth');
    const small = { ...media, name: 'fingerprint-constant', value: 3.456, unit: 'ms', ratio: 1.5 };
    expect(figureLine(small)).toBe('bench fingerprint-constant: 3.46 ms | baseline 5946 req/s | ratio 1.50');
    for (const figure of [media, rss, small]) expect(figureLine(figure)).toMatch(LINE);
  });

  it('writes the same lines as JSON, with the machine they ran on', async () => {
    dir = await mkdtemp(join(tmpdir(), 'bench-figures-'));
    const path = join(dir, 'results.json');
    await writeResults(path, [media, rss], { cores: '2', cpu: 'test' });
    const written = JSON.parse(await readFile(path, 'utf8'));
    expect(written.machine).toEqual({ cores: '2', cpu: 'test' });
    expect(written.figures.map((figure: { line: string }) => figure.line)).toEqual([media, rss].map(figureLine));
    expect(written.figures[0]).toMatchObject({ name: 'media-range-rps', value: 812.4, ratio: media.ratio });
    expect(written.figures[1].baseline).toBeNull();
  });
});
