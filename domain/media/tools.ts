import { execFile, type ExecFileException } from 'node:child_process';
import { resolve } from 'node:path';

/** Where ffprobe and ffmpeg are and what one run of them may take (docs/configuration.md). */
export interface MediaToolSettings {
  ffprobePath: string;
  ffmpegPath: string;
  /** One run is killed after this long. */
  timeoutSeconds: number;
  /** Address space of one run (through `prlimit`); 0: no limit. */
  memoryLimitMb: number;
}

/** What was found at start: tools that are missing leave their jobs waiting. */
export interface MediaTools extends MediaToolSettings {
  /** Whether `prlimit` can bound the memory of each run. */
  canLimitMemory: boolean;
  /** Whether `setpriv` can make each run die with this process (Linux's parent-death signal). */
  canDieWithProcess: boolean;
}

/**
 * Only container demuxers that read the one input given: no playlists (hls, dash), no concat lists,
 * no image sequences, which name other files or URLs that would then be opened.
 */
const FORMATS = ['-format_whitelist', 'mov,matroska,avi,flv,mpegts,mpeg,ogg,mp3,wav,aac,flac,asf'];

/**
 * How a tool is told to read `input` (what storage's `toolInput` gives) so that a crafted file can
 * make it read nothing else: a local file with only the `file` protocol, or a URL of the store (a
 * pre-signed GET) with only the protocols that reach it (no file, data, concat, subfile, …).
 */
export function safeInput(input: string): { options: string[]; source: string } {
  const web = /^https?:\/\//.test(input);
  const protocols = web ? 'http,https,tcp,tls' : 'file';
  // Absolute: a tool that writes a stream runs in the folder it writes to.
  return { options: ['-protocol_whitelist', protocols, ...FORMATS], source: web ? input : `file:${resolve(input)}` };
}

/** The failure of one run: `exitCode` when the tool ran to its end and refused the input. */
export class ToolError extends Error {
  constructor(
    message: string,
    readonly exitCode: number | null,
  ) {
    super(message);
    this.name = 'ToolError';
  }
}

/** What a long run adds to `runTool`: more time, a working folder, and its output as it comes. */
export interface RunOptions {
  /** Instead of MEDIA_TIMEOUT_SECONDS. */
  timeoutSeconds?: number;
  /** Where relative output names land. */
  cwd?: string;
  /** Each piece of standard output as it arrives (ffmpeg's `-progress pipe:1`). */
  onOutput?: (text: string) => void;
}

/**
 * The command line of one run: the tool, made to die with this process (a SIGKILL or a crash runs
 * no handler, and an orphaned transcode would go on taking a core for a job another worker takes
 * over), within the memory limit. Each wrapper replaces itself with the next (exec): the tool
 * keeps the process, so a kill reaches it.
 */
function commandOf(tools: MediaTools, tool: string, args: string[]): [string, string[]] {
  let argv = [tool, ...args];
  if (tools.canDieWithProcess) argv = ['setpriv', '--pdeathsig', 'KILL', '--', ...argv];
  if (tools.canLimitMemory && tools.memoryLimitMb > 0) {
    argv = ['prlimit', `--as=${tools.memoryLimitMb * 1024 * 1024}`, '--', ...argv];
  }
  return [argv[0]!, argv.slice(1)];
}

/** Runs a tool with an argument array (never a shell), within the time and memory limits. */
export function runTool(
  tools: MediaTools,
  tool: string,
  args: string[],
  signal: AbortSignal,
  run: RunOptions = {},
): Promise<Buffer> {
  const [file, argv] = commandOf(tools, tool, args);
  const timeout = (run.timeoutSeconds ?? tools.timeoutSeconds) * 1000;
  return new Promise((done, reject) => {
    const child = execFile(
      file,
      argv,
      { encoding: 'buffer', timeout, maxBuffer: 16 * 1024 * 1024, signal, cwd: run.cwd },
      (err: ExecFileException | null, stdout, stderr) => {
        if (!err) return done(stdout);
        const said = stderr.toString('utf8').trim().split('\n').slice(-3).join(' | ');
        const ranToEnd = typeof err.code === 'number' && !err.killed && !err.signal;
        reject(new ToolError(`${tool} failed: ${said || err.message}`, ranToEnd ? (err.code as number) : null));
      },
    );
    if (run.onOutput) child.stdout?.on('data', (chunk: Buffer) => run.onOutput!(chunk.toString('utf8')));
  });
}

export interface ToolsFound {
  ffprobe: boolean;
  ffmpeg: boolean;
}

async function answers(file: string, args: string[]): Promise<boolean> {
  return new Promise((resolve) => execFile(file, args, { timeout: 10_000 }, (err) => resolve(!err)));
}

/**
 * Looks for the tools once, at start, running each as a job would (within the memory limit): a
 * limit too low for the tool to start at all counts as the tool missing, never as every file unreadable.
 */
export async function findMediaTools(settings: MediaToolSettings): Promise<{ tools: MediaTools; found: ToolsFound }> {
  const [canLimitMemory, canDieWithProcess] = await Promise.all([
    answers('prlimit', ['--version']),
    answers('setpriv', ['--pdeathsig', 'KILL', '--', 'true']),
  ]);
  const tools = { ...settings, canLimitMemory, canDieWithProcess };
  const runs = (tool: string) =>
    runTool(tools, tool, ['-version'], AbortSignal.timeout(10_000)).then(
      () => true,
      () => false,
    );
  const [ffprobe, ffmpeg] = await Promise.all([runs(settings.ffprobePath), runs(settings.ffmpegPath)]);
  return { tools, found: { ffprobe, ffmpeg } };
}
