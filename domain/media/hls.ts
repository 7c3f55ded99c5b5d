// HLS as this server writes and reads it: the media playlists ffmpeg writes (fMP4, one file per
// rendition addressed by byte ranges), and the master playlist the server writes itself.

/** One segment of a media playlist: how long it plays and how many bytes it takes. */
export interface Segment {
  seconds: number;
  bytes: number;
}

/** The segments of a media playlist, in order. */
export function segmentsOf(playlist: string): Segment[] {
  const segments: Segment[] = [];
  let seconds: number | null = null;
  for (const line of playlist.split('\n')) {
    const duration = /^#EXTINF:([\d.]+)/.exec(line);
    if (duration) seconds = Number(duration[1]);
    const range = /^#EXT-X-BYTERANGE:(\d+)/.exec(line);
    if (range && seconds !== null) {
      segments.push({ seconds, bytes: Number(range[1]) });
      seconds = null;
    }
  }
  return segments;
}

/** The highest and the average bits per second over the segments (HLS BANDWIDTH, AVERAGE-BANDWIDTH). */
export function bitratesOf(segments: Segment[]): { peak: number; average: number } {
  const rate = (bytes: number, seconds: number) => Math.ceil((bytes * 8) / Math.max(seconds, 0.001));
  const bytes = segments.reduce((sum, segment) => sum + segment.bytes, 0);
  const seconds = segments.reduce((sum, segment) => sum + segment.seconds, 0);
  return {
    peak: Math.max(0, ...segments.map((segment) => rate(segment.bytes, segment.seconds))),
    average: rate(bytes, seconds),
  };
}

/** The URIs a playlist names (segment lines and `URI="…"` attributes). */
export function urisOf(playlist: string): string[] {
  const uris: string[] = [];
  for (const line of playlist.split('\n').map((l) => l.trim())) {
    if (line === '') continue;
    if (!line.startsWith('#')) uris.push(line);
    for (const match of line.matchAll(/URI="([^"]*)"/g)) uris.push(match[1]!);
  }
  return uris;
}

const HEX = (value: number) => value.toString(16).padStart(2, '0');

/**
 * The HLS CODECS of a rendition: `avc1.` and the profile, constraint flags and level that the
 * encoder wrote in the init segment's `avcC` box, and AAC-LC (`mp4a.40.2`) when it has sound.
 */
export function codecsOf(initSegment: Buffer, hasAudio: boolean): string {
  const at = initSegment.indexOf('avcC');
  if (at < 0 || at + 8 > initSegment.length) throw new Error('the rendition has no H.264 configuration');
  // avcC: configurationVersion, AVCProfileIndication, profile_compatibility, AVCLevelIndication.
  const video = `avc1.${HEX(initSegment[at + 5]!)}${HEX(initSegment[at + 6]!)}${HEX(initSegment[at + 7]!)}`;
  return hasAudio ? `${video},mp4a.40.2` : video;
}

/** What the master playlist says of one rendition. */
export interface VariantStream {
  width: number;
  height: number;
  frameRate: number;
  peakBitrate: number;
  averageBitrate: number;
  codecs: string;
  /** Relative to the master playlist. */
  uri: string;
}

/** The master playlist of a stream: one variant per rendition, lowest first. */
export function masterPlaylist(variants: VariantStream[]): string {
  const lines = ['#EXTM3U', '#EXT-X-VERSION:7', '#EXT-X-INDEPENDENT-SEGMENTS'];
  for (const v of variants) {
    lines.push(
      `#EXT-X-STREAM-INF:BANDWIDTH=${v.peakBitrate},AVERAGE-BANDWIDTH=${v.averageBitrate},` +
        `RESOLUTION=${v.width}x${v.height},FRAME-RATE=${v.frameRate.toFixed(3)},CODECS="${v.codecs}"`,
      v.uri,
    );
  }
  return `${lines.join('\n')}\n`;
}
