import type { LadderSource } from './ladder.js';
import { runTool, safeInput, ToolError, type MediaTools } from './tools.js';

/** What ffprobe found in a stored file (the `MediaInfo` of the API). */
export interface MediaInfo {
  durationSeconds: number;
  /** Of the picture as displayed (rotation and pixel aspect applied); null for audio only. */
  width: number | null;
  height: number | null;
  videoCodec: string | null;
  audioCodec: string | null;
  mimeType: string;
}

/** The parts of `ffprobe -print_format json -show_format -show_streams` read here. */
export interface ProbeOutput {
  format?: { format_name?: string; duration?: string; bit_rate?: string; tags?: Record<string, string> };
  streams?: ProbeStream[];
}

interface ProbeStream {
  codec_type?: string;
  codec_name?: string;
  width?: number;
  height?: number;
  sample_aspect_ratio?: string;
  duration?: string;
  avg_frame_rate?: string;
  r_frame_rate?: string;
  bit_rate?: string;
  disposition?: { attached_pic?: number };
  tags?: Record<string, string>;
  side_data_list?: { rotation?: number | string }[];
}

/** Display-matrix side data (ffmpeg 5 and later), else the `rotate` tag older files and tools carry. */
function rotationOf(stream: ProbeStream): number {
  const fromMatrix = stream.side_data_list?.find((side) => side.rotation !== undefined)?.rotation;
  const degrees = Number(fromMatrix ?? stream.tags?.rotate ?? 0);
  return Number.isFinite(degrees) ? degrees : 0;
}

/** Width and height as a player shows them: a portrait phone video is taller than wide. */
function displayedSize(stream: ProbeStream): { width: number; height: number } | null {
  if (!stream.width || !stream.height) return null;
  const [num, den] = (stream.sample_aspect_ratio ?? '1:1').split(':').map(Number);
  const aspect = num && den ? num / den : 1;
  const width = Math.round(stream.width * aspect);
  const quarterTurn = Math.abs(Math.round(rotationOf(stream) / 90)) % 2 === 1;
  return quarterTurn ? { width: stream.height, height: width } : { width, height: stream.height };
}

const VIDEO_FREE_TYPES: Record<string, string> = {
  mp3: 'audio/mpeg',
  wav: 'audio/wav',
  aac: 'audio/aac',
  flac: 'audio/flac',
};

const WEBM_VIDEO = new Set(['vp8', 'vp9', 'av1']);

/** The MIME type of the container, told apart by what it holds where one demuxer reads several. */
function mimeTypeOf(format: string, brand: string | undefined, videoCodec: string | undefined): string {
  const demuxer = format.split(',')[0]!;
  const hasVideo = videoCodec !== undefined;
  switch (demuxer) {
    case 'mov':
      if (brand === 'qt') return 'video/quicktime';
      return hasVideo ? 'video/mp4' : 'audio/mp4';
    case 'matroska':
      if (WEBM_VIDEO.has(videoCodec ?? '')) return 'video/webm';
      return hasVideo ? 'video/x-matroska' : 'audio/x-matroska';
    case 'avi':
      return 'video/x-msvideo';
    case 'flv':
      return 'video/x-flv';
    case 'mpegts':
      return 'video/mp2t';
    case 'mpeg':
      return 'video/mpeg';
    case 'ogg':
      return hasVideo ? 'video/ogg' : 'audio/ogg';
    case 'asf':
      return hasVideo ? 'video/x-ms-asf' : 'audio/x-ms-wma';
    default:
      return VIDEO_FREE_TYPES[demuxer] ?? 'application/octet-stream';
  }
}

function streamsOf(output: ProbeOutput) {
  const streams = output.streams ?? [];
  return {
    // A cover image inside an audio file is a video stream too, but no picture to play.
    video: streams.find((s) => s.codec_type === 'video' && !s.disposition?.attached_pic),
    audio: streams.find((s) => s.codec_type === 'audio'),
  };
}

/** The media info of ffprobe's answer; null when it holds no playable stream or no duration. */
export function mediaInfoFrom(output: ProbeOutput): MediaInfo | null {
  const { video, audio } = streamsOf(output);
  const duration = Number(output.format?.duration ?? video?.duration ?? audio?.duration);
  if ((!video && !audio) || !Number.isFinite(duration) || duration <= 0) return null;
  const size = video ? displayedSize(video) : null;
  return {
    durationSeconds: duration,
    width: size?.width ?? null,
    height: size?.height ?? null,
    videoCodec: video?.codec_name ?? null,
    audioCodec: audio?.codec_name ?? null,
    mimeType: mimeTypeOf(
      output.format?.format_name ?? '',
      output.format?.tags?.major_brand?.trim(),
      video && (video.codec_name ?? 'unknown'),
    ),
  };
}

/** A rate such as `30000/1001`; null for `0/0` and the like. */
function rateOf(rate: string | undefined): number | null {
  const [num, den] = (rate ?? '').split('/').map(Number);
  const value = num! / (den ?? 1);
  return Number.isFinite(value) && value > 0 ? value : null;
}

function bitsPerSecond(value: string | undefined): number | null {
  const bits = Number(value);
  return Number.isFinite(bits) && bits > 0 ? bits : null;
}

/** What the stream's ladder is planned from; null when there is no picture to stream. */
export function ladderSourceFrom(output: ProbeOutput, info: MediaInfo): LadderSource | null {
  const { video, audio } = streamsOf(output);
  if (!video || !info.width || !info.height) return null;
  return {
    width: info.width,
    height: info.height,
    frameRate: rateOf(video.avg_frame_rate) ?? rateOf(video.r_frame_rate),
    bitrate: bitsPerSecond(video.bit_rate) ?? bitsPerSecond(output.format?.bit_rate),
    hasAudio: audio !== undefined,
    audioBitrate: bitsPerSecond(audio?.bit_rate),
  };
}

/** What a probe finds: the media info, and what a stream of it is planned from (null: no picture). */
export interface Probed {
  info: MediaInfo;
  source: LadderSource | null;
}

/**
 * Probes a stored file (a path or a URL: storage's `toolInput`). Null when ffprobe reads it to the
 * end and finds no media in it (random bytes, a truncated file, a playlist): a final answer. A
 * timeout or a missing tool throws, to be retried.
 */
export async function probeMedia(tools: MediaTools, input: string, signal: AbortSignal): Promise<Probed | null> {
  const { options, source } = safeInput(input);
  const args = ['-v', 'error', ...options, '-print_format', 'json', '-show_format', '-show_streams', source];
  try {
    const stdout = await runTool(tools, tools.ffprobePath, args, signal);
    const output = JSON.parse(stdout.toString('utf8')) as ProbeOutput;
    const info = mediaInfoFrom(output);
    return info && { info, source: ladderSourceFrom(output, info) };
  } catch (err) {
    if (err instanceof ToolError && err.exitCode !== null) return null;
    throw err;
  }
}

/** The media info of a stored file (`probeMedia` without the stream's source). */
export async function probeFile(tools: MediaTools, input: string, signal: AbortSignal): Promise<MediaInfo | null> {
  return (await probeMedia(tools, input, signal))?.info ?? null;
}
