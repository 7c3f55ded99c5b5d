import { afterEach, describe, expect, it } from 'vitest';
import { LOGIN, PASSWORD, registerAs } from './support/accounts.js';
import { Client } from './support/client.js';
import { databases } from './support/databases.js';
import { startServer, type TestServer } from './support/server.js';

describe.each(databases)('login throttle on %s', (kind) => {
  let server: TestServer;
  afterEach(() => server.close());

  it('refuses a name that failed too often, before checking the password, until the window passes', async () => {
    server = await startServer(kind, { LOGIN_FAILURES_PER_NAME: '3', LOGIN_THROTTLE_SECONDS: '2' });
    const client = new Client(server.url);
    await registerAs(client, 'target');
    await registerAs(client, 'bystander');
    for (let i = 0; i < 3; i++)
      await client.fails('UNAUTHENTICATED', LOGIN, { name: 'target', password: `guess ${i}!` });
    const refused = await client.fails('TOO_MANY_REQUESTS', LOGIN, { name: 'TARGET', password: PASSWORD });
    expect(refused.extensions?.retryAfterSeconds).toBeGreaterThanOrEqual(1);
    await client.ok(LOGIN, { name: 'bystander', password: PASSWORD });
    await new Promise((resolve) => setTimeout(resolve, 2100));
    await client.ok(LOGIN, { name: 'target', password: PASSWORD });
  });

  it('refuses an address that failed too often across names; a success clears only its name', async () => {
    server = await startServer(kind, { LOGIN_FAILURES_PER_ADDRESS: '4', LOGIN_FAILURES_PER_NAME: '3' });
    const client = new Client(server.url);
    await registerAs(client, 'someone');
    await client.fails('UNAUTHENTICATED', LOGIN, { name: 'someone', password: 'wrong password' });
    await client.fails('UNAUTHENTICATED', LOGIN, { name: 'someone', password: 'wrong password' });
    await client.ok(LOGIN, { name: 'someone', password: PASSWORD });
    await client.fails('UNAUTHENTICATED', LOGIN, { name: 'nobody-1', password: 'wrong password' });
    await client.fails('UNAUTHENTICATED', LOGIN, { name: 'nobody-2', password: 'wrong password' });
    await client.fails('TOO_MANY_REQUESTS', LOGIN, { name: 'someone', password: PASSWORD });
  });
});
