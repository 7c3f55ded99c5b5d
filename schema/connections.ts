import { parseCursorConnectionArgs, type DefaultConnectionArguments } from '@pothos/plugin-relay';
import { badInput } from '../domain/core/errors.js';
import type { Page, PageRequest } from '../domain/core/pagination.js';
import { builder } from './builder.js';

builder.globalConnectionField('totalCount', (t) =>
  t.int({ description: 'How many items the whole list has.', resolve: (connection) => connection.countAll() }),
);

const PREFIX = 'id:';

function encodeCursor(id: number): string {
  return Buffer.from(`${PREFIX}${id}`).toString('base64url');
}

function decodeCursor(cursor: string | undefined, field: 'after' | 'before'): number | undefined {
  if (cursor === undefined) return undefined;
  const text = Buffer.from(cursor, 'base64url').toString();
  const id = Number(text.slice(PREFIX.length));
  if (!text.startsWith(PREFIX) || !Number.isSafeInteger(id) || id < 0 || encodeCursor(id) !== cursor) {
    throw badInput('The cursor is not valid.', field);
  }
  return id;
}

/** Resolves a Relay connection over a domain list ordered newest first by id (keyset, not offsets). */
export async function resolvePage<T extends { id: number }>(
  args: DefaultConnectionArguments,
  fetch: (page: PageRequest) => Promise<Page<T>>,
) {
  const { before, after, limit, inverted, expectedSize, hasPreviousPage, hasNextPage } = parseCursorConnectionArgs({
    args,
  });
  const page = await fetch({
    afterId: decodeCursor(after, 'after'),
    beforeId: decodeCursor(before, 'before'),
    limit,
    inverted,
  });
  const nodes = page.nodes.slice(0, expectedSize);
  if (inverted) nodes.reverse();
  const edges = nodes.map((node) => ({ cursor: encodeCursor(node.id), node }));
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
