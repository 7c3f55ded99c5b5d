import { notFound } from '../domain/errors.js';

/** Dataloader batches answer an Error, not null, for a key with no row. */
export function orNotFound<T>(what: string) {
  return (rows: (T | null)[]): (T | Error)[] => rows.map((row) => row ?? notFound(what));
}
