import type { Model, QueryBuilder } from 'objection';

/** A window of a list ordered newest first by id: ids strictly below `afterId`, above `beforeId`. */
export interface PageRequest {
  afterId?: number;
  beforeId?: number;
  limit: number;
  /** Walking backwards (`last`/`before`): the rows come oldest first. */
  inverted: boolean;
}

export interface Page<T> {
  nodes: T[];
  /** The size of the whole list: counted only when a caller asks, as a count scans the list. */
  countAll(): Promise<number>;
}

/**
 * Fetches one page of `query` (newest first); the unpaged list is counted on demand. `withColumns`
 * adds what only the page's rows need, so that the count does not compute it for the whole list.
 */
export async function fetchPage<M extends Model>(
  query: QueryBuilder<M>,
  idColumn: string,
  page: PageRequest,
  withColumns?: (window: QueryBuilder<M>) => void,
): Promise<Page<M>> {
  const window = query.clone();
  withColumns?.(window);
  if (page.afterId !== undefined) window.where(idColumn, '<', page.afterId);
  if (page.beforeId !== undefined) window.where(idColumn, '>', page.beforeId);
  window.orderBy(idColumn, page.inverted ? 'asc' : 'desc').limit(page.limit);
  const nodes = await window;
  return { nodes, countAll: () => query.resultSize() };
}
