import type { Model, QueryBuilder } from 'objection';

/** A value a list is ordered by before its id: a name, a duration; null where a row has none. */
export type OrderValue = string | number | null;

/** Where a page starts or ends: a row's id, and its value of the list's order (null when ordered by id alone). */
export interface Position {
  id: number;
  value: OrderValue;
}

/**
 * How a list is ordered: by `key` when it has one, then by id, both in `direction` (keyset pages:
 * a page starts after the last row of the one before, whatever was added meanwhile).
 */
export interface Ordering<T> {
  /** Names the order in cursors, so that a cursor of one order is refused by another. */
  name: string;
  direction: 'asc' | 'desc';
  key?: {
    /** As SQL names it (qualified where the list joins). */
    column: string;
    type: 'string' | 'number';
    /** Rows without a value come last: only in a descending order, where both databases put NULL last. */
    nullable?: boolean;
    valueOf(row: T): OrderValue;
  };
}

/** The order of most lists: newest first, by id. Its cursors are those every list had before sorts. */
export const NEWEST_FIRST = { name: 'id', direction: 'desc' } as const satisfies Ordering<never>;

/** A window of a list: the rows after `after` (or before `before`) in the list's order. */
export interface PageRequest {
  after?: Position;
  before?: Position;
  limit: number;
  /** Walking backwards (`last`/`before`): the rows come in the reverse order. */
  inverted: boolean;
}

export interface Page<T> {
  nodes: T[];
  /** The size of the whole list: counted only when a caller asks, as a count scans the list. */
  countAll(): Promise<number>;
}

type Query = QueryBuilder<Model>;

/** Rows strictly past `position` going `forward` in the order (else strictly before it). */
function past(query: Query, ordering: Ordering<never>, idColumn: string, position: Position, forward: boolean) {
  const descending = ordering.direction === 'desc';
  const beyond = forward === descending ? '<' : '>';
  const key = ordering.key;
  if (!key) return query.where(idColumn, beyond, position.id);
  const { column } = key;
  if (position.value === null) {
    // Among the rows without a value (last in the order); going back, every row with one comes first.
    return query.where((q) => {
      q.where((inner) => {
        inner.whereNull(column).where(idColumn, beyond, position.id);
      });
      if (!forward) q.orWhereNotNull(column);
    });
  }
  const value = position.value;
  return query.where((q) => {
    q.where(column, beyond, value).orWhere((inner) => {
      inner.where(column, value).where(idColumn, beyond, position.id);
    });
    if (forward && key.nullable) q.orWhereNull(column);
  });
}

/**
 * Fetches one page of `query` in `ordering` (newest first unless told); the unpaged list is counted
 * on demand. `withColumns` adds what only the page's rows need, so that the count does not compute
 * it for the whole list.
 */
export async function fetchPage<M extends Model>(
  query: QueryBuilder<M>,
  idColumn: string,
  page: PageRequest,
  withColumns?: (window: QueryBuilder<M>) => void,
  ordering: Ordering<M> = NEWEST_FIRST,
): Promise<Page<M>> {
  if (ordering.key?.nullable && ordering.direction !== 'desc')
    throw new Error('nulls come last only in a descending order');
  const window = query.clone();
  withColumns?.(window);
  const loose = window as unknown as Query;
  const order = ordering as Ordering<never>;
  if (page.after) past(loose, order, idColumn, page.after, true);
  if (page.before) past(loose, order, idColumn, page.before, false);
  const forward = page.inverted ? (ordering.direction === 'desc' ? 'asc' : 'desc') : ordering.direction;
  if (ordering.key) window.orderBy(ordering.key.column, forward);
  window.orderBy(idColumn, forward).limit(page.limit);
  const nodes = await window;
  return { nodes, countAll: () => query.resultSize() };
}

/** Where `row` stands in `ordering`: what a cursor after or before it holds. */
export function positionOf<T extends { id: number }>(row: T, ordering: Ordering<T>): Position {
  return { id: row.id, value: ordering.key ? ordering.key.valueOf(row) : null };
}
