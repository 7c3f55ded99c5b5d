import { text } from 'node:stream/consumers';
import { read } from 'read';
import { usageError } from './errors.js';

/** Lines read from stdin once (`--password-stdin`), handed out one per question. */
let stdinLines: string[] | undefined;

async function nextStdinLine(missing: string): Promise<string> {
  stdinLines ??= (await text(process.stdin)).split(/\r?\n/);
  const line = stdinLines.shift();
  if (!line) throw usageError(missing);
  return line;
}

/**
 * A password from the terminal without echo, or one line of stdin with `--password-stdin`; never
 * from an argument, which other users of the machine can read in the process list.
 */
export async function askPassword(prompt: string, fromStdin: boolean): Promise<string> {
  if (fromStdin) return nextStdinLine('--password-stdin: stdin holds no password (one per line).');
  if (!process.stdin.isTTY)
    throw usageError('No terminal to ask the password on: pass it on stdin with --password-stdin.');
  return read({ prompt, silent: true, replace: '', output: process.stderr });
}

/**
 * The code of an authenticator app (or a recovery code): typed on the terminal, or the next line of
 * stdin with `--password-stdin` (after the password). It works once, so echoing it does no harm.
 */
export async function askCode(prompt: string, fromStdin: boolean): Promise<string> {
  if (fromStdin)
    return nextStdinLine(
      'The server asks for a two-factor code: put it on the line after the password, or pass --code.',
    );
  if (!process.stdin.isTTY) throw usageError('The server asks for a two-factor code: pass it with --code.');
  return read({ prompt, output: process.stderr });
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
