import { runTool, safeInput, ToolError, type MediaTools } from './tools.js';

export const POSTER_MAX_WIDTH = 640;

/**
 * Where the still is taken: past the first second, which is often black (a fade-in, a logo), and
 * early enough to show what the video is about; the middle of a video shorter than two seconds.
 */
export function posterTime(durationSeconds: number): number {
  if (durationSeconds < 2) return durationSeconds / 2;
  return Math.min(Math.max(1, durationSeconds * 0.1), 60);
}

/**
 * One JPEG frame of a stored video (a path or a URL: storage's `toolInput`) at `seconds`, at most
 * 640 pixels wide with the displayed aspect kept (ffmpeg applies the rotation itself; `dar`
 * includes the pixel aspect), even sizes for JPEG.
 * Null when ffmpeg reads the file to its end and takes no frame from it: a final answer, as for a
 * probe. A timeout or a missing tool throws, to be retried.
 */
export async function makePoster(
  tools: MediaTools,
  input: string,
  seconds: number,
  signal: AbortSignal,
): Promise<Buffer | null> {
  const scale = `scale=w='trunc(min(${POSTER_MAX_WIDTH},iw*sar)/2)*2':h='trunc(ow/dar/2)*2',setsar=1`;
  const { options, source } = safeInput(input);
  const args = [
    ...['-v', 'error', '-nostdin', '-threads', '1'],
    ...options,
    ...['-ss', seconds.toFixed(3), '-i', source],
    ...['-map', '0:v:0', '-frames:v', '1', '-an', '-sn', '-dn', '-vf', scale],
    ...['-f', 'image2pipe', '-c:v', 'mjpeg', '-q:v', '3', 'pipe:1'],
  ];
  try {
    const jpeg = await runTool(tools, tools.ffmpegPath, args, signal);
    return jpeg.length > 0 ? jpeg : null;
  } catch (err) {
    if (err instanceof ToolError && err.exitCode !== null) return null;
    throw err;
  }
}
