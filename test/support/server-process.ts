import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The real process, as `npm start` runs it: `node --import tsx server/main.ts` from the repository root. */
export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Every variable the server reads: the child gets none of them from this process, only what a test gives. */
const CONFIG_VARIABLES = [
  'PORT',
  'HOST',
  'DATABASE_URL',
  'DATABASE_TIMEOUT_SECONDS',
  'MEDIA_DIR',
  'STORAGE_URL',
  'DOWNLOAD_WAIT_SECONDS',
  'PRICE_REGULAR',
  'PRICE_VIP',
  'VIP_PRICE',
  'MAX_UPLOAD_BYTES',
  'TICKET_TTL_SECONDS',
  'SESSION_TTL_SECONDS',
  'GRAPHIQL',
  'COOKIE_SECURE',
  'TRUST_PROXY',
  'LOG_LEVEL',
  'SHUTDOWN_GRACE_SECONDS',
  'LOG_FORMAT',
  'LOGIN_FAILURES_PER_NAME',
  'LOGIN_FAILURES_PER_ADDRESS',
  'LOGIN_THROTTLE_SECONDS',
  'REGISTRATIONS_PER_ADDRESS',
  'REGISTRATION_WINDOW_SECONDS',
  'CORS_ORIGINS',
  'BODY_TIMEOUT_SECONDS',
  'UPLOAD_MIN_BYTES_PER_SECOND',
  'UPLOAD_RATE_WINDOW_SECONDS',
  'MAX_CONNECTIONS_PER_ADDRESS',
  'UPLOAD_EXPIRY_SECONDS',
  'FFPROBE_PATH',
  'FFMPEG_PATH',
  'MEDIA_TIMEOUT_SECONDS',
  'MEDIA_MEMORY_LIMIT_MB',
  'JOB_CONCURRENCY',
  'JOB_POLL_MS',
  'JOB_LEASE_SECONDS',
  'JOB_MAX_ATTEMPTS',
  'JOB_RETRY_SECONDS',
];

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
  const childEnv: NodeJS.ProcessEnv = { ...process.env };
  for (const name of CONFIG_VARIABLES) delete childEnv[name];
  const imports = ['tsx', ...preload].flatMap((module) => ['--import', module]);
  const child = spawn(process.execPath, [...imports, 'server/main.ts'], {
    cwd: ROOT,
    env: { ...childEnv, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<number | string>((resolve) => {
    child.once('close', (code, signal) => {
      children.delete(child);
      resolve(code ?? signal ?? 'unknown');
    });
  });
  return { process: child, stdout: () => stdout, stderr: () => stderr, exited };
}

/** Kills (SIGKILL) every server process a test left running: for `afterAll`. */
export function killServers(): void {
  for (const child of children) child.kill('SIGKILL');
}

export interface LogEntry {
  msg?: string;
  level?: number;
  [key: string]: unknown;
}

/** The complete JSON log lines the process wrote to stdout so far. */
export function logLines(child: Child): LogEntry[] {
  const complete = child.stdout().split('\n').slice(0, -1);
  return complete.filter((line) => line.startsWith('{')).map((line) => JSON.parse(line) as LogEntry);
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

/** A port nothing listens on right now (the child cannot report a port 0 to us, so we choose). */
export async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

const dirs: string[] = [];

/** A fresh folder for one process's database and media; `removeTempDirs` removes them all. */
export async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'youku-process-'));
  dirs.push(dir);
  return dir;
}

export async function removeTempDirs(): Promise<void> {
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

export interface ServerProcess {
  child: Child;
  /** `http://127.0.0.1:<port>` */
  base: string;
  port: number;
  dir: string;
  mediaDir: string;
  databaseUrl: string;
  /** Sends `signal` (SIGTERM unless given) and resolves with the exit code once the process is gone. */
  stop(signal?: NodeJS.Signals): Promise<number | string>;
}

export interface ProcessOptions {
  /** The folder of its database file and media (a new one unless given: a restart passes the last one's). */
  dir?: string;
  /** `sqlite:<dir>/data/app.db` unless given. */
  databaseUrl?: string;
  /** The port to listen on (a free one unless given). */
  port?: number;
  /** Modules imported before the server (`--import`). */
  preload?: string[];
}

/** Starts the server process and resolves once it listens and has printed where to go. */
export async function startProcess(
  env: Record<string, string> = {},
  options: ProcessOptions = {},
): Promise<ServerProcess> {
  const dir = options.dir ?? (await tempDir());
  const port = options.port ?? (await freePort());
  const databaseUrl = options.databaseUrl ?? `sqlite:${join(dir, 'data', 'app.db')}`;
  const mediaDir = join(dir, 'media');
  const child = spawnServer(
    { PORT: String(port), DATABASE_URL: databaseUrl, MEDIA_DIR: mediaDir, LOG_LEVEL: 'info', ...env },
    options.preload,
  );
  await waitForLog(child, 'listening on');
  for (let i = 0; i < 100 && !child.stderr().includes('Ready:'); i++) await sleep(20);
  return {
    child,
    base: `http://127.0.0.1:${port}`,
    port,
    dir,
    mediaDir: env.MEDIA_DIR ?? mediaDir,
    databaseUrl,
    stop: (signal = 'SIGTERM') => {
      child.process.kill(signal);
      return child.exited;
    },
  };
}
