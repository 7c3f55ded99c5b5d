import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LOGIN, ME, PASSWORD, registerAs, type Account } from './support/accounts.js';
import { Client, sendRaw, type RawResponse } from './support/client.js';
import { databases } from './support/databases.js';
import { expectListedRefusal } from './support/refusals.js';
import { startServer, type TestServer } from './support/server.js';

interface BadRequest {
  what: string;
  path?: string;
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  /** What the refusal's message must say, so that a person can tell what was wrong. */
  message?: RegExp;
  /** The status when only one makes sense (HTTP-level refusals); else any 4xx, or a GraphQL error. */
  status?: number;
  /** The `reason` the error names (which limit a query broke). */
  reason?: string;
}

const JSON_TYPE = { 'content-type': 'application/json' };
const graphql = (query: string, variables?: unknown) => JSON.stringify({ query, variables });
const LOGIN_VARIABLES =
  'mutation Login($name: String!, $password: String!) { login(name: $name, password: $password) { token } }';

/** Bodies that are not a GraphQL-over-HTTP request at all. */
const NOT_GRAPHQL_REQUESTS: BadRequest[] = [
  { what: 'malformed JSON', headers: JSON_TYPE, body: '{"query": ', message: /invalid JSON/i, status: 400 },
  {
    what: 'a body that is not JSON',
    headers: JSON_TYPE,
    body: 'not json at all',
    message: /invalid JSON/i,
    status: 400,
  },
  { what: 'an empty JSON body', headers: JSON_TYPE, body: '', status: 400 },
  { what: 'JSON null', headers: JSON_TYPE, body: 'null', message: /object/, status: 400 },
  { what: 'a JSON number', headers: JSON_TYPE, body: '42', message: /object/, status: 400 },
  { what: 'a batch', headers: JSON_TYPE, body: `[${graphql('{ me { id } }')}]`, message: /batch/i },
  { what: 'an object without a query', headers: JSON_TYPE, body: '{"foo": 1}', message: /foo|query/, status: 400 },
  { what: 'a query that is not a string', headers: JSON_TYPE, body: '{"query": 42}', message: /query/, status: 400 },
  {
    what: 'variables that are not an object',
    headers: JSON_TYPE,
    body: '{"query": "{ me { id } }", "variables": "x"}',
    message: /variables/,
    status: 400,
  },
  { what: 'a body with no content type', headers: { 'content-type': '' }, body: graphql('{ me { id } }') },
  { what: 'a text/plain body', headers: { 'content-type': 'text/plain' }, body: graphql('{ me { id } }') },
];

/** Well-formed requests carrying GraphQL that the schema or the rules refuse. */
const INVALID_GRAPHQL: BadRequest[] = [
  { what: 'text that is not GraphQL', body: graphql('hello world'), message: /Syntax Error/ },
  { what: 'an unknown field', body: graphql('{ nope }'), message: /Cannot query field "nope"/ },
  { what: 'an unknown argument', body: graphql('{ me(x: 1) { id } }'), message: /Unknown argument "x"/ },
  { what: 'an object without a selection', body: graphql('{ me }'), message: /must have a selection/ },
  {
    what: 'a missing required argument',
    body: graphql('mutation { login(name: "x") { token } }'),
    message: /"password".*required/,
  },
  {
    what: 'a variable of the wrong type',
    body: graphql(LOGIN_VARIABLES, { name: 5, password: { x: 1 } }),
    message: /\$name.*String/,
  },
  { what: 'a missing required variable', body: graphql(LOGIN_VARIABLES, {}), message: /\$name.*not provided/ },
  {
    what: 'two operations and no operationName',
    body: graphql('query A { me { id } } query B { me { id } }'),
    message: /operation/,
  },
  {
    what: 'an unknown operationName',
    body: JSON.stringify({ query: 'query A { me { id } }', operationName: 'B' }),
    message: /operation/,
  },
  { what: 'a subscription', body: graphql('subscription { me { id } }'), message: /subscription/ },
];

/** `levels` nested `ofType` selections under User's field types: fields deep, as fragments cannot hide. */
const nested = (levels: number) => 'ofType { '.repeat(levels) + 'name' + ' }'.repeat(levels);
const aliases = Array.from({ length: 30 }, (_, i) => `a${i}: me { id }`).join(' ');

