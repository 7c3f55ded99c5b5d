/** What the ladder is planned from: the source's picture as displayed, its frame rate and bitrate. */
export interface LadderSource {
  width: number;
  height: number;
  /** Frames per second; null when ffprobe could not tell. */
  frameRate: number | null;
  /** Of the video stream (else of the whole file), bits per second; null when unknown. */
  bitrate: number | null;
  hasAudio: boolean;
  /** Of the sound, bits per second; null when unknown. */
  audioBitrate: number | null;
}

/** One rendition to make: its picture, its frame rate and the encoder's targets. */
export interface RenditionPlan {
  width: number;
  height: number;
  frameRate: number;
  videoBitrate: number;
  /** 0 without sound. */
  audioBitrate: number;
}

const FALLBACK_FRAME_RATE = 30;
const MAX_FRAME_RATE = 60;
const AUDIO_BITRATE = 128_000;
/** Never above the source's bitrate by more than this share. */
const SOURCE_HEADROOM = 1.3;

/**
 * Bits per pixel and frame by height, as PeerTube's model has them: smaller pictures need more per
 * pixel (30 fps 16:9 gives 240p 0.52, 360p 1.04, 480p 1.47, 720p 3.04, 1080p 6.22 Mbit/s).
 */
const BITS_PER_PIXEL: [maxHeight: number, bpp: number][] = [
  [144, 0.19],
  [240, 0.17],
  [360, 0.15],
  [480, 0.12],
  [720, 0.11],
  [1080, 0.1],
  [1440, 0.09],
];

function bitsPerPixel(height: number): number {
  return BITS_PER_PIXEL.find(([maxHeight]) => height <= maxHeight)?.[1] ?? 0.08;
}

/** Rounded down to an even number, as 4:2:0 chroma needs, and at least 2. */
function even(value: number): number {
  return Math.max(2, Math.floor(value / 2) * 2);
}

/**
 * The heights of `allowed` (lowest first) that do not exceed the source's, plus the source's own
 * (made even) when it is lower than the highest allowed one: never an upscale.
 */
export function ladderHeights(sourceHeight: number, allowed: number[]): number[] {
  const own = even(sourceHeight);
  const heights = allowed.filter((height) => height <= own);
  const highest = allowed[allowed.length - 1] ?? own;
  if (own < highest && !heights.includes(own)) heights.push(own);
  return heights.sort((a, b) => a - b);
}

/** What a rendition may spend at most, given what the source spends (unknown: no cap). */
function capped(sourceBitrate: number | null): number {
  return sourceBitrate ? sourceBitrate * SOURCE_HEADROOM : Infinity;
}

/** The renditions of a source's stream, lowest first: sizes keep its shape, bitrates follow the picture. */
export function planLadder(source: LadderSource, allowed: number[]): RenditionPlan[] {
  const frameRate = Math.min(source.frameRate ?? FALLBACK_FRAME_RATE, MAX_FRAME_RATE);
  const ceiling = capped(source.bitrate);
  const audioBitrate = source.hasAudio ? Math.round(Math.min(AUDIO_BITRATE, capped(source.audioBitrate))) : 0;
  return ladderHeights(source.height, allowed).map((height) => {
    const width = even((source.width * height) / source.height);
    const modelled = width * height * frameRate * bitsPerPixel(height);
    return { width, height, frameRate, videoBitrate: Math.round(Math.min(modelled, ceiling)), audioBitrate };
  });
}
