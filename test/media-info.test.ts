import { describe, expect, it } from 'vitest';
import { mediaInfoFrom, type ProbeOutput } from '../domain/media/probe.js';

/** ffprobe's answer for an MP4 holding one video stream shaped by `video`, and AAC sound. */
function mp4(video: Record<string, unknown>, brand = 'isom'): ProbeOutput {
  return {
    format: { format_name: 'mov,mp4,m4a,3gp,3g2,mj2', duration: '12.5', tags: { major_brand: brand } },
    streams: [
      { codec_type: 'video', codec_name: 'h264', width: 1920, height: 1080, ...video },
      { codec_type: 'audio', codec_name: 'aac' },
    ],
  };
}

describe('what is read from ffprobe’s answer', () => {
  it('turns the picture a quarter turn for the display matrix and for the older rotate tag', () => {
    expect(mediaInfoFrom(mp4({ side_data_list: [{ rotation: -90 }] }))).toMatchObject({ width: 1080, height: 1920 });
    expect(mediaInfoFrom(mp4({ tags: { rotate: '270' } }))).toMatchObject({ width: 1080, height: 1920 });
    expect(mediaInfoFrom(mp4({ tags: { rotate: '180' } }))).toMatchObject({ width: 1920, height: 1080 });
    expect(mediaInfoFrom(mp4({}))).toEqual({
      durationSeconds: 12.5,
      width: 1920,
      height: 1080,
      videoCodec: 'h264',
      audioCodec: 'aac',
      mimeType: 'video/mp4',
    });
  });

  it('widens a picture of non-square pixels to its displayed width', () => {
    expect(mediaInfoFrom(mp4({ width: 720, height: 576, sample_aspect_ratio: '64:45' }))).toMatchObject({
      width: 1024,
      height: 576,
    });
  });

  it('names the container’s type, and ignores a cover image in a file of sound', () => {
    expect(mediaInfoFrom(mp4({}, 'qt'))?.mimeType).toBe('video/quicktime');
    const mp3: ProbeOutput = {
      format: { format_name: 'mp3', duration: '3.0' },
      streams: [
        { codec_type: 'audio', codec_name: 'mp3' },
        { codec_type: 'video', codec_name: 'mjpeg', width: 500, height: 500, disposition: { attached_pic: 1 } },
      ],
    };
    expect(mediaInfoFrom(mp3)).toMatchObject({ width: null, height: null, videoCodec: null, mimeType: 'audio/mpeg' });
  });

  it('finds no media without a stream to play or without a duration', () => {
    expect(mediaInfoFrom({ format: { format_name: 'mov', duration: '1' }, streams: [] })).toBeNull();
    expect(mediaInfoFrom({ ...mp4({}), format: { format_name: 'mov', duration: 'N/A' } })).toBeNull();
  });
});
