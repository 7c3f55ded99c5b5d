import { afterEach, describe, expect, it } from 'vitest';
import { adminAndUser, CREDIT_USER, LOCK_USER, LOGIN, ME, PASSWORD } from './support/accounts.js';
import { Client, sendRaw } from './support/client.js';
import { DELETE_MOVIE, uploadRequest, uploadVideo, videoBytes } from './support/movies.js';
import { tusHeaders, tusRequest } from './support/resumable.js';
import { startServer, type LogLine, type TestServer } from './support/server.js';

/** The "request completed" lines of the server's log, for requests to `path`. */
function requestLines(server: TestServer, path: string): LogLine[] {
  return server.logs.filter((line) => line.msg === 'request completed' && line.req?.url === path);
}

describe('the request log', () => {
  let server: TestServer;
  afterEach(() => server.close());

  it('writes one short line per request: method, path, status, duration, id, user, operation, error codes', async () => {
    server = await startServer('sqlite');
    const { user } = await adminAndUser(new Client(server.url));
    await user.client.ok(`query WhoAmI { me { name } }`);
    await user.client.fails('FORBIDDEN', `query Everyone { users { totalCount } }`);

    const lines = requestLines(server, '/graphql');
    const whoAmI = lines.find((line) => line.operation === 'WhoAmI');
    expect(whoAmI).toMatchObject({
      level: 30,
      req: { method: 'POST', url: '/graphql' },
      res: { statusCode: 200 },
      userId: Number(Buffer.from(user.user.id, 'base64').toString().split(':')[1]),
    });
    expect(typeof whoAmI?.responseTime).toBe('number');
    expect(whoAmI?.req?.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(whoAmI?.errorCodes).toBeUndefined();
    expect(lines.find((line) => line.operation === 'Everyone')?.errorCodes).toEqual(['FORBIDDEN']);
    // The codes the client was given, with the finer reason beside them.
    await user.client.fails('BAD_USER_INPUT', `query Typo { mee { name } }`);
    const typo = requestLines(server, '/graphql').find((line) => line.operation === 'Typo');
    expect(typo).toMatchObject({ errorCodes: ['BAD_USER_INPUT'], errorReasons: ['GRAPHQL_VALIDATION_FAILED'] });
    // Headers (and the credentials in them) only at debug; a line stays short.
    for (const line of lines) {
      expect(JSON.stringify(line)).not.toMatch(/authorization|user-agent|content-type/i);
      expect(JSON.stringify(line).length).toBeLessThan(500);
    }
  });

  it('cuts a long operation name to 100 characters, and marks an operationName that is no name', async () => {
    server = await startServer('sqlite');
    const anonymous = new Client(server.url);
    const long = `Q${'x'.repeat(300_000)}`;
    await anonymous.ok(`query ${long} { __typename }`);
    const post = (body: object) =>
      sendRaw(`${server.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    await post({ query: `query ${long} { __typename }`, operationName: long });
    await post({ query: '{ __typename }', operationName: `not a name ${'y'.repeat(300_000)}` });
    await post({ query: '{ __typename }', operationName: { an: 'object' } });

    const operations = requestLines(server, '/graphql').map((line) => line.operation);
    expect(operations).toEqual([`${long.slice(0, 100)}…`, `${long.slice(0, 100)}…`, '(invalid)', '(invalid)']);
    for (const line of requestLines(server, '/graphql')) expect(JSON.stringify(line).length).toBeLessThan(500);
  });

  it('keeps the headers for level debug, with credentials redacted', async () => {
    server = await startServer('sqlite', { LOG_LEVEL: 'debug' });
    const { user } = await adminAndUser(new Client(server.url));
    await user.client.ok(ME);
    const line = requestLines(server, '/graphql').at(-1)!;
    const headers = (line.req as { headers?: Record<string, string> }).headers;
    expect(headers?.['content-type']).toBe('application/json');
    expect(headers?.authorization).toBe('[Redacted]');
  });
});

describe('the request id', () => {
  let server: TestServer;
  afterEach(() => server.close());

  const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

  /** The log lines of one request, by its id. */
  function linesOf(id: string): LogLine[] {
    return server.logs.filter((line) => line.req?.id === id);
  }

  it('is a fresh UUID per request, echoed in X-Request-Id on every answer, errors included, and in its log lines', async () => {
    server = await startServer('sqlite');
    const { admin, user } = await adminAndUser(new Client(server.url));
    const answers = [
      (await user.client.request(ME)).headers,
      (await user.client.request(`query { users { totalCount } }`)).headers,
      (
        await sendRaw(`${server.url}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: '{',
        })
      ).headers,
      (await sendRaw(`${server.url}/nowhere`)).headers,
      (await sendRaw(`${server.url}/media/no-such-ticket`)).headers,
      (await sendRaw(`${server.url}/healthz`)).headers,
      (await uploadRequest(user.client, { bytes: videoBytes(100) })).headers,
      (await tusRequest(`${server.url}/uploads/none`, 'HEAD', tusHeaders(admin.client))).headers,
    ];
    const ids = answers.map((headers) => headers.get('x-request-id'));
    for (const id of ids) expect(id).toMatch(UUID);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(linesOf(id!).some((line) => line.msg === 'request completed')).toBe(true);
  });

  it('is on the lines a resolver logs for its request', async () => {
    server = await startServer('sqlite');
    const { user } = await adminAndUser(new Client(server.url));
    // A fault in a resolver: the table it reads is gone.
    await server.db.schema.dropTable('notices');
    const answer = await user.client.request(`query { notices(first: 1) { totalCount } }`);
    expect(answer.errors?.[0]?.extensions?.code).toBe('INTERNAL_SERVER_ERROR');
    const lines = linesOf(answer.headers.get('x-request-id')!);
    expect(lines.map((line) => line.msg)).toEqual(['unexpected error in a GraphQL request', 'request completed']);
  });

  it('ignores an incoming X-Request-Id unless it comes through a trusted proxy (TRUST_PROXY)', async () => {
    server = await startServer('sqlite');
    const direct = await sendRaw(`${server.url}/healthz`, { headers: { 'x-request-id': 'chosen-by-the-client' } });
    expect(direct.headers.get('x-request-id')).toMatch(UUID);
    expect(JSON.stringify(server.logs)).not.toContain('chosen-by-the-client');
    await server.close();

    server = await startServer('sqlite', { TRUST_PROXY: 'loopback' });
    const proxied = await sendRaw(`${server.url}/nowhere`, {
      headers: { 'x-request-id': '0af7651916cd43dd8448eb211c80319c' },
    });
    expect(proxied.status).toBe(404);
    expect(proxied.headers.get('x-request-id')).toBe('0af7651916cd43dd8448eb211c80319c');
    expect(linesOf('0af7651916cd43dd8448eb211c80319c')).toHaveLength(1);
    // Too long, or with characters a log reader could trip on: replaced by a fresh one.
    for (const bad of ['x'.repeat(65), 'a b', 'id"}{', 'é']) {
      const answer = await sendRaw(`${server.url}/healthz`, { headers: { 'x-request-id': bad } });
      expect(answer.headers.get('x-request-id'), bad).toMatch(UUID);
    }
    await server.close();

    server = await startServer('sqlite', { TRUST_PROXY: '10.0.0.1' });
    const elsewhere = await sendRaw(`${server.url}/healthz`, { headers: { 'x-request-id': 'from-a-stranger' } });
    expect(elsewhere.headers.get('x-request-id')).toMatch(UUID);
  });
});

