import { text } from 'node:stream/consumers';
import { read } from 'read';
import { usageError } from './errors.js';

/** Lines read from stdin once (`--password-stdin`), handed out one per question. */
let stdinLines: string[] | undefined;

async function nextStdinLine(): Promise<string> {
  stdinLines ??= (await text(process.stdin)).split(/\r?\n/);
  const line = stdinLines.shift();
  if (!line) throw usageError('--password-stdin: stdin holds no password (one per line).');
  return line;
}

/**
 * A password from the terminal without echo, or one line of stdin with `--password-stdin`; never
 * from an argument, which other users of the machine can read in the process list.
 */
export async function askPassword(prompt: string, fromStdin: boolean): Promise<string> {
  if (fromStdin) return nextStdinLine();
  if (!process.stdin.isTTY)
    throw usageError('No terminal to ask the password on: pass it on stdin with --password-stdin.');
  return read({ prompt, silent: true, replace: '', output: process.stderr });
}

/** Asks a yes/no question on the terminal; false when there is no terminal to ask on. */
export async function confirm(question: string): Promise<boolean> {
  if (!process.stdin.isTTY) return false;
  const answer = await read({ prompt: `${question} [y/N] `, output: process.stderr });
  return /^y(es)?$/i.test(answer.trim());
}

/** A line for people on stderr, so that stdout stays for the data. */
export function say(line: string): void {
  process.stderr.write(`${line}\n`);
}
