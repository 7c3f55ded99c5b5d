import type { RenditionPlan } from './ladder.js';
import { runTool, safeInput, type MediaTools } from './tools.js';

/** About 4 s segments, on a keyframe every 2 s. */
const SEGMENT_SECONDS = 4;
const KEYFRAME_SECONDS = 2;
/** A transcode or previews run gets this much time per second of video, beyond MEDIA_TIMEOUT_SECONDS. */
export const SECONDS_PER_VIDEO_SECOND = 10;

/** The names of a rendition's files, in its stream folder and in its playlists. */
export function renditionFiles(height: number): { playlist: string; media: string } {
  return { playlist: `${height}.m3u8`, media: `${height}.mp4` };
}

/** How long one run over a whole video may take: longer videos get longer. */
export function longRunSeconds(tools: MediaTools, durationSeconds: number): number {
  return tools.timeoutSeconds + Math.ceil(durationSeconds * SECONDS_PER_VIDEO_SECOND);
}

/** Reads ffmpeg's `-progress` output: how far it is, 0..1 of the video's duration. */
export function progressReader(durationSeconds: number, onProgress: (share: number) => void): (text: string) => void {
  let pending = '';
  return (text) => {
    const lines = (pending + text).split('\n');
    pending = lines.pop()!;
    for (const line of lines) {
      const time = /^out_time_us=(\d+)/.exec(line);
      if (time) onProgress(Math.min(1, Number(time[1]) / 1e6 / Math.max(durationSeconds, 0.001)));
    }
  };
}

function encoderArgs(plan: RenditionPlan): string[] {
  const keyframes = String(Math.max(1, Math.round(plan.frameRate * KEYFRAME_SECONDS)));
  // ffmpeg turns a rotated picture upright before the filters, so the size is the displayed one.
  const video = [
    ...['-vf', `scale=${plan.width}:${plan.height},setsar=1,format=yuv420p`, '-r', plan.frameRate.toFixed(3)],
    ...['-c:v', 'libx264', '-preset', 'veryfast', '-profile:v', 'high', '-pix_fmt', 'yuv420p'],
    ...['-b:v', String(plan.videoBitrate), '-maxrate', String(plan.videoBitrate)],
    ...['-bufsize', String(plan.videoBitrate * 2)],
    ...['-g', keyframes, '-keyint_min', keyframes, '-sc_threshold', '0'],
  ];
  const audio = plan.audioBitrate
    ? ['-c:a', 'aac', '-ac', '2', '-ar', '48000', '-b:a', String(plan.audioBitrate)]
    : ['-an'];
  return [...video, ...audio, '-sn', '-dn'];
}

/**
 * Encodes one rendition of `input` (storage's `toolInput`) into `folder`: H.264 and AAC stereo in
 * one fMP4 file that its playlist addresses by byte ranges, named by `renditionFiles`. Throws when
 * ffmpeg fails (the job then runs again, or fails for good).
 */
export async function transcodeRendition(
  tools: MediaTools,
  input: string,
  plan: RenditionPlan,
  durationSeconds: number,
  folder: string,
  signal: AbortSignal,
  onProgress: (share: number) => void,
): Promise<void> {
  const { options, source } = safeInput(input);
  const files = renditionFiles(plan.height);
  const args = [
    ...['-v', 'error', '-nostdin', '-nostats', '-progress', 'pipe:1'],
    ...options,
    ...['-i', source, '-map', '0:v:0', ...(plan.audioBitrate ? ['-map', '0:a:0'] : [])],
    ...encoderArgs(plan),
    ...['-f', 'hls', '-hls_time', String(SEGMENT_SECONDS), '-hls_playlist_type', 'vod'],
    ...['-hls_segment_type', 'fmp4', '-hls_flags', 'single_file', '-hls_segment_filename', files.media],
    files.playlist,
  ];
  await runTool(tools, tools.ffmpegPath, args, signal, {
    cwd: folder,
    timeoutSeconds: longRunSeconds(tools, durationSeconds),
    onOutput: progressReader(durationSeconds, onProgress),
  });
}
