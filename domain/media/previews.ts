import { runTool, safeInput, type MediaTools } from './tools.js';
import { longRunSeconds } from './transcode.js';

/** Tiles are at most this wide (the API's rule is 192). */
export const TILE_WIDTH = 160;
const COLUMNS = 10;
const ROWS = 10;
/** One tile every this many seconds at least, more for long videos so a sheet covers more. */
const MIN_INTERVAL = 2;
const MAX_INTERVAL = 10;
const TILES_PER_SHEET = COLUMNS * ROWS;

/** How the previews of a video are laid out: one tile every `interval` seconds, `count` in all. */
export interface PreviewLayout {
  interval: number;
  count: number;
  tileWidth: number;
  tileHeight: number;
}

function even(value: number): number {
  return Math.max(2, Math.round(value / 2) * 2);
}

export function previewLayout(durationSeconds: number, width: number, height: number): PreviewLayout {
  const interval = Math.min(MAX_INTERVAL, Math.max(MIN_INTERVAL, Math.ceil(durationSeconds / 200)));
  const tileWidth = Math.min(TILE_WIDTH, even(width));
  return {
    interval,
    count: Math.max(1, Math.ceil(durationSeconds / interval)),
    tileWidth,
    tileHeight: even((tileWidth * height) / width),
  };
}

/** The name of sprite sheet `index` (from 1). */
export function spriteFile(index: number): string {
  return `sprite-${index}.jpg`;
}

export const PREVIEWS_FILE = 'previews.vtt';

function timestamp(seconds: number): string {
  const ms = Math.round(seconds * 1000);
  const pad = (value: number, size = 2) => String(value).padStart(size, '0');
  return `${pad(Math.floor(ms / 3_600_000))}:${pad(Math.floor(ms / 60_000) % 60)}:${pad(Math.floor(ms / 1000) % 60)}.${pad(ms % 1000, 3)}`;
}

/** The WebVTT file that maps each time range to its tile: `sprite-<n>.jpg#xywh=x,y,w,h`. */
export function previewsVtt(layout: PreviewLayout, durationSeconds: number): string {
  const cues = ['WEBVTT', ''];
  for (let i = 0; i < layout.count; i++) {
    const at = i % TILES_PER_SHEET;
    const x = (at % COLUMNS) * layout.tileWidth;
    const y = Math.floor(at / COLUMNS) * layout.tileHeight;
    const start = i * layout.interval;
    const end = Math.min(durationSeconds, (i + 1) * layout.interval);
    cues.push(`${timestamp(start)} --> ${timestamp(Math.max(end, start + 0.001))}`);
    cues.push(
      `${spriteFile(Math.floor(i / TILES_PER_SHEET) + 1)}#xywh=${x},${y},${layout.tileWidth},${layout.tileHeight}`,
    );
    cues.push('');
  }
  return cues.join('\n');
}

/** How many sprite sheets a layout needs. */
export function sheetCount(layout: PreviewLayout): number {
  return Math.ceil(layout.count / TILES_PER_SHEET);
}

/**
 * Writes the sprite sheets of `input` into `folder` (`sprite-1.jpg`, …): one frame every
 * `interval` seconds, upright, `tileWidth` wide, ten by ten a sheet.
 */
export async function makeSprites(
  tools: MediaTools,
  input: string,
  layout: PreviewLayout,
  durationSeconds: number,
  folder: string,
  signal: AbortSignal,
): Promise<void> {
  const { options, source } = safeInput(input);
  const filters = [
    `fps=1/${layout.interval}`,
    `scale=${layout.tileWidth}:${layout.tileHeight},setsar=1`,
    `tile=${COLUMNS}x${ROWS}`,
  ].join(',');
  const args = [
    ...['-v', 'error', '-nostdin', '-threads', '1'],
    ...options,
    ...['-i', source, '-map', '0:v:0', '-an', '-sn', '-dn', '-vf', filters],
    ...['-q:v', '5', '-start_number', '1', '-f', 'image2', 'sprite-%d.jpg'],
  ];
  await runTool(tools, tools.ffmpegPath, args, signal, {
    cwd: folder,
    timeoutSeconds: longRunSeconds(tools, durationSeconds),
  });
}
