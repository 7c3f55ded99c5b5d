import { badInput } from '../domain/errors.js';

/** The row id inside a decoded global ID (its type name was already checked by `for`). */
export function rowId(globalId: { id: string }, field = 'id'): number {
  const id = Number(globalId.id);
  if (!/^\d{1,15}$/.test(globalId.id) || !Number.isSafeInteger(id)) throw badInput('This is not a valid ID.', field);
  return id;
}
