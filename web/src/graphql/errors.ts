import type { CombinedError } from 'urql';
import { ERROR_CODES } from '../../../domain/core/errors';

/**
 * The codes a person may meet, each with a sentence in the message catalogues: the API's own (one
 * list, shared with the server), a fault, and a server out of reach.
 */
export const KNOWN_ERROR_CODES = [...ERROR_CODES, 'INTERNAL_SERVER_ERROR', 'NETWORK'] as const;

export type KnownErrorCode = (typeof KNOWN_ERROR_CODES)[number];

function isKnown(code: unknown): code is KnownErrorCode {
  return (KNOWN_ERROR_CODES as readonly unknown[]).includes(code);
}

/** The code of a failed operation; anything unrecognised reads as a fault of the server. */
export function errorCode(error: CombinedError): KnownErrorCode {
  const code = error.graphQLErrors[0]?.extensions?.code;
  if (isKnown(code)) return code;
  return error.networkError ? 'NETWORK' : 'INTERNAL_SERVER_ERROR';
}

/**
 * The message that says what went wrong: the code's sentence, or a closer one when the server
 * named the argument at fault and the catalogue has a sentence for it (`error.CODE.field`).
 */
export function errorMessageId(error: CombinedError, hasMessage: (id: string) => boolean): string {
  const code = errorCode(error);
  const field = error.graphQLErrors[0]?.extensions?.field;
  const specific = `error.${code}.${String(field)}`;
  return typeof field === 'string' && hasMessage(specific) ? specific : `error.${code}`;
}
