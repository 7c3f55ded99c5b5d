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

/**
 * Every refusal the server names more closely than by its code, once each: the argument at fault
 * (`extensions.field`) and, where one argument or the request itself is refused for causes that a
 * person acts on differently, which cause (`extensions.reason`). Clients hold a sentence for each
 * of these and for each code alone; the domain's refusals are typed by this list, so that they can
 * name nothing else.
 */
const NAMED_REFUSALS = [
  /** `login` of an account with two-factor sign-in on: the password was right, the code is missing. */
  { code: 'UNAUTHENTICATED', reason: 'TWO_FACTOR_REQUIRED' },
  /** `login` with a right password and a wrong, used or late code. */
  { code: 'UNAUTHENTICATED', reason: 'WRONG_CODE' },
  { code: 'FORBIDDEN', field: 'setupCode' },
  /** An admin without two-factor sign-in where REQUIRE_ADMIN_TWO_FACTOR=true: they may only set it up. */
  { code: 'FORBIDDEN', reason: 'TWO_FACTOR_SETUP_REQUIRED' },
  { code: 'BAD_USER_INPUT', field: 'name' },
  { code: 'BAD_USER_INPUT', field: 'password' },
  { code: 'BAD_USER_INPUT', field: 'newPassword' },
  { code: 'BAD_USER_INPUT', field: 'currentPassword' },
  { code: 'BAD_USER_INPUT', field: 'setupCode' },
  /** A two-factor, recovery or password-reset code that is wrong, used or expired. */
  { code: 'BAD_USER_INPUT', field: 'code' },
  /** A password that is not the account's, where one is asked to confirm a change (disableTwoFactor). */
  { code: 'BAD_USER_INPUT', field: 'password', reason: 'WRONG_PASSWORD' },
  { code: 'BAD_USER_INPUT', field: 'amount' },
  { code: 'BAD_USER_INPUT', field: 'title' },
  { code: 'BAD_USER_INPUT', field: 'content' },
  { code: 'BAD_USER_INPUT', field: 'file' },
  { code: 'BAD_USER_INPUT', field: 'fingerprint' },
  { code: 'BAD_USER_INPUT', field: 'uploadId' },
  { code: 'BAD_USER_INPUT', field: 'search' },
  { code: 'BAD_USER_INPUT', field: 'description' },
  { code: 'BAD_USER_INPUT', field: 'after' },
  { code: 'BAD_USER_INPUT', field: 'before' },
  /** An id that is no id of the type asked for. */
  { code: 'BAD_USER_INPUT', field: 'id' },
  /** A right id, of the caller's own account, where that is not allowed (locking oneself, resetting one's own two factors). */
  { code: 'BAD_USER_INPUT', field: 'id', reason: 'OWN_ACCOUNT' },
  // The request itself: over a limit of server/query-limits.ts, or refused by GraphQL or Yoga
  // before it runs (schema/errors.ts keeps their own code as the reason).
  { code: 'BAD_USER_INPUT', reason: 'QUERY_TOO_COSTLY' },
  { code: 'BAD_USER_INPUT', reason: 'QUERY_TOO_DEEP' },
  { code: 'BAD_USER_INPUT', reason: 'TOO_MANY_ALIASES' },
  { code: 'BAD_USER_INPUT', reason: 'TOO_MANY_DIRECTIVES' },
  { code: 'BAD_USER_INPUT', reason: 'TOO_MANY_TOKENS' },
  { code: 'BAD_USER_INPUT', reason: 'GRAPHQL_PARSE_FAILED' },
  { code: 'BAD_USER_INPUT', reason: 'GRAPHQL_VALIDATION_FAILED' },
  { code: 'BAD_USER_INPUT', reason: 'OPERATION_RESOLUTION_FAILURE' },
  { code: 'BAD_USER_INPUT', reason: 'BAD_REQUEST' },
  { code: 'CONFLICT', field: 'name' },
  /** beginTwoFactor while it is on: turn it off first (password and code). */
  { code: 'CONFLICT', reason: 'TWO_FACTOR_ON' },
  /** confirmTwoFactor with it off and no setup begun. */
  { code: 'CONFLICT', reason: 'NO_TWO_FACTOR_SETUP' },
  /** An admin's debit larger than the balance (a purchase the balance cannot pay names no field). */
  { code: 'INSUFFICIENT_FUNDS', field: 'amount' },
] as const satisfies readonly { code: ErrorCode; field?: string; reason?: string }[];

