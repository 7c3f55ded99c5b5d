import { spawn } from 'node:child_process';
import { createServer, type AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { LogLine } from './server.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** A server started as `npm start` starts it, in a process of its own. */
export interface ServerProcess {
  url: string;
  port: number;
  /** The JSON lines it logged so far. */
  logs(): LogLine[];
  /** Stops it with SIGTERM and waits for it to exit. */
  stop(): Promise<void>;
}

/** A port nothing listens on right now (a child cannot report a port 0 to us, so we choose). */
export async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/**
 * Runs `node --import tsx server/main.ts` with only `env` as its configuration (on top of PATH and
 * the like), and resolves once it listens; rejects with its output if it exits first.
 */
export async function startServerProcess(env: Record<string, string>): Promise<ServerProcess> {
  const port = await freePort();
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => ['PATH', 'HOME', 'TMPDIR', 'LANG'].includes(name)),
  );
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: ROOT,
    env: { ...inherited, HOST: '127.0.0.1', PORT: String(port), LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<void>((resolve) => child.once('close', () => resolve()));
  const logs = () =>
    stdout
      .split('\n')
      .slice(0, -1)
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as LogLine);
  await new Promise<void>((resolve, reject) => {
    const check = setInterval(() => {
      if (logs().some((line) => line.msg?.startsWith('listening on'))) {
        clearInterval(check);
        resolve();
      }
    }, 20);
    void exited.then(() => {
      clearInterval(check);
      reject(new Error(`the server exited at start\nstdout: ${stdout}\nstderr: ${stderr}`));
    });
  });
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    logs,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
