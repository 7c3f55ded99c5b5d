import { decodeGlobalID } from '@pothos/plugin-relay';
import { badInput } from '../domain/core/errors.js';

/** The object types whose global IDs arguments take. */
export type IdType = 'Movie' | 'User' | 'Session';

/**
 * The row id inside a global ID of `type`. Arguments are declared as plain `ID`s and decoded here,
 * inside the resolver: Pothos decodes `t.arg.globalID` before the auth scopes run, so an anonymous
 * caller with a bad ID would learn "invalid ID" instead of UNAUTHENTICATED.
 */
export function rowIdOf(type: IdType, globalId: string): number {
  let decoded: { typename: string; id: string };
  try {
    decoded = decodeGlobalID(globalId);
  } catch {
    throw badInput(`This is not a valid ${type} ID.`, 'id');
  }
  const id = Number(decoded.id);
  if (decoded.typename !== type || !/^\d{1,15}$/.test(decoded.id) || !Number.isSafeInteger(id)) {
    throw badInput(`This is not a valid ${type} ID.`, 'id');
  }
  return id;
}
