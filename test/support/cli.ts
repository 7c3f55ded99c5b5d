import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The package's `bin`, so that the tests run the client as it is installed. */
const BIN = fileURLToPath(new URL('../../cli/youku.mjs', import.meta.url));

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  /** The config folder ($XDG_CONFIG_HOME): where the session is saved. */
  configHome: string;
  cwd?: string;
  /** Written to stdin, which is then closed (not a terminal). */
  input?: string;
}

/** Starts the command-line client as a subprocess, as a user runs it (no terminal). */
export function spawnCli(args: string[], options: CliOptions): ChildProcess {
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: options.cwd,
    env: { PATH: process.env.PATH, HOME: options.configHome, XDG_CONFIG_HOME: options.configHome },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  child.stdin.end(options.input ?? '');
  return child;
}

/** What a spawned client printed and its exit code, once it has ended. */
export function finished(child: ChildProcess): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk) => (stdout += chunk));
  child.stderr!.on('data', (chunk) => (stderr += chunk));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

export function runCli(args: string[], options: CliOptions): Promise<CliRun> {
  return finished(spawnCli(args, options));
}

/** Runs with `--json` and returns the one JSON document it printed (failing on any other exit). */
export async function cliJson<T = Record<string, any>>(args: string[], options: CliOptions): Promise<T> {
  const run = await runCli(['--json', ...args], options);
  if (run.code !== 0) throw new Error(`cli ${args.join(' ')} exited ${run.code}: ${run.stderr}`);
  return JSON.parse(run.stdout) as T;
}
