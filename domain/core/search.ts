import type { Model, QueryBuilder } from 'objection';
import { badInput } from './errors.js';
import { characterCount, hasControlCharacters } from './text.js';

/**
 * A list's search as typed, trimmed; null when there is none. Longer than anything it could find
 * (`maxLength`, the longest name) or holding control characters (no name holds them, and databases
 * disagree on them: SQLite's LIKE stops at a NUL), it is refused.
 */
export function checkedSearch(raw: string | null | undefined, maxLength: number): string | null {
  const search = raw?.trim();
  if (!search) return null;
  if (characterCount(search) > maxLength) throw badInput('The search is longer than any name it could find.', 'search');
  if (hasControlCharacters(search)) throw badInput('The search must not contain control characters.', 'search');
  return search;
}

/** `%`, `_` and the escape character itself match literally. */
function likePattern(search: string): string {
  return `%${search.replace(/[!%_]/g, (c) => `!${c}`)}%`;
}

/**
 * Rows whose `column` contains `key`. Tables compare bytes on every database
 * (db/migrations/tables.ts): the caller folds case into the column and the key alike.
 */
export function whereContains<M extends Model>(query: QueryBuilder<M>, column: string, key: string): void {
  query.whereRaw(`?? LIKE ? ESCAPE '!'`, [column, likePattern(key)]);
}
