import { CommanderError } from '@commander-js/extra-typings';
import { CliError } from './errors.js';
import { buildProgram } from './program.js';

/**
 * Runs one command. Exit codes: 0 done, 1 refused or failed (the API's code and a sentence on
 * stderr), 2 a usage error (an unknown command or option, a missing argument).
 */
async function main(argv: string[]): Promise<number> {
  try {
    await buildProgram().parseAsync(argv);
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    if (error instanceof CliError) {
      process.stderr.write(`error${error.code ? ` (${error.code})` : ''}: ${error.message}\n`);
      return error.exitCode;
    }
    process.stderr.write(`error: ${(error as Error).message ?? error}\n`);
    return 1;
  }
}

// `npm run cli` runs in the repository's folder: paths on the command line are the caller's.
if (process.env.npm_lifecycle_event === 'cli' && process.env.INIT_CWD) process.chdir(process.env.INIT_CWD);
process.exitCode = await main(process.argv);