/** Queries past the limits that keep one request from costing the server too much. */
const OVER_THE_LIMITS: BadRequest[] = [
  {
    what: 'a query deeper than allowed, through fragments',
    body: graphql(
      `{ __type(name: "User") { ...Fields } } fragment Fields on __Type { fields { type { ...Deep } } } fragment Deep on __Type { ${nested(4)} }`,
    ),
    message: /depth limit/i,
    reason: 'QUERY_TOO_DEEP',
  },
  {
    what: 'an introspection query deeper than allowed',
    body: graphql('{ __type(name: "User") { fields { type { ofType { ofType { ofType { ofType { name } } } } } } } }'),
    message: /depth limit/i,
  },
  { what: 'too many aliases', body: graphql(`{ ${aliases} }`), message: /aliases limit/i, reason: 'TOO_MANY_ALIASES' },
  {
    what: 'too many directives',
    body: graphql(`{ me ${'@skip(if: false) '.repeat(60)}{ id } }`),
    message: /directives limit/i,
    reason: 'TOO_MANY_DIRECTIVES',
  },
  {
    what: 'too many tokens',
    body: graphql(`{ me { ${'id '.repeat(1200)}} }`),
    message: /token limit/i,
    reason: 'TOO_MANY_TOKENS',
  },
];

/** Requests the HTTP layer refuses before any GraphQL runs. */
const REFUSED_BY_HTTP: BadRequest[] = [
  {
    what: 'a mutation over GET',
    method: 'GET',
    path: '/graphql?query=mutation%7Blogout%7D',
    message: /POST/,
    status: 405,
  },
  { what: 'PUT on /graphql', method: 'PUT', body: graphql('{ me { id } }'), headers: JSON_TYPE, status: 405 },
  {
    what: 'an Authorization header too large for the server',
    headers: { ...JSON_TYPE, authorization: `Bearer ${'x'.repeat(20_000)}` },
    body: graphql('{ me { id } }'),
    status: 431,
  },
];

/** Passes when `response` is a clean refusal: 4xx or a GraphQL error, with no fault and no stack behind it. */
function expectRefused(request: BadRequest, response: RawResponse): void {
  const label = `${request.what}: ${response.status} ${response.text.slice(0, 500)}`;
  if (request.status !== undefined) expect(response.status, label).toBe(request.status);
  const errors: { message?: unknown; extensions?: { code?: unknown } }[] | undefined = response.json?.errors;
  if (response.status === 200) {
    expect(errors?.length, label).toBeGreaterThan(0);
    expect(response.json?.data ?? null, label).toBeNull();
  } else {
    expect(response.status, label).toBeGreaterThanOrEqual(400);
    expect(response.status, label).toBeLessThan(500);
  }
  if (response.text) {
    expect(response.headers.get('content-type'), label).toMatch(/json/);
    expect(errors, label).toBeInstanceOf(Array);
    for (const error of errors!) {
      expect(typeof error.message === 'string' && error.message.length > 0, label).toBe(true);
      expect(error.extensions?.code, label).not.toBe('INTERNAL_SERVER_ERROR');
      expectListedRefusal(error.extensions, label);
    }
  }
  if (request.message) expect(errors?.map((e) => e.message).join('\n'), label).toMatch(request.message);
  if (request.reason) {
    expect(errors?.[0]?.extensions?.code, label).toBe('BAD_USER_INPUT');
    expect((errors?.[0]?.extensions as { reason?: unknown } | undefined)?.reason, label).toBe(request.reason);
  }
  // Nothing of the server's insides: no stack frames, no source paths.
  expect(response.text, label).not.toMatch(/\bat .+:\d+:\d+|"stack"|node_modules/);
  expect(response.text, label).not.toContain(process.cwd());
}

