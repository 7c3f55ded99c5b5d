import type { CombinedError } from 'urql';

/** The codes a person may meet, each with a sentence in the message catalogues. */
export const KNOWN_ERROR_CODES = [
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'BAD_USER_INPUT',
  'NOT_FOUND',
  'CONFLICT',
  'INSUFFICIENT_FUNDS',
  'ACCOUNT_LOCKED',
  'PAYLOAD_TOO_LARGE',
  'TOO_MANY_REQUESTS',
  'TOO_EARLY',
  'INTERNAL_SERVER_ERROR',
  'NETWORK',
] as const;

export type KnownErrorCode = (typeof KNOWN_ERROR_CODES)[number];

function isKnown(code: unknown): code is KnownErrorCode {
  return (KNOWN_ERROR_CODES as readonly unknown[]).includes(code);
}

/** The code of a failed operation; anything unrecognised reads as a fault of the server. */
export function errorCode(error: CombinedError): KnownErrorCode {
  if (error.networkError) return 'NETWORK';
  const code = error.graphQLErrors[0]?.extensions?.code;
  return isKnown(code) ? code : 'INTERNAL_SERVER_ERROR';
}
