import { CliError } from './errors.js';
import { askCode } from './terminal.js';

/**
 * Sends `send` with the code given (`--code`), if any; when the server answers that the account needs
 * one (TWO_FACTOR_REQUIRED), asks it (on the terminal, or the next line of stdin) and sends again.
 */
export async function withCodeWhenAsked<T>(
  send: (code: string | undefined) => Promise<T>,
  given: string | undefined,
  fromStdin: boolean,
): Promise<T> {
  try {
    return await send(given);
  } catch (error) {
    if (given !== undefined || !(error instanceof CliError) || error.reason !== 'TWO_FACTOR_REQUIRED') throw error;
    return send(await askCode('Code of your authenticator app (or a recovery code): ', fromStdin));
  }
}
