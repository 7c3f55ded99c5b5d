/** A failure the command line reports in one sentence: exit 1 with the API's code, or 2 for a usage error. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly code?: string,
    readonly exitCode: 1 | 2 = 1,
    /** The API's `extensions.reason`, where it gives one (TWO_FACTOR_REQUIRED, …). */
    readonly reason?: string,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

export function usageError(message: string): CliError {
  return new CliError(message, undefined, 2);
}

/** An answer of the server outside GraphQL (a download link, tus): its JSON `errors`, else its status. */
export function errorOfAnswer(status: number, body: string): CliError {
  try {
    const { errors } = JSON.parse(body) as { errors?: { message: string; extensions?: { code?: string } }[] };
    if (errors?.[0]) return new CliError(errors[0].message, errors[0].extensions?.code);
  } catch {
    // Not one of the server's JSON answers (a proxy's page, say): the status says enough.
  }
  return new CliError(`The server answered ${status}.`);
}
