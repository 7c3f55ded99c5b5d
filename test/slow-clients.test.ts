import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { readConfig } from '../server/config/read-config.js';
import { ME, registerAs, type Account } from './support/accounts.js';
import { Client } from './support/client.js';
import { databases } from './support/databases.js';
import { fingerprintOfBytes, UPLOAD, videoBytes } from './support/movies.js';
import { RawConnection } from './support/raw-connection.js';
import { startServer, type TestServer } from './support/server.js';

/** Room over a limit for timers and this machine's load. */
const SLACK_MS = 1500;
/** For answers that no limit of the server delays. */
const PROMPTLY_MS = 5000;

function head(path: string, headers: Record<string, string | number>, method = 'POST'): string {
  const lines = Object.entries(headers).map(([name, value]) => `${name}: ${value}`);
  return [`${method} ${path} HTTP/1.1`, 'Host: test', ...lines, '', ''].join('\r\n');
}

/** A GraphQL multipart upload of `file`, as a client sends it (the spec's operations, map, file). */
async function multipartUpload(file: Buffer): Promise<{ type: string; body: Buffer }> {
  const boundary = 'slow-clients-test-boundary';
  const variables = { file: null, isFree: true, fingerprint: await fingerprintOfBytes(file), name: null };
  const part = (disposition: string, content: string) =>
    `--${boundary}\r\nContent-Disposition: form-data; ${disposition}\r\n\r\n${content}\r\n`;
  const body = Buffer.concat([
    Buffer.from(part('name="operations"', JSON.stringify({ query: UPLOAD, variables }))),
    Buffer.from(part('name="map"', JSON.stringify({ 0: ['variables.file'] }))),
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="0"; filename="slow.mp4"\r\n` +
        'Content-Type: video/mp4\r\n\r\n',
    ),
    file,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { type: `multipart/form-data; boundary=${boundary}`, body };
}

/** Sends `body` with node:http in pieces of `size` bytes every `everyMs`, and reads the JSON answer. */
function sendSteadily(
  url: string,
  token: string,
  upload: { type: string; body: Buffer },
  size: number,
  everyMs: number,
): Promise<{ status: number; json: any }> {
  return new Promise((resolve, reject) => {
    const req = request(`${url}/graphql`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'x-graphql-yoga-csrf': '1',
        'content-type': upload.type,
        'content-length': upload.body.length,
      },
    });
    req.once('error', reject);
    req.once('response', (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
      res.once('end', () => resolve({ status: res.statusCode ?? 0, json: JSON.parse(text) }));
    });
    const send = (at: number): void => {
      if (at >= upload.body.length) return void req.end();
      req.write(upload.body.subarray(at, at + size));
      setTimeout(() => send(at + size), everyMs);
    };
    send(0);
  });
}

describe.each(databases)('slow clients on %s', (kind) => {
  let server: TestServer;
  let connections: RawConnection[] = [];

  afterEach(async () => {
    for (const connection of connections) connection.close();
    connections = [];
    await server.close();
  });

  async function open(localAddress?: string): Promise<RawConnection> {
    const connection = await RawConnection.open(server.url, localAddress);
    connections.push(connection);
    return connection;
  }

  async function expectServing(user: Account): Promise<void> {
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    expect((await user.client.ok(ME)).me.name).toBe(user.user.name);
  }

  it('cuts off bodies that trickle in after BODY_TIMEOUT_SECONDS while serving everyone else', async () => {
    server = await startServer(kind, { BODY_TIMEOUT_SECONDS: '1' });
    const user = await registerAs(new Client(server.url), 'steady');
    const trickle = async (path: string, method?: string): Promise<RawConnection> => {
      const connection = await open();
      connection.write(head(path, { 'Content-Type': 'application/json', 'Content-Length': 1000 }, method));
      void connection.trickle(Buffer.from(' '.repeat(1000)), 1, 100);
      return connection;
    };
    const tricklers = await Promise.all(Array.from({ length: 20 }, () => trickle('/graphql')));
    // A body the server answered before reading it (404) must not keep its connection either.
    const unread = await trickle('/nope');
    // Nor a GET of the media path that sends a body (answered before Express when it sends none).
    const media = await trickle('/media/no-such-ticket', 'GET');

    await expectServing(user);
    for (const connection of [...tricklers, unread, media]) await connection.closedWithin(1000 + SLACK_MS);
    for (const connection of tricklers) {
      expect(connection.text).toMatch(/^HTTP\/1\.1 408 /);
      expect(connection.text).toMatch(/"code":"BAD_USER_INPUT"/);
    }
    expect(unread.text).toMatch(/^HTTP\/1\.1 404 /);
    await expectServing(user);
  });

  it('lets an upload at a steady rate over the minimum finish, and cuts off a trickling one', async () => {
    server = await startServer(kind, {
      BODY_TIMEOUT_SECONDS: '1',
      UPLOAD_MIN_BYTES_PER_SECOND: '8192',
      UPLOAD_RATE_WINDOW_SECONDS: '1',
    });
    const admin = await registerAs(new Client(server.url), 'admin');
    const steady = await multipartUpload(videoBytes(48 * 1024, 1));
    const trickled = await multipartUpload(videoBytes(48 * 1024, 2));

    const trickler = await open();
    trickler.write(
      head('/graphql', {
        Authorization: `Bearer ${admin.token}`,
        'x-graphql-yoga-csrf': 1,
        'Content-Type': trickled.type,
        'Content-Length': trickled.body.length,
      }),
    );
    // 2.5 KiB/s, under the minimum: cut off after a window and a sample.
    void trickler.trickle(trickled.body, 256, 100);
    // About 20 KiB/s for 2.4 s: longer than the body deadline and than the window.
    const started = Date.now();
    const accepted = await sendSteadily(server.url, admin.token, steady, 4096, 200);
    expect(accepted.json.errors).toBeUndefined();
    expect(accepted.status).toBe(200);
    expect(Date.now() - started).toBeGreaterThan(2000);
    expect(accepted.json.data.uploadMovie.size).toBe(48 * 1024);

    await trickler.closedWithin(2 * 1000 + SLACK_MS);
    expect(trickler.text).toMatch(/^HTTP\/1\.1 408 /);
    expect(await server.rows('movies')).toBe(1);
    await expectServing(admin);
  });

  it('refuses a connection beyond MAX_CONNECTIONS_PER_ADDRESS while the earlier ones are served', async () => {
    server = await startServer(kind, { MAX_CONNECTIONS_PER_ADDRESS: '3' });
    const held = [await open(), await open(), await open()];

    const refused = await open();
    await refused.closedWithin(PROMPTLY_MS);
    expect(refused.text).toMatch(/^HTTP\/1\.1 429 /);
    expect(refused.text).toMatch(/"code":"TOO_MANY_REQUESTS"/);

    // Another address is not counted with this one.
    const elsewhere = await open('127.0.0.2');
    elsewhere.write(`GET /healthz HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n`);
    await elsewhere.closedWithin(PROMPTLY_MS);
    expect(elsewhere.text).toMatch(/^HTTP\/1\.1 200 /);

    for (const connection of held) {
      connection.write(`GET /healthz HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n`);
      await connection.closedWithin(PROMPTLY_MS);
      expect(connection.text).toMatch(/^HTTP\/1\.1 200 /);
    }
    // Their places are free again.
    await expectServing(await registerAs(new Client(server.url), 'steady'));
  });
});

describe('slow headers', () => {
  let server: TestServer;
  let connection: RawConnection | undefined;
  afterEach(async () => {
    connection?.close();
    await server.close();
  });

  // Node looks for late headers only every `connectionsCheckingInterval` (30 s by default), which
  // made a limit of 30 s take up to a minute.
  it('cuts off headers that trickle in, soon after BODY_TIMEOUT_SECONDS', async () => {
    const timeoutMs = 2000;
    server = await startServer('sqlite', { BODY_TIMEOUT_SECONDS: String(timeoutMs / 1000) });
    connection = await RawConnection.open(server.url);
    void connection.trickle(Buffer.from(`GET /healthz HTTP/1.1\r\nHost: test\r\nX-Slow: ${'a'.repeat(1000)}`), 1, 50);
    await connection.closedWithin(2 * timeoutMs);
    expect(connection.text).toMatch(/^HTTP\/1\.1 408 /);
  });
});

describe('the limits on clients in the configuration', () => {
  it.each([
    ['BODY_TIMEOUT_SECONDS', '0'],
    ['UPLOAD_MIN_BYTES_PER_SECOND', '0'],
    ['UPLOAD_RATE_WINDOW_SECONDS', 'a minute'],
    ['MAX_CONNECTIONS_PER_ADDRESS', '-1'],
  ])('refuses %s=%s, naming the variable', (variable, value) => {
    expect(() => readConfig({ [variable]: value })).toThrow(new RegExp(`^${variable} `));
  });

  it('caps connections per address unless behind a proxy, where all come from the proxy', () => {
    expect(readConfig({}).clients.maxConnectionsPerAddress).toBe(64);
    expect(readConfig({ TRUST_PROXY: 'true' }).clients.maxConnectionsPerAddress).toBe(0);
    expect(
      readConfig({ TRUST_PROXY: 'true', MAX_CONNECTIONS_PER_ADDRESS: '500' }).clients.maxConnectionsPerAddress,
    ).toBe(500);
  });
});
