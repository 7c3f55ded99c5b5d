import { PothosValidationError } from '@pothos/core';
import { GraphQLError } from 'graphql';
import { maskError as yogaMaskError } from 'graphql-yoga';
import { AppError } from '../domain/errors.js';

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
