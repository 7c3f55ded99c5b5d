import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { medianOf } from './alternation.js';
import type { Figure } from './figures.js';

const run = promisify(execFile);
const ROUNDS = 15;
const BIN = fileURLToPath(new URL('../cli/youku.mjs', import.meta.url));
const MAIN = fileURLToPath(new URL('../cli/main.ts', import.meta.url));

/** Milliseconds from starting a Node process to its exit. */
async function timed(args: string[]): Promise<number> {
  const started = performance.now();
  await run(process.execPath, args);
  return performance.now() - started;
}

/**
 * cli-startup: `youku --help` as the package's bin runs it (the build in dist/cli, current: the
 * bench has just built what was stale), against a bare `node -e 0`, in turns, median of each. The
 * note gives the same command through tsx, as every command ran before the build.
 */
export async function cliStartupFigure(): Promise<Figure> {
  const built: number[] = [];
  const bare: number[] = [];
  const compiled: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    built.push(await timed([BIN, '--help']));
    bare.push(await timed(['-e', '0']));
    compiled.push(await timed(['--import', 'tsx', MAIN, '--help']));
  }
  const value = medianOf(built);
  const baseline = medianOf(bare);
  return {
    name: 'cli-startup',
    value,
    unit: 'ms',
    baseline: { value: baseline, unit: 'ms', what: 'a bare `node -e 0`' },
    ratio: baseline / value,
    note: `through tsx ${medianOf(compiled).toFixed(0)} ms; higher is better`,
  };
}
