import { describe, expect, it } from 'vitest';
import { ladderHeights, planLadder, type LadderSource } from '../domain/media/ladder.js';

const HEIGHTS = [240, 360, 480, 720, 1080];

function source(width: number, height: number, extra: Partial<LadderSource> = {}): LadderSource {
  return { width, height, frameRate: 30, bitrate: null, hasAudio: true, audioBitrate: null, ...extra };
}

describe('the ladder of a stream', () => {
  it('takes the allowed heights up to the source’s, and the source’s own when below the highest', () => {
    expect(ladderHeights(2160, HEIGHTS)).toEqual([240, 360, 480, 720, 1080]);
    expect(ladderHeights(1080, HEIGHTS)).toEqual([240, 360, 480, 720, 1080]);
    expect(ladderHeights(720, HEIGHTS)).toEqual([240, 360, 480, 720]);
    expect(ladderHeights(576, HEIGHTS)).toEqual([240, 360, 480, 576]);
    expect(ladderHeights(320, HEIGHTS)).toEqual([240, 320]);
    // Never an upscale: a source lower than every allowed height gets its own only, made even.
    expect(ladderHeights(121, HEIGHTS)).toEqual([120]);
  });

  it('keeps the shape in even sizes, and follows PeerTube’s bits per pixel at 30 fps', () => {
    const ladder = planLadder(source(1920, 1080), HEIGHTS);
    expect(ladder.map(({ width, height }) => `${width}x${height}`)).toEqual([
      '426x240',
      '640x360',
      '852x480',
      '1280x720',
      '1920x1080',
    ]);
    expect(ladder.map((plan) => +(plan.videoBitrate / 1e6).toFixed(2))).toEqual([0.52, 1.04, 1.47, 3.04, 6.22]);
    expect(ladder.every((plan) => plan.audioBitrate === 128_000 && plan.frameRate === 30)).toBe(true);
    const portrait = planLadder(source(1080, 1920), HEIGHTS);
    // Heights are the picture's as displayed: a portrait video's tallest rendition is 1080 high.
    expect(portrait.at(-1)).toMatchObject({ width: 606, height: 1080 });
    expect(planLadder(source(1920, 1080, { frameRate: 60 }), HEIGHTS)[4]!.videoBitrate).toBe(12_441_600);
  });

  it('never spends more than the source’s bitrate plus 30 %', () => {
    const ladder = planLadder(source(1280, 720, { bitrate: 1_000_000, audioBitrate: 64_000 }), HEIGHTS);
    expect(ladder.map((plan) => plan.videoBitrate)).toEqual([521_424, 1_036_800, 1_300_000, 1_300_000]);
    expect(ladder.every((plan) => plan.audioBitrate === 83_200)).toBe(true);
  });

  it('caps the frame rate at 60, assumes 30 when unknown, and plans no sound for a silent source', () => {
    expect(planLadder(source(640, 360, { frameRate: 120 }), HEIGHTS)[0]!.frameRate).toBe(60);
    expect(planLadder(source(640, 360, { frameRate: null, hasAudio: false }), HEIGHTS)[0]).toMatchObject({
      frameRate: 30,
      audioBitrate: 0,
    });
  });
});
