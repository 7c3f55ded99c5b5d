import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { dropDatabase } from '../../db/connection.js';
import { databaseUrlFor, type DatabaseKind } from './databases.js';
import { freePort } from './free-port.js';
import type { LogLine } from './server.js';

/** The real process, as `npm start` runs it: `node --import tsx server/main.ts` from the repository root. */
export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/**
 * What a spawned server inherits: enough to run Node, and none of this shell's configuration, so
 * that a DATABASE_URL or PORT set where the tests run cannot leak into a test's server.
 */
const BASE_ENV: NodeJS.ProcessEnv = {
  PATH: process.env.PATH,
  HOME: process.env.HOME,
  TMPDIR: process.env.TMPDIR,
  LANG: process.env.LANG,
};

export interface Child {
  process: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves with the exit code (or the signal's name) once the process is gone. */
  exited: Promise<number | string>;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const children = new Set<ChildProcess>();

/** Runs `server/main.ts` in a new process with only the configuration in `env`, `preload` modules imported first. */
export function spawnServer(env: Record<string, string>, preload: string[] = []): Child {
  return spawnEntry('server/main.ts', env, preload);
}

/** Runs `server/worker.ts` (`npm run worker`) in a new process with only the configuration in `env`. */
export function spawnWorker(env: Record<string, string>): Child {
  return spawnEntry('server/worker.ts', env);
}

function spawnEntry(entry: string, env: Record<string, string>, preload: string[] = []): Child {
  const imports = ['tsx', ...preload].flatMap((module) => ['--import', module]);
  const child = spawn(process.execPath, [...imports, entry], {
    cwd: ROOT,
    env: { ...BASE_ENV, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<number | string>((resolve) => {
    child.once('close', (code, signal) => {
      children.delete(child);
      resolve(code ?? signal ?? 'unknown');
    });
  });
  return { process: child, stdout: () => stdout, stderr: () => stderr, exited };
}

/** Waits until stderr holds a match of `pattern`; fails if the process exits first. */
export async function waitForStderr(child: Child, pattern: RegExp, timeoutMs = 30_000): Promise<RegExpExecArray> {
  let gone = false;
  void child.exited.then(() => (gone = true));
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = pattern.exec(child.stderr());
    if (found) return found;
    if (gone || Date.now() > deadline) {
      throw new Error(`no ${pattern} on stderr\nstdout: ${child.stdout()}\nstderr: ${child.stderr()}`);
    }
    await sleep(20);
  }
}

/** The line a worker prints once it runs jobs. */
export const WORKER_READY = /^Worker ready: /m;

/** Kills (SIGKILL) every server process a test left running (`cleanUpProcesses` does, and more). */
export function killServers(): void {
  for (const child of children) child.kill('SIGKILL');
}

/** The complete JSON log lines the process wrote to stdout so far. */
export function logLines(child: Child): LogLine[] {
  const complete = child.stdout().split('\n').slice(0, -1);
  return complete.filter((line) => line.startsWith('{')).map((line) => JSON.parse(line) as LogLine);
}

/** Waits until the process logs a line whose message starts with `prefix`; fails if it exits first. */
export async function waitForLog(child: Child, prefix: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let gone = false;
  void child.exited.then(() => (gone = true));
  while (!logLines(child).some((line) => line.msg?.startsWith(prefix))) {
    if (gone) {
      throw new Error(
        `the server exited before logging "${prefix}"\nstdout: ${child.stdout()}\nstderr: ${child.stderr()}`,
      );
    }
    if (Date.now() > deadline) throw new Error(`no "${prefix}" log line within ${timeoutMs} ms\n${child.stdout()}`);
    await sleep(20);
  }
}

const dirs: string[] = [];
const databases: string[] = [];

/** A fresh folder for one process's database and media; `cleanUpProcesses` removes it. */
export async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'youku-process-'));
  dirs.push(dir);
  return dir;
}

/** The URL of a new database in `dir`: `sqlite:<dir>/data/app.db`, or one of `kind` that `cleanUpProcesses` drops. */
function newDatabase(kind: DatabaseKind | undefined, dir: string): string {
  if (kind === undefined) return `sqlite:${join(dir, 'data', 'app.db')}`;
  const url = databaseUrlFor(kind, dir);
  databases.push(url);
  return url;
}

/** For `afterAll`: kills every server process left running, drops the databases made for them, removes their folders. */
export async function cleanUpProcesses(): Promise<void> {
  killServers();
  await Promise.all(databases.splice(0).map((url) => dropDatabase(url)));
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
}

/** The files (not folders) anywhere under `dir`; none when it does not exist. */
export async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name));
}