/** The user's row id behind a global id (`User:7` in base64). */
function rowId(globalId: string): number {
  return Number(Buffer.from(globalId, 'base64').toString().split(':')[1]);
}

describe('events in the log', () => {
  let server: TestServer;
  afterEach(() => server.close());

  /** The event lines named `event`, each carrying the request id of the request that caused it. */
  function events(event: string): LogLine[] {
    const lines = server.logs.filter((line) => line.event === event);
    for (const line of lines) expect(line.req).toMatchObject({ id: expect.any(String) });
    return lines;
  }

  it('logs at info who registered, failed to log in (name masked), was locked or credited, and what was uploaded or deleted', async () => {
    server = await startServer('sqlite');
    const { admin, user } = await adminAndUser(new Client(server.url));
    const adminId = rowId(admin.user.id);
    const userId = rowId(user.user.id);
    expect(events('registered').map((line) => [line.userId, line.role, line.level])).toEqual([
      [adminId, 'ADMIN', 30],
      [userId, 'USER', 30],
    ]);

    await new Client(server.url).fails('UNAUTHENTICATED', LOGIN, { name: 'viewer', password: 'not the password' });
    expect(events('login failed')).toEqual([
      expect.objectContaining({ level: 30, name: 'v…(6)', code: 'UNAUTHENTICATED' }),
    ]);

    await admin.client.ok(CREDIT_USER, { id: user.user.id, amount: 25 });
    expect(events('coins credited')).toEqual([
      expect.objectContaining({ level: 30, userId, amount: 25, by: adminId, balance: 25 }),
    ]);

    await admin.client.ok(LOCK_USER, { id: user.user.id, locked: true });
    expect(events('user locked')).toEqual([expect.objectContaining({ level: 30, userId, by: adminId })]);

    const movie = await uploadVideo(admin, { bytes: videoBytes(64 * 1024), filename: 'clip.mp4' });
    const movieId = rowId(movie.id);
    expect(events('movie uploaded')).toEqual([
      expect.objectContaining({ level: 30, movieId, bytes: 64 * 1024, via: 'multipart', by: adminId }),
    ]);
    await admin.client.ok(DELETE_MOVIE, { id: movie.id });
    expect(events('movie deleted')).toEqual([expect.objectContaining({ level: 30, movieId, by: adminId })]);

    // Neither the name that failed nor any password reaches the log.
    const everything = JSON.stringify(server.logs);
    expect(everything).not.toContain('not the password');
    expect(everything).not.toContain(PASSWORD);
    expect(everything).not.toMatch(/"name":"viewer"/);
  });
});
