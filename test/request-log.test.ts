import { afterEach, describe, expect, it } from 'vitest';
import { adminAndUser, CREDIT_USER, LOCK_USER, LOGIN, ME, PASSWORD } from './support/accounts.js';
import { Client } from './support/client.js';
import { DELETE_MOVIE, uploadVideo, videoBytes } from './support/movies.js';
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
