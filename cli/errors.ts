/** A failure the command line reports in one sentence: exit 1 with the API's code, or 2 for a usage error. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly code?: string,
    readonly exitCode: 1 | 2 = 1,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

export function usageError(message: string): CliError {
  return new CliError(message, undefined, 2);
}
