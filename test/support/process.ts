import { spawn } from 'node:child_process';
import { createServer, type AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';

/** The repository root: the process runs as `npm start` runs it, `node --import tsx server/main.ts`. */
const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface ServerProcess {
  stdout(): string;
  stderr(): string;
  /** Resolves with the exit code (or the signal's name) once the process is gone. */
  exited: Promise<number | string>;
  kill(signal?: NodeJS.Signals): void;
}

const running = new Set<ServerProcess>();

/**
 * Starts the server process with `env` and nothing else of this process's environment but what
 * finds programs and temporary folders: no setting of the test run leaks into the child.
 */
export function spawnServerProcess(env: Record<string, string>): ServerProcess {
  const inherited = { PATH: process.env.PATH, HOME: process.env.HOME, TMPDIR: process.env.TMPDIR };
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: ROOT,
    env: { ...inherited, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const handle: ServerProcess = {
    stdout: () => stdout,
    stderr: () => stderr,
    exited: new Promise((resolve) => child.once('close', (code, signal) => resolve(code ?? signal ?? 'unknown'))),
    kill: (signal = 'SIGTERM') => child.kill(signal),
  };
  running.add(handle);
  void handle.exited.then(() => running.delete(handle));
  return handle;
}

/** Ends every process a test left running (for an afterAll). */
export function killServerProcesses(): void {
  for (const handle of running) handle.kill('SIGKILL');
}

/** Waits until stderr holds a line matching `pattern`; fails if the process exits first. */
export async function waitForStderr(
  server: ServerProcess,
  pattern: RegExp,
  timeoutMs = 30_000,
): Promise<RegExpExecArray> {
  let gone = false;
  void server.exited.then(() => (gone = true));
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = pattern.exec(server.stderr());
    if (found) return found;
    if (gone || Date.now() > deadline) {
      throw new Error(`no ${pattern} on stderr\nstdout: ${server.stdout()}\nstderr: ${server.stderr()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
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