/** The files under a media folder's staging area. */
export function stagedFiles(mediaDir: string): Promise<string[]> {
  return filesUnder(join(mediaDir, '.staging'));
}

/** The resident memory of a running process, in KiB (VmRSS of /proc/<pid>/status). */
export async function residentKib(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const match = /^VmRSS:\s+(\d+)\s+kB$/m.exec(status);
  if (!match) throw new Error(`no VmRSS for process ${pid}`);
  return Number(match[1]);
}

/** A server process that is up: the process, where it listens, and the folder, database and media folder it runs on. */
export interface ServerProcess {
  child: Child;
  /** `http://127.0.0.1:<port>` */
  url: string;
  port: number;
  /** The folder of its database file and media (its own unless given). */
  dir: string;
  mediaDir: string;
  databaseUrl: string;
  /** The JSON lines it logged so far. */
  logs(): LogLine[];
  /** Sends `signal` (SIGTERM unless given) while it runs, and resolves with the exit code once it is gone. */
  stop(signal?: NodeJS.Signals): Promise<number | string>;
}

export interface ProcessOptions {
  /** The folder of its database file and media (a new one unless given: a restart passes the last one's). */
  dir?: string;
  /** `sqlite:<dir>/data/app.db` unless given, here or as DATABASE_URL. */
  databaseUrl?: string;
  /** A new database of this kind instead (its file in the folder, or a MySQL database), dropped by `cleanUpProcesses`. */
  database?: DatabaseKind;
  /** The port to listen on (a free one unless given, here or as PORT; PORT=0 lets it choose). */
  port?: number;
  /** Modules imported before the server (`--import`). */
  preload?: string[];
  /** How long it may take to say it is ready: several processes migrating one database together take longer. */
  readyTimeoutMs?: number;
}

/** A server process that is starting: its output and exit so far, and itself once it is ready. */
export interface StartingProcess extends Child {
  /** Resolves once it has printed where to go (it listens then); rejects if it exits first. */
  ready: Promise<ServerProcess>;
}

/** The line the server prints once it listens, with the port it got. */
const READY = /^Ready: open http:\/\/\S+?:(\d+)\/ /m;

/**
 * Spawns `server/main.ts` with only the configuration in `env`, on a folder, database, media folder
 * and port of its own unless `env` or `options` name them, and logging at `info` unless told.
 */
export async function startingProcess(
  env: Record<string, string> = {},
  options: ProcessOptions = {},
): Promise<StartingProcess> {
  const dir = options.dir ?? (await tempDir());
  const port = env.PORT ?? String(options.port ?? (await freePort()));
  const databaseUrl = env.DATABASE_URL ?? options.databaseUrl ?? newDatabase(options.database, dir);
  const mediaDir = env.MEDIA_DIR ?? join(dir, 'media');
  const child = spawnServer(
    { LOG_LEVEL: 'info', ...env, PORT: port, DATABASE_URL: databaseUrl, MEDIA_DIR: mediaDir },
    options.preload,
  );
  const stop = (signal: NodeJS.Signals = 'SIGTERM') => {
    if (child.process.exitCode === null && child.process.signalCode === null) child.process.kill(signal);
    return child.exited;
  };
  const ready = waitForStderr(child, READY, options.readyTimeoutMs).then(([, listening]) => ({
    child,
    url: `http://127.0.0.1:${listening}`,
    port: Number(listening),
    dir,
    mediaDir,
    databaseUrl,
    logs: () => logLines(child),
    stop,
  }));
  return { ...child, ready };
}

/** Starts the server process (see `startingProcess`) and resolves once it listens and has printed where to go. */
export async function startProcess(
  env: Record<string, string> = {},
  options: ProcessOptions = {},
): Promise<ServerProcess> {
  return (await startingProcess(env, options)).ready;
}

/** The setup code a server printed at start, when it made one (it prints it after saying it is ready). */
export async function printedSetupCode(server: ServerProcess): Promise<string> {
  for (let i = 0; i < 250; i++) {
    const found = /^Setup code: (\S+)/m.exec(server.child.stderr());
    if (found) return found[1]!;
    await sleep(20);
  }
  throw new Error(`no setup code was printed\n${server.child.stderr()}`);
}
