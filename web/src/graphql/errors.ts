import type { CombinedError } from 'urql';
import { ERROR_CODES, REFUSALS, refusalKey, type RefusalKey } from '../../../domain/core/errors.js';
import type en from '../i18n/messages/en.json';

/**
 * The codes a person may meet, each with a sentence in the message catalogues: the API's own (one
 * list, shared with the server), a fault, and a server out of reach.
 */
export const KNOWN_ERROR_CODES = [...ERROR_CODES, 'INTERNAL_SERVER_ERROR', 'NETWORK'] as const;

export type KnownErrorCode = (typeof KNOWN_ERROR_CODES)[number];

/** What the client tells apart: every refusal the server names (domain/core/errors.ts), a fault, and a server out of reach. */
export type FailureKey = RefusalKey | 'INTERNAL_SERVER_ERROR' | 'NETWORK';

type ErrorMessageId = Extract<keyof typeof en, `error.${string}`>;

/**
 * The sentence for each failure. Typed over every refusal the server names: a new one fails the
 * type check until it has its sentence here (and test/error-sentences.test.ts checks both catalogues).
 */
export const ERROR_SENTENCES: Record<FailureKey, ErrorMessageId> = {
  UNAUTHENTICATED: 'error.UNAUTHENTICATED',
  'UNAUTHENTICATED.TWO_FACTOR_REQUIRED': 'error.UNAUTHENTICATED.TWO_FACTOR_REQUIRED',
  'UNAUTHENTICATED.WRONG_CODE': 'error.UNAUTHENTICATED.WRONG_CODE',
  FORBIDDEN: 'error.FORBIDDEN',
  'FORBIDDEN.setupCode': 'error.FORBIDDEN.setupCode',
  'FORBIDDEN.TWO_FACTOR_SETUP_REQUIRED': 'error.FORBIDDEN.TWO_FACTOR_SETUP_REQUIRED',
  BAD_USER_INPUT: 'error.BAD_USER_INPUT',
  'BAD_USER_INPUT.name': 'error.BAD_USER_INPUT.name',
  'BAD_USER_INPUT.password': 'error.BAD_USER_INPUT.password',
  'BAD_USER_INPUT.newPassword': 'error.BAD_USER_INPUT.newPassword',
  'BAD_USER_INPUT.currentPassword': 'error.BAD_USER_INPUT.currentPassword',
  'BAD_USER_INPUT.setupCode': 'error.BAD_USER_INPUT.setupCode',
  'BAD_USER_INPUT.code': 'error.BAD_USER_INPUT.code',
  'BAD_USER_INPUT.password.WRONG_PASSWORD': 'error.BAD_USER_INPUT.password.WRONG_PASSWORD',
  'BAD_USER_INPUT.amount': 'error.BAD_USER_INPUT.amount',
  'BAD_USER_INPUT.title': 'error.BAD_USER_INPUT.title',
  'BAD_USER_INPUT.content': 'error.BAD_USER_INPUT.content',
  'BAD_USER_INPUT.file': 'error.BAD_USER_INPUT.file',
  'BAD_USER_INPUT.fingerprint': 'error.BAD_USER_INPUT.fingerprint',
  'BAD_USER_INPUT.uploadId': 'error.BAD_USER_INPUT.uploadId',
  'BAD_USER_INPUT.search': 'error.BAD_USER_INPUT.search',
  'BAD_USER_INPUT.description': 'error.BAD_USER_INPUT.description',
  // Either cursor: a page of a list that moved on since.
  'BAD_USER_INPUT.after': 'error.BAD_USER_INPUT.cursor',
  'BAD_USER_INPUT.before': 'error.BAD_USER_INPUT.cursor',
  'BAD_USER_INPUT.id': 'error.BAD_USER_INPUT.id',
  'BAD_USER_INPUT.id.OWN_ACCOUNT': 'error.BAD_USER_INPUT.id.OWN_ACCOUNT',
  // Requests this client built wrong, or that an updated server no longer takes: a reload helps.
  'BAD_USER_INPUT.QUERY_TOO_COSTLY': 'error.requestTooLarge',
  'BAD_USER_INPUT.QUERY_TOO_DEEP': 'error.requestTooLarge',
  'BAD_USER_INPUT.TOO_MANY_ALIASES': 'error.requestTooLarge',
  'BAD_USER_INPUT.TOO_MANY_DIRECTIVES': 'error.requestTooLarge',
  'BAD_USER_INPUT.TOO_MANY_TOKENS': 'error.requestTooLarge',
  'BAD_USER_INPUT.GRAPHQL_PARSE_FAILED': 'error.requestRefused',
  'BAD_USER_INPUT.GRAPHQL_VALIDATION_FAILED': 'error.requestRefused',
  'BAD_USER_INPUT.OPERATION_RESOLUTION_FAILURE': 'error.requestRefused',
  'BAD_USER_INPUT.BAD_REQUEST': 'error.requestRefused',
  NOT_FOUND: 'error.NOT_FOUND',
  CONFLICT: 'error.CONFLICT',
  'CONFLICT.name': 'error.CONFLICT.name',
  'CONFLICT.TWO_FACTOR_ON': 'error.CONFLICT.TWO_FACTOR_ON',
  'CONFLICT.NO_TWO_FACTOR_SETUP': 'error.CONFLICT.NO_TWO_FACTOR_SETUP',
  INSUFFICIENT_FUNDS: 'error.INSUFFICIENT_FUNDS',
  'INSUFFICIENT_FUNDS.amount': 'error.INSUFFICIENT_FUNDS.amount',
  ACCOUNT_LOCKED: 'error.ACCOUNT_LOCKED',
  PAYLOAD_TOO_LARGE: 'error.PAYLOAD_TOO_LARGE',
  TOO_MANY_REQUESTS: 'error.TOO_MANY_REQUESTS',
  TOO_EARLY: 'error.TOO_EARLY',
  INTERNAL_SERVER_ERROR: 'error.INTERNAL_SERVER_ERROR',
  NETWORK: 'error.NETWORK',
};

