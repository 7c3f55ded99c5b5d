import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { freePort } from '../test/support/free-port.js';

/** The server as the bench runs it: where it listens, its process and its memory. */
export interface BenchServer {
  url: string;
  child: ChildProcess;
  /** Peak resident memory of the server process so far, from /proc (VmHWM), in bytes. */
  peakRss(): number;
  /** CPU time the server process has used so far, user and system, from /proc, in seconds. */
  cpuSeconds(): number;
  stop(): Promise<void>;
}

/**
 * glibc's malloc settings that docs/operations.md gives the deployed server (its systemd unit): the
 * bench runs the server as it is deployed. Without them, an upload's 64 KiB body pieces and a
 * range's buffers keep faulting in memory that malloc has just given back.
 */
export const DEPLOYED_MALLOC_TUNABLES = 'glibc.malloc.mmap_threshold=33554432:glibc.malloc.trim_threshold=67108864';

/** Linux counts a process's CPU time in clock ticks of 1/100 s (USER_HZ) on every architecture it runs on. */
const TICKS_PER_SECOND = 100;

/** utime + stime of process `pid`: fields 14 and 15 of /proc/<pid>/stat, counted after the command's closing parenthesis. */
function cpuSecondsOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
}

/**
 * Starts `server/main.ts` as users do (its own process, NODE_ENV=production, glibc's malloc as
 * deployed), so that its memory and CPU are its own. BENCH_CPU_PROF=<folder> runs it under
 * `node --cpu-prof` and writes the profile there when it stops.
 */
export async function startBenchServer(env: Record<string, string>): Promise<BenchServer> {
  const port = await freePort();
  const profile = process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [];
  const child = spawn(process.execPath, [...profile, '--import', 'tsx', 'server/main.ts'], {
    env: {
      ...process.env,
      NODE_ENV: 'production',
      GLIBC_TUNABLES: process.env.GLIBC_TUNABLES ?? DEPLOYED_MALLOC_TUNABLES,
      LOG_LEVEL: 'warn',
      ...env,
      PORT: String(port),
    },
    // Its log lines (one per request at the default level, as users run it) are written and dropped.
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  // The start-up banner for a person is not a benchmark's business; anything else is shown.
  child.stderr.on('data', (chunk: Buffer) => {
    const text = chunk.toString().replace(/^Ready: .*\n?/m, '');
    if (text) process.stderr.write(text);
  });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    if (
      await fetch(`${url}/healthz`).then(
        (r) => r.ok,
        () => false,
      )
    )
      break;
    if (i > 300 || child.exitCode !== null) throw new Error('the server did not start');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    url,
    child,
    peakRss: () => Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))![1]) * 1024,
    cpuSeconds: () => cpuSecondsOf(child.pid!),
    stop: async () => {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
    },
  };
}
