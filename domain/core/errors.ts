/** The error codes of the API; every refusal the domain makes carries one. */
export const ERROR_CODES = [
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'BAD_USER_INPUT',
  'NOT_FOUND',
  'CONFLICT',
  'INSUFFICIENT_FUNDS',
  'ACCOUNT_LOCKED',
  'PAYLOAD_TOO_LARGE',
  'TOO_MANY_REQUESTS',
  /** A download ticket's bytes asked for before its wait is over (the media endpoint's 425). */
  'TOO_EARLY',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** An expected refusal, with a message written for a person. Anything else is a fault. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: Record<string, string | number> = {},
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export function badInput(message: string, field?: string): AppError {
  return new AppError('BAD_USER_INPUT', message, field ? { field } : {});
}

export function notFound(what: string): AppError {
  return new AppError('NOT_FOUND', `${what} was not found.`);
}
