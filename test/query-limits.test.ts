import {
  getNamedType,
  isLeafType,
  isNonNullType,
  isObjectType,
  type GraphQLField,
  type GraphQLObjectType,
} from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema } from '../schema/index.js';
import { adminAndUser, ME, type Account } from './support/accounts.js';
import { Client } from './support/client.js';
import { startServer, type TestServer } from './support/server.js';

/** The most any list answers in one page. */
const LARGEST_PAGE = 100;

/** Every field of `type` that needs no argument, objects expanded as deep as the depth limit lets them. */
function everyField(type: GraphQLObjectType, depth: number): string {
  return Object.values(type.getFields())
    .filter((field) => !field.args.some((arg) => isNonNullType(arg.type)))
    .map((field) => {
      const named = getNamedType(field.type);
      if (isLeafType(named)) return field.name;
      if (isObjectType(named) && depth < 5) return `${field.name} { ${everyField(named, depth + 1)} }`;
      return '';
    })
    .filter(Boolean)
    .join(' ');
}

/** The lists that page with `first`, each as its largest page asking for every field. */
function largestPages(idOf: (field: GraphQLField<unknown, unknown>) => string): [string, string][] {
  return Object.values(schema.getQueryType()!.getFields())
    .filter((field) => field.args.some((arg) => arg.name === 'first'))
    .map((field) => {
      const id = field.args.some((arg) => arg.name === 'id') ? `, id: ${JSON.stringify(idOf(field))}` : '';
      const selection = everyField(getNamedType(field.type) as GraphQLObjectType, 1);
      return [field.name, `{ ${field.name}(first: ${LARGEST_PAGE}${id}) { ${selection} } }`];
    });
}

describe('query limits', () => {
  let server: TestServer;
  let admin: Account;

  beforeAll(async () => {
    server = await startServer('sqlite');
    ({ admin } = await adminAndUser(new Client(server.url)));
  });
  afterAll(() => server.close());

  it('answer the largest page of every list with every field', async () => {
    const pages = largestPages(() => admin.user.id);
    expect(pages.map(([name]) => name)).toEqual(expect.arrayContaining(['movies', 'downloadRecords', 'notices']));
    for (const [name, query] of pages) {
      const result = await admin.client.request(query);
      expect(result.errors, `${name}: ${JSON.stringify(result.errors)}`).toBeUndefined();
    }
  });

  it('count depth by fields, not by fragment spreads (as a client with a fragment per component sends)', async () => {
    const fragments = `fragment Entry on CoinEntry { ...Bought } fragment Bought on CoinEntry { movie { ...Name } } fragment Name on Movie { name }`;
    const result = await admin.client.request(`{ coinHistory(first: 5) { edges { node { ...Entry } } } } ${fragments}`);
    expect(result.errors).toBeUndefined();
  });

  it('count aliases of __typename as any others: 15 pass, 16 are refused', async () => {
    const typenames = (n: number) => `{ ${Array.from({ length: n }, (_, i) => `t${i}: __typename`).join(' ')} }`;
    expect((await admin.client.request(typenames(15))).errors).toBeUndefined();
    const refused = await admin.client.request(typenames(16));
    expect(refused.status).toBe(400);
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'TOO_MANY_ALIASES' });
    // Anonymous callers meet the same limit.
    const anonymous = await new Client(server.url).request(typenames(16));
    expect(anonymous.errors?.[0]?.extensions?.reason).toBe('TOO_MANY_ALIASES');
  });

  it('refuse a query that asks for too much at once, saying it is too costly, and keep serving', async () => {
    const [, movies] = largestPages(() => admin.user.id).find(([name]) => name === 'movies')!;
    const selection = movies.slice(1, -1);
    const greedy = `{ ${Array.from({ length: 8 }, (_, i) => `p${i}: ${selection.trim()}`).join(' ')} }`;
    const result = await admin.client.request(greedy);
    expect(result.status).toBe(400);
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'QUERY_TOO_COSTLY' });
    expect(result.errors?.[0]?.message).toMatch(/too costly/);
    expect(result.data ?? null).toBeNull();
    expect((await admin.client.ok(ME)).me.name).toBe('admin');
  });
});

describe('field suggestions', () => {
  it.each([
    ['true', true],
    ['false', false],
  ])('with GRAPHIQL=%s, a misspelt field is answered with suggestions: %s', async (graphiql, suggested) => {
    const server = await startServer('sqlite', { GRAPHIQL: graphiql });
    try {
      const { admin } = await adminAndUser(new Client(server.url));
      const result = await admin.client.request('{ moviez(first: 1) { totalCount } }');
      expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(result.errors?.[0]?.message).toMatch(/moviez/);
      expect(/Did you mean/.test(result.errors?.[0]?.message ?? '')).toBe(suggested);
    } finally {
      await server.close();
    }
  });
});
