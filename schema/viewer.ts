import type { User } from '../db/models/user.js';
import { AppError } from '../domain/core/errors.js';
import type { Context } from './context.js';

/** The logged-in user of a field whose scopes already demand one. */
export function viewerOf(context: Context): User {
  if (!context.viewer) throw new AppError('UNAUTHENTICATED', 'Please log in first.');
  return context.viewer;
}
