import { afterEach, describe, expect, it } from 'vitest';
import { adminAndUser, ME } from './support/accounts.js';
import { Client } from './support/client.js';
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