const LISTED = new Set<string>(REFUSALS.map(refusalKey));

function isKnown(code: unknown): code is KnownErrorCode {
  return (KNOWN_ERROR_CODES as readonly unknown[]).includes(code);
}

/** The code of a failed operation; anything unrecognised reads as a fault of the server. */
export function errorCode(error: CombinedError): KnownErrorCode {
  const code = error.graphQLErrors[0]?.extensions?.code;
  if (isKnown(code)) return code;
  return error.networkError ? 'NETWORK' : 'INTERNAL_SERVER_ERROR';
}

function textOf(value: unknown): string | undefined {
  return typeof value === 'string' && value ? value : undefined;
}

/**
 * The failure as the server named it: its code with the field and reason it gave, the closest
 * listed combination when a newer server names more (a reason, then a field, is left out).
 */
export function failureOf(error: CombinedError): FailureKey {
  const code = errorCode(error);
  if (code === 'INTERNAL_SERVER_ERROR' || code === 'NETWORK') return code;
  const extensions = error.graphQLErrors[0]?.extensions ?? {};
  const [field, reason] = [textOf(extensions.field), textOf(extensions.reason)];
  const candidates = [[code, field, reason], [code, field], [code, reason], [code]];
  const key = candidates.map((parts) => parts.filter(Boolean).join('.')).find((joined) => LISTED.has(joined));
  return key as RefusalKey;
}

/** The message that says what went wrong. */
export function errorMessageId(error: CombinedError): ErrorMessageId {
  return ERROR_SENTENCES[failureOf(error)];
}

/** The numbers and words the server sent with a refusal (a balance, a price), for its sentence. */
export function errorValues(error: CombinedError): Record<string, string | number> {
  const extensions = error.graphQLErrors[0]?.extensions ?? {};
  return Object.fromEntries(
    Object.entries(extensions).filter(
      (entry): entry is [string, string | number] => typeof entry[1] === 'string' || typeof entry[1] === 'number',
    ),
  );
}
