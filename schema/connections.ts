import { parseCursorConnectionArgs, type DefaultConnectionArguments } from '@pothos/plugin-relay';
import { badInput } from '../domain/core/errors.js';
import {
  NEWEST_FIRST,
  positionOf,
  type Ordering,
  type Page,
  type PageRequest,
  type Position,
} from '../domain/core/pagination.js';
import { builder } from './builder.js';

builder.globalConnectionField('totalCount', (t) =>
  t.int({ description: 'How many items the whole list has.', resolve: (connection) => connection.countAll() }),
);

const ID_PREFIX = 'id:';

/**
 * A cursor names a row's place in the list's order: `id:<id>` newest first (the lists' first form,
 * still taken), else the order's name, the row's value of it and its id, as JSON.
 */
function encodeCursor(position: Position, ordering: Ordering<never>): string {
  const text =
    ordering.name === NEWEST_FIRST.name
      ? `${ID_PREFIX}${position.id}`
      : JSON.stringify([ordering.name, position.value, position.id]);
  return Buffer.from(text).toString('base64url');
}

function parsePosition(text: string, ordering: Ordering<never>): Position | null {
  if (ordering.name === NEWEST_FIRST.name) {
    return text.startsWith(ID_PREFIX) ? { id: Number(text.slice(ID_PREFIX.length)), value: null } : null;
  }
  try {
    const parsed: unknown = JSON.parse(text);
    if (!Array.isArray(parsed) || parsed.length !== 3 || parsed[0] !== ordering.name) return null;
    const [, value, id] = parsed as [unknown, unknown, unknown];
    const key = ordering.key;
    const fits = key ? typeof value === key.type || (value === null && key.nullable === true) : value === null;
    return fits && typeof id === 'number' ? { id, value: value as Position['value'] } : null;
  } catch {
    return null;
  }
}

function decodeCursor(cursor: string | undefined, field: 'after' | 'before', ordering: Ordering<never>) {
  if (cursor === undefined) return undefined;
  const position = parsePosition(Buffer.from(cursor, 'base64url').toString(), ordering);
  // Only the cursors this server writes: the same bytes back, an id it could have written.
  if (
    !position ||
    !Number.isSafeInteger(position.id) ||
    position.id < 0 ||
    encodeCursor(position, ordering) !== cursor
  ) {
    throw badInput('The cursor is not valid.', field);
  }
  return position;
}

/** Resolves a Relay connection over a domain list in `ordering` (newest first unless told): keyset pages, not offsets. */
export async function resolvePage<T extends { id: number }>(
  args: DefaultConnectionArguments,
  fetch: (page: PageRequest) => Promise<Page<T>>,
  ordering: Ordering<T> = NEWEST_FIRST,
) {
  const { before, after, limit, inverted, expectedSize, hasPreviousPage, hasNextPage } = parseCursorConnectionArgs({
    args,
  });
  const order = ordering as Ordering<never>;
  const page = await fetch({
    after: decodeCursor(after, 'after', order),
    before: decodeCursor(before, 'before', order),
    limit,
    inverted,
  });
  const nodes = page.nodes.slice(0, expectedSize);
  if (inverted) nodes.reverse();
  const edges = nodes.map((node) => ({ cursor: encodeCursor(positionOf(node, ordering), order), node }));
  return {
    edges,
    countAll: () => page.countAll(),
    pageInfo: {
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
      hasPreviousPage: hasPreviousPage(page.nodes.length),
      hasNextPage: hasNextPage(page.nodes.length),
    },
  };
}
