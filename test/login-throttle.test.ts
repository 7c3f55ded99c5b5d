import { afterEach, describe, expect, it } from 'vitest';
import { LOGIN, PASSWORD, REGISTER, registerAs } from './support/accounts.js';
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

  it('checks no more passwords than allowed when a hundred wrong ones arrive at once, nor the right one after', async () => {
    server = await startServer(kind, { LOGIN_FAILURES_PER_NAME: '10' });
    const client = new Client(server.url);
    await registerAs(client, 'target');
    const guesses = await Promise.all(
      Array.from({ length: 100 }, (_, i) => client.request(LOGIN, { name: 'target', password: `guess number ${i}` })),
    );
    const codes = guesses.map((result) => result.errors?.[0]?.extensions?.code);
    expect(codes.filter((code) => code === 'UNAUTHENTICATED')).toHaveLength(10);
    expect(codes.filter((code) => code === 'TOO_MANY_REQUESTS')).toHaveLength(90);
    await client.fails('TOO_MANY_REQUESTS', LOGIN, { name: 'target', password: PASSWORD });
  });

  it('lets a right password hand back its own attempt, but forgets no failure', async () => {
    server = await startServer(kind, { LOGIN_FAILURES_PER_NAME: '3' });
    const client = new Client(server.url);
    await registerAs(client, 'forgetful');
    await client.fails('UNAUTHENTICATED', LOGIN, { name: 'forgetful', password: 'wrong password 1' });
    await client.fails('UNAUTHENTICATED', LOGIN, { name: 'forgetful', password: 'wrong password 2' });
    await client.ok(LOGIN, { name: 'forgetful', password: PASSWORD });
    await client.ok(LOGIN, { name: 'forgetful', password: PASSWORD });
    await client.fails('UNAUTHENTICATED', LOGIN, { name: 'forgetful', password: 'wrong password 3' });
    await client.fails('TOO_MANY_REQUESTS', LOGIN, { name: 'forgetful', password: PASSWORD });
  });

  it('limits registrations per address, also when they arrive at once, before hashing any password', async () => {
    server = await startServer(kind, { REGISTRATIONS_PER_ADDRESS: '5' });
    const client = new Client(server.url);
    const attempts = await Promise.all(
      Array.from({ length: 30 }, (_, i) => client.request(REGISTER, { name: `bot-${i}`, password: PASSWORD })),
    );
    const codes = attempts.map((result) => result.errors?.[0]?.extensions?.code ?? 'OK');
    expect(codes.filter((code) => code === 'OK')).toHaveLength(5);
    expect(codes.filter((code) => code === 'TOO_MANY_REQUESTS')).toHaveLength(25);
    expect(await server.rows('users')).toBe(5);
    const refused = await client.fails('TOO_MANY_REQUESTS', REGISTER, { name: 'one-more', password: PASSWORD });
    expect(refused.message).toMatch(/registrations/);
  });

  it('refuses an address that failed too often across names; a success refunds only its own attempt', async () => {
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
