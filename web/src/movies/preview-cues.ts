/** One seek-bar preview: from `start` to `end` (seconds), the tile at x, y (w by h px) of a sprite sheet. */
export interface PreviewCue {
  start: number;
  end: number;
  image: string;
  x: number;
  y: number;
  width: number;
  height: number;
}

const TIMING = /^((?:\d+:)?\d{2}:\d{2}\.\d{3})\s+-->\s+((?:\d+:)?\d{2}:\d{2}\.\d{3})/;
const TILE = /^(.+)#xywh=(\d+),(\d+),(\d+),(\d+)$/;

/** A WebVTT timestamp (`hh:mm:ss.ttt` or `mm:ss.ttt`) in seconds. */
function secondsOf(timestamp: string): number {
  return timestamp.split(':').reduce((total, part) => total * 60 + Number(part), 0);
}

/**
 * The cues of a previews WebVTT file (`sprite-1.jpg#xywh=x,y,w,h` each), their images resolved
 * against `baseUrl`, the file's own URL. A block that is not such a cue (a note, a header) is left out.
 */
export function parsePreviewCues(vtt: string, baseUrl: string): PreviewCue[] {
  const cues: PreviewCue[] = [];
  for (const block of vtt.replace(/\r\n?/g, '\n').split(/\n{2,}/)) {
    const lines = block.split('\n');
    const at = lines.findIndex((line) => TIMING.test(line));
    const timing = at >= 0 ? TIMING.exec(lines[at]!) : null;
    const tile = timing ? TILE.exec(lines[at + 1]?.trim() ?? '') : null;
    if (!timing || !tile) continue;
    cues.push({
      start: secondsOf(timing[1]!),
      end: secondsOf(timing[2]!),
      image: new URL(tile[1]!, baseUrl).href,
      x: Number(tile[2]),
      y: Number(tile[3]),
      width: Number(tile[4]),
      height: Number(tile[5]),
    });
  }
  return cues;
}

/** The cue shown at `time`: the one that covers it, else the last one before it. */
export function cueAt(cues: PreviewCue[], time: number): PreviewCue | undefined {
  return cues.find((cue) => time >= cue.start && time < cue.end) ?? cues.findLast((cue) => cue.start <= time);
}
