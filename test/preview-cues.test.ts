import { describe, expect, it } from 'vitest';
import { previewLayout, previewsVtt } from '../domain/media/previews.js';
import { cueAt, parsePreviewCues } from '../web/src/movies/preview-cues.js';

const BASE = 'http://127.0.0.1:4000/previews/abc/previews.vtt';

describe('the web client’s reading of a previews WebVTT file', () => {
  it('reads every cue the server writes, its tile resolved beside the file', () => {
    // 250 s, one tile every 2 s: 125 tiles, so a second sheet.
    const layout = previewLayout(250, 320, 240);
    const cues = parsePreviewCues(previewsVtt(layout, 250), BASE);
    expect(cues).toHaveLength(125);
    expect(cues[0]).toEqual({
      start: 0,
      end: 2,
      image: 'http://127.0.0.1:4000/previews/abc/sprite-1.jpg',
      x: 0,
      y: 0,
      width: 160,
      height: 120,
    });
    expect(cues[13]).toMatchObject({ start: 26, image: expect.stringMatching(/sprite-1\.jpg$/), x: 480, y: 120 });
    expect(cues[100]).toMatchObject({ start: 200, image: expect.stringMatching(/sprite-2\.jpg$/), x: 0, y: 0 });
    expect(cueAt(cues, 27.5)).toBe(cues[13]);
    expect(cueAt(cues, 0)).toBe(cues[0]);
    // Past the last cue's end: the last tile.
    expect(cueAt(cues, 400)).toBe(cues[124]);
  });

  it('takes short timestamps, hours, CRLF lines and cue names, and leaves out what is no tile', () => {
    const vtt = [
      'WEBVTT',
      '',
      'NOTE made by hand',
      '',
      'first',
      '00:01.500 --> 00:03.000',
      'a.jpg#xywh=10,20,30,40',
      '',
      '01:00:00.000 --> 01:00:05.000',
      '/elsewhere/b.jpg#xywh=0,0,8,6',
      '',
      '00:05.000 --> 00:06.000',
      'no tile here',
    ].join('\r\n');
    expect(parsePreviewCues(vtt, BASE)).toEqual([
      { start: 1.5, end: 3, image: 'http://127.0.0.1:4000/previews/abc/a.jpg', x: 10, y: 20, width: 30, height: 40 },
      { start: 3600, end: 3605, image: 'http://127.0.0.1:4000/elsewhere/b.jpg', x: 0, y: 0, width: 8, height: 6 },
    ]);
    expect(cueAt([], 3)).toBeUndefined();
  });
});
