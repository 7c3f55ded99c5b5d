import { builder } from './builder.js';
import { AppError } from '../domain/core/errors.js';

function invalid(message: string): AppError {
  return new AppError('BAD_USER_INPUT', message);
}

builder.scalarType('DateTime', {
  description: 'An instant, as ISO-8601 in UTC.',
  serialize: (value) => value.toISOString(),
  parseValue: (value) => {
    const date = typeof value === 'string' ? new Date(value) : new Date(Number.NaN);
    if (Number.isNaN(date.getTime())) throw invalid('A DateTime must be an ISO-8601 string.');
    return date;
  },
});

builder.scalarType('SafeInt', {
  description: 'An integer up to 2^53 - 1 in magnitude (byte sizes over 2 GiB).',
  serialize: (value) => value,
  parseValue: (value) => {
    if (typeof value !== 'number' || !Number.isSafeInteger(value))
      throw invalid('A SafeInt must be a whole number below 2^53.');
    return value;
  },
});
