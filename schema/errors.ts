import { PothosValidationError } from '@pothos/core';
import { GraphQLError } from 'graphql';
import { maskError as yogaMaskError } from 'graphql-yoga';
import { AppError, ERROR_CODES } from '../domain/core/errors.js';

function originalOf(error: unknown): unknown {
  return error instanceof GraphQLError && error.originalError ? error.originalError : error;
}

/** True for refusals meant for the client; anything else is a fault to log and mask. */
export function isExpectedError(error: unknown): boolean {
  const original = originalOf(error);
  if (original instanceof AppError || original instanceof PothosValidationError) return true;
  // GraphQL's own errors (syntax, validation, variables) and those that already carry a code.
  return original instanceof GraphQLError;
}

/** Yoga's `maskError`: domain refusals keep their code and message, faults become INTERNAL_SERVER_ERROR. */
export function maskError(error: unknown, message: string, isDev?: boolean): Error {
  const original = originalOf(error);
  if (error instanceof GraphQLError && original instanceof AppError) {
    return new GraphQLError(original.message, {
      nodes: error.nodes,
      path: error.path,
      extensions: { ...original.details, code: original.code },
    });
  }
  if (error instanceof GraphQLError && original instanceof PothosValidationError) {
    return new GraphQLError(original.message, {
      nodes: error.nodes,
      path: error.path,
      extensions: { code: 'BAD_USER_INPUT' },
    });
  }
  return yogaMaskError(error, message, isDev);
}

const API_CODES = new Set<unknown>([...ERROR_CODES, 'INTERNAL_SERVER_ERROR']);

/**
 * GraphQL's and Yoga's own refusals (syntax, validation, variables, bodies) carry codes of their
 * own or none: answer them with the contract's code, keeping theirs as `reason`.
 */
export function withApiCode(error: GraphQLError): GraphQLError {
  // graphql-jit's errors for invalid variables come without `extensions`.
  const { code, http, ...rest } = (error.extensions ?? {}) as {
    code?: unknown;
    http?: { status?: number; spec?: boolean };
  };
  if (API_CODES.has(code)) return error;
  const apiCode = http?.status === 413 ? 'PAYLOAD_TOO_LARGE' : 'BAD_USER_INPUT';
  // A refusal before execution (it has no path) is the request's fault: answer it with a 4xx, also
  // to `Accept: application/json`, for which Yoga would otherwise keep 200 (its `spec` flag).
  const { spec: _spec, ...httpRest } = http ?? {};
  const status = http?.status ?? (error.path ? undefined : 400);
  return new GraphQLError(error.message, {
    nodes: error.nodes,
    source: error.source,
    positions: error.positions,
    path: error.path,
    originalError: error.originalError,
    extensions: {
      ...rest,
      ...(status ? { http: { ...httpRest, status } } : {}),
      code: apiCode,
      ...(code ? { reason: code } : {}),
    },
  });
}
