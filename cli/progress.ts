import { SingleBar } from 'cli-progress';

export interface Progress {
  update(done: number): void;
  stop(): void;
}

const MIB = 1024 * 1024;

/** A progress bar with speed and time left on stderr, when stderr is a terminal; silent otherwise. */
export function startProgress(label: string, total: number, done: number): Progress {
  if (!process.stderr.isTTY) return { update() {}, stop() {} };
  const bar = new SingleBar({
    stream: process.stderr,
    format: `${label} [{bar}] {percentage}% | {mib}/{totalMib} MiB | {speed} MiB/s | {eta_formatted} left`,
    hideCursor: true,
    etaBuffer: 50,
  });
  const started = Date.now();
  const payload = (value: number) => ({
    mib: (value / MIB).toFixed(1),
    totalMib: (total / MIB).toFixed(1),
    speed: ((value - done) / MIB / Math.max(0.001, (Date.now() - started) / 1000)).toFixed(1),
  });
  bar.start(total, done, payload(done));
  return {
    update: (value) => bar.update(value, payload(value)),
    stop: () => bar.stop(),
  };
}