describe.each(databases)('bad requests on %s', (kind) => {
  let server: TestServer;
  let client: Client;
  let steady: Account;

  beforeEach(async () => {
    server = await startServer(kind);
    client = new Client(server.url);
    steady = await registerAs(client, 'steady');
  });
  afterEach(() => server.close());

  /** Sends `request`, as JSON unless it says otherwise. */
  function send(request: BadRequest): Promise<RawResponse> {
    return sendRaw(`${server.url}${request.path ?? '/graphql'}`, {
      method: request.method ?? 'POST',
      headers: request.headers ?? JSON_TYPE,
      body: request.body,
    });
  }

  /** The server still answers, and the logged-in user is still logged in. */
  async function expectStillServing(after: string): Promise<void> {
    const me = await steady.client.request(ME);
    expect(me.data?.me?.name, `after ${after}: ${JSON.stringify(me)}`).toBe('steady');
  }

  /** Each request three times: graphql-js answers the first runs of a document, compiled code the third. */
  async function expectEachRefused(requests: BadRequest[]): Promise<void> {
    for (const request of requests) {
      for (let run = 1; run <= 3; run++) expectRefused(request, await send(request));
      await expectStillServing(request.what);
    }
  }

  it('refuses bodies that are not a GraphQL request with a 4xx', async () => {
    await expectEachRefused(NOT_GRAPHQL_REQUESTS);
  });

  it('answers GraphQL the schema refuses with an error that says what is wrong', async () => {
    await expectEachRefused(INVALID_GRAPHQL);
  });

  it('refuses queries over the depth, alias, directive and token limits', async () => {
    await expectEachRefused(OVER_THE_LIMITS);
    // At the depth limit itself the query runs (depth counts fields; fragment spreads add none).
    const atLimit = await steady.client.request(`{ __type(name: "User") { fields { type { ${nested(2)} } } } }`);
    expect(atLimit.errors).toBeUndefined();
    expect(atLimit.data?.__type?.fields?.length).toBeGreaterThan(0);
  });

  it('refuses what HTTP does not allow: a mutation over GET, other methods, a header too large', async () => {
    await expectEachRefused(REFUSED_BY_HTTP);
  });

  it('answers a multipart POST without the CSRF header with 403 and JSON, before reading it', async () => {
    const form = new FormData();
    form.set('operations', graphql('mutation { logout }'));
    form.set('map', '{}');
    const response = await sendRaw(`${server.url}/graphql`, {
      method: 'POST',
      headers: { authorization: `Bearer ${steady.token}` },
      body: form,
    });
    expectRefused({ what: 'multipart without the CSRF header', status: 403, message: /x-graphql-yoga-csrf/ }, response);
    expect(response.json.errors[0].extensions.code).toBe('FORBIDDEN');
    // The logout it carried did not run.
    await expectStillServing('a multipart POST without the CSRF header');
  });

  it.each([
    ['application/x-www-form-urlencoded', `query=${encodeURIComponent('mutation { logout }')}`],
    ['text/plain', graphql('mutation { logout }')],
  ])(
    'refuses a cross-site-postable %s body without the CSRF header (403), the mutation not run',
    async (type, body) => {
      const response = await sendRaw(`${server.url}/graphql`, {
        method: 'POST',
        headers: { authorization: `Bearer ${steady.token}`, 'content-type': type },
        body,
      });
      expect(response.status).toBe(403);
      expect(response.json.errors[0].extensions.code).toBe('FORBIDDEN');
      await expectStillServing(`a ${type} POST without the CSRF header`);
    },
  );

  it.each([
    ['GET', '/nope'],
    ['POST', '/nope'],
    ['GET', '/graphqlx'],
    ['POST', '/graphql/extra'],
    ['DELETE', '/healthz/x'],
  ])('answers %s %s with 404 and JSON', async (method, path) => {
    const response = await sendRaw(`${server.url}${path}`, {
      method,
      headers: JSON_TYPE,
      body: method === 'POST' ? graphql('{ me { id } }') : undefined,
    });
    expectRefused({ what: `${method} ${path}`, status: 404 }, response);
    expect(response.json?.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    await expectStillServing(`${method} ${path}`);
  });

  it('keeps answering everyone while bad requests arrive all at once', async () => {
    const bad = [...NOT_GRAPHQL_REQUESTS, ...INVALID_GRAPHQL, ...OVER_THE_LIMITS, ...REFUSED_BY_HTTP];
    const storm = [...bad, ...bad].map(async (request) => ({ request, response: await send(request) }));
    const good = Array.from({ length: 10 }, () => steady.client.request(ME));
    const login = client.request(LOGIN, { name: 'steady', password: PASSWORD });

    for (const result of await Promise.all(good)) expect(result.data?.me?.name).toBe('steady');
    expect((await login).data?.login?.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    for (const { request, response } of await Promise.all(storm)) {
      expect(response.status, request.what).toBeLessThan(500);
      expect(response.text, request.what).not.toContain('INTERNAL_SERVER_ERROR');
    }
    await expectStillServing('the storm');
  });
});
