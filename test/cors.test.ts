import { afterEach, describe, expect, it } from 'vitest';
import { readConfig } from '../server/config/read-config.js';
import { ME, registerAs } from './support/accounts.js';
import { Client } from './support/client.js';
import { startServer, type TestServer } from './support/server.js';

const EVIL = 'https://evil.example';
const APP = 'https://app.example';

function preflight(server: TestServer, origin: string): Promise<Response> {
  return fetch(`${server.url}/graphql`, {
    method: 'OPTIONS',
    headers: {
      origin,
      'access-control-request-method': 'POST',
      'access-control-request-headers': 'content-type, x-graphql-yoga-csrf',
    },
  });
}

/** What a page on `origin` sends with `credentials: 'include'`: the session cookie and its Origin. */
function postWithCookie(server: TestServer, origin: string, token: string): Promise<Response> {
  return fetch(`${server.url}/graphql`, {
    method: 'POST',
    headers: { origin, cookie: `session=${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ query: ME }),
  });
}

function corsHeadersOf(response: Response): string[] {
  return [...response.headers.keys()].filter((name) => name.startsWith('access-control-'));
}

describe('CORS', () => {
  let server: TestServer;
  afterEach(() => server.close());

  it('allows no other origin by default: no Access-Control-Allow-* on its preflight or its requests', async () => {
    server = await startServer('sqlite');
    const victim = await registerAs(new Client(server.url), 'victim');

    const answer = await preflight(server, EVIL);
    expect(answer.status).toBeLessThan(300);
    expect(corsHeadersOf(answer)).toEqual([]);

    const read = await postWithCookie(server, EVIL, victim.token);
    expect(corsHeadersOf(read)).toEqual([]);
    // The server still answers its own origin's client.
    expect(((await read.json()) as { data: { me: { name: string } } }).data.me.name).toBe('victim');
  });

  it('allows the origins of CORS_ORIGINS with credentials, and no other', async () => {
    server = await startServer('sqlite', { CORS_ORIGINS: `${APP}, https://admin.example:8443` });
    const user = await registerAs(new Client(server.url), 'user');

    const allowed = await preflight(server, APP);
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get('access-control-allow-origin')).toBe(APP);
    expect(allowed.headers.get('access-control-allow-credentials')).toBe('true');
    expect(allowed.headers.get('access-control-allow-methods')).toContain('POST');
    expect(allowed.headers.get('access-control-allow-headers')).toContain('x-graphql-yoga-csrf');
    expect(allowed.headers.get('vary')).toMatch(/Origin/);

    const read = await postWithCookie(server, APP, user.token);
    expect(read.headers.get('access-control-allow-origin')).toBe(APP);
    expect(read.headers.get('access-control-allow-credentials')).toBe('true');
    expect(((await read.json()) as { data: { me: { name: string } } }).data.me.name).toBe('user');

    // Refusals that Express answers itself are readable by the allowed origin too.
    const missing = await fetch(`${server.url}/nope`, { headers: { origin: APP } });
    expect(missing.status).toBe(404);
    expect(missing.headers.get('access-control-allow-origin')).toBe(APP);

    for (const origin of [EVIL, 'https://app.example:444', 'http://app.example']) {
      expect(corsHeadersOf(await preflight(server, origin)), origin).toEqual([]);
      expect(corsHeadersOf(await postWithCookie(server, origin, user.token)), origin).toEqual([]);
    }
  });

  it.each(['*', 'app.example', 'https://app.example/', 'https://app.example/path', 'ftp://app.example', 'null'])(
    'refuses CORS_ORIGINS=%s, naming the variable',
    (value) => {
      expect(() => readConfig({ CORS_ORIGINS: `${APP},${value}` })).toThrow(/^CORS_ORIGINS /);
    },
  );

  it('answers tus requests at /uploads under the same rule, exposing the protocol’s headers to an allowed origin', async () => {
    server = await startServer('sqlite', { CORS_ORIGINS: APP });
    const admin = await registerAs(new Client(server.url), 'admin');
    const create = (origin: string) =>
      fetch(`${server.url}/uploads`, {
        method: 'POST',
        headers: {
          origin,
          authorization: `Bearer ${admin.token}`,
          'x-graphql-yoga-csrf': '1',
          'tus-resumable': '1.0.0',
          'upload-length': '10',
        },
      });
    const allowed = await create(APP);
    expect(allowed.status).toBe(201);
    expect(allowed.headers.get('access-control-allow-origin')).toBe(APP);
    expect(allowed.headers.get('access-control-allow-credentials')).toBe('true');
    const exposed = allowed.headers.get('access-control-expose-headers')!.split(/,\s*/);
    expect(exposed).toEqual(expect.arrayContaining(['Location', 'Upload-Offset', 'X-Request-Id']));
    expect(allowed.headers.get('x-request-id')).toBeTruthy();

    const evil = await create(EVIL);
    expect(evil.headers.get('access-control-allow-origin')).toBeNull();
    expect(evil.headers.get('access-control-allow-credentials')).toBeNull();

    const answer = await fetch(`${server.url}/uploads`, {
      method: 'OPTIONS',
      headers: { origin: EVIL, 'access-control-request-method': 'PATCH' },
    });
    expect(corsHeadersOf(answer)).toEqual([]);
  });
});