type NamedRefusal = (typeof NAMED_REFUSALS)[number];

/** A refusal as a client tells it apart: a code alone, or one of the named combinations. */
export type Refusal = { readonly code: ErrorCode; readonly field?: string; readonly reason?: string } & (
  { readonly code: ErrorCode; readonly field?: undefined; readonly reason?: undefined } | NamedRefusal
);

/** Every refusal the server sends: each code alone, then the named ones. */
export const REFUSALS: readonly Refusal[] = [...ERROR_CODES.map((code) => ({ code })), ...NAMED_REFUSALS];

type KeyOf<R> = R extends {
  code: infer C extends string;
  field: infer F extends string;
  reason: infer S extends string;
}
  ? `${C}.${F}.${S}`
  : R extends { code: infer C extends string; field: infer F extends string }
    ? `${C}.${F}`
    : R extends { code: infer C extends string; reason: infer S extends string }
      ? `${C}.${S}`
      : R extends { code: infer C extends string }
        ? C
        : never;

/** A refusal written as one word: `CODE`, `CODE.field`, `CODE.REASON` or `CODE.field.REASON`. */
export type RefusalKey = KeyOf<Refusal>;

export function refusalKey(refusal: Refusal): RefusalKey {
  return [refusal.code, refusal.field, refusal.reason].filter(Boolean).join('.') as RefusalKey;
}

/** The `field` and `reason` a refusal with `code` may carry: a combination of the list, or neither. */
type NamingOf<C extends ErrorCode> =
  | { readonly field?: undefined; readonly reason?: undefined }
  | (Extract<NamedRefusal, { code: C }> extends infer R ? (R extends NamedRefusal ? Omit<R, 'code'> : never) : never);

/** The arguments a refusal with `code` may name. */
export type FieldOf<C extends ErrorCode> = Extract<NamedRefusal, { code: C; field: string }>['field'];

/** The causes a refusal of the request itself (no argument at fault) may name. */
export type RequestReason = Exclude<
  Extract<NamedRefusal, { code: 'BAD_USER_INPUT'; reason: string }>,
  { field: string }
>['reason'];

/** What a refusal carries beside its code: its naming, and values for the message (a balance, a limit). */
export type RefusalDetails<C extends ErrorCode> = NamingOf<C> & {
  readonly [detail: string]: string | number | undefined;
};

/** An expected refusal, with a message written for a person. Anything else is a fault. */
export class AppError<C extends ErrorCode = ErrorCode> extends Error {
  constructor(
    readonly code: C,
    message: string,
    readonly details: RefusalDetails<C> = {},
  ) {
    super(message);
    this.name = 'AppError';
  }
}

/** Whether `err` is a refusal, typed with its code (`instanceof` alone would type the code `any`). */
export function isAppError(err: unknown): err is AppError {
  return err instanceof AppError;
}

export function badInput(message: string, field?: FieldOf<'BAD_USER_INPUT'>): AppError<'BAD_USER_INPUT'> {
  // Each field alone is a listed refusal; TypeScript cannot match a union of them member by member.
  return new AppError('BAD_USER_INPUT', message, field ? ({ field } as RefusalDetails<'BAD_USER_INPUT'>) : {});
}

export function notFound(what: string): AppError {
  return new AppError('NOT_FOUND', `${what} was not found.`);
}
