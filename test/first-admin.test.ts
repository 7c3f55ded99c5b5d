import { afterEach, describe, expect, it } from 'vitest';
import { LOGIN, PASSWORD, REGISTER, REGISTER_WITH_CODE, type UserShape } from './support/accounts.js';
import { Client } from './support/client.js';
import { databases } from './support/databases.js';
import { startServer, type TestServer } from './support/server.js';

type Registered = { register: { token: string; user: UserShape } };

/** The code a server made at start (it fails the test when it made none). */
function codeOf(server: TestServer): string {
  expect(server.firstAdmin.state).toBe('code');
  return (server.firstAdmin as { code: string }).code;
}

describe.each(databases)('the first admin on %s', (kind) => {
  const servers: TestServer[] = [];
  afterEach(async () => {
    // Sharing servers first: the first one drops the database.
    for (const server of servers.reverse()) await server.close();
    servers.length = 0;
  });

  async function start(env: Record<string, string> = {}, sharing?: TestServer): Promise<TestServer> {
    const server = await startServer(kind, env, { sharing });
    servers.push(server);
    return server;
  }

  it('on loopback: no code; the first account is the admin, and a code given later is refused', async () => {
    const server = await start();
    expect(server.firstAdmin).toEqual({ state: 'ready' });
    expect(await server.rows('setup_codes')).toBe(0);
    const client = new Client(server.url);
    const first = await client.ok<Registered>(REGISTER, { name: 'owner', password: PASSWORD });
    expect(first.register.user.role).toBe('ADMIN');
    const error = await client.fails('BAD_USER_INPUT', REGISTER_WITH_CODE, {
      name: 'second',
      password: PASSWORD,
      setupCode: 'AAAA-BBBB-CCCC',
    });
    expect(error.extensions?.field).toBe('setupCode');
    expect(await server.rows('users')).toBe(1);
  });

  it('on an open interface: refuses the first account without the code or with a wrong one, storing nothing', async () => {
    const server = await start({ HOST: '0.0.0.0' });
    const code = codeOf(server);
    expect(code).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    const client = new Client(server.url);

    const missing = await client.fails('FORBIDDEN', REGISTER, { name: 'stranger', password: PASSWORD });
    expect(missing.extensions?.field).toBe('setupCode');
    expect(missing.message).toMatch(/setup code/);
    const wrong = await client.fails('BAD_USER_INPUT', REGISTER_WITH_CODE, {
      name: 'stranger',
      password: PASSWORD,
      setupCode: code.replace(/^./, (c) => (c === 'A' ? 'B' : 'A')),
    });
    expect(wrong.extensions?.field).toBe('setupCode');
    expect(await server.rows('users')).toBe(0);
    expect(await server.rows('instance_claims')).toBe(0);
    expect(await server.rows('setup_codes')).toBe(1);
    // The code itself never reaches the log; the log says where it was printed.
    expect(JSON.stringify(server.logs)).not.toContain(code);
    expect(server.logs.some((line) => line.msg?.includes('setup code printed on stderr'))).toBe(true);
  });

  it('on an open interface: the code (as typed: any case, no dashes) makes the admin once; reused, it is refused', async () => {
    const server = await start({ HOST: '0.0.0.0' });
    const code = codeOf(server);
    const client = new Client(server.url);
    const typed = code.replaceAll('-', ' ').toLowerCase();
    const admin = await client.ok<Registered>(REGISTER_WITH_CODE, {
      name: 'owner',
      password: PASSWORD,
      setupCode: typed,
    });
    expect(admin.register.user.role).toBe('ADMIN');
    expect(await server.rows('setup_codes')).toBe(0);

    const reused = await client.fails('BAD_USER_INPUT', REGISTER_WITH_CODE, {
      name: 'latecomer',
      password: PASSWORD,
      setupCode: code,
    });
    expect(reused.extensions?.field).toBe('setupCode');
    expect(await server.rows('users')).toBe(1);
    // Later accounts need no code and are users.
    const viewer = await client.ok<Registered>(REGISTER, { name: 'viewer', password: PASSWORD });
    expect(viewer.register.user.role).toBe('USER');
  });

  it('two registrations giving the right code at once: one admin, the other refused', async () => {
    const server = await start({ HOST: '0.0.0.0' });
    const code = codeOf(server);
    const client = new Client(server.url);
    const results = await Promise.all(
      ['first', 'second'].map((name) =>
        client.request<Registered>(REGISTER_WITH_CODE, { name, password: PASSWORD, setupCode: code }),
      ),
    );
    const admins = results.filter((result) => result.data?.register.user.role === 'ADMIN');
    const refused = results.filter((result) => result.errors);
    expect(admins).toHaveLength(1);
    expect(refused).toHaveLength(1);
    expect(refused[0]!.errors![0]!.extensions?.code).toBe('BAD_USER_INPUT');
    expect(await server.rows('users')).toBe(1);
  });

  it('behind a reverse proxy (TRUST_PROXY) on loopback, the first account needs the code too', async () => {
    const server = await start({ TRUST_PROXY: 'true' });
    codeOf(server);
    await new Client(server.url).fails('FORBIDDEN', REGISTER, { name: 'stranger', password: PASSWORD });
  });

  it('several processes starting together: the first one’s code stands, the others say one is pending', async () => {
    const first = await start({ HOST: '0.0.0.0' });
    const code = codeOf(first);
    const second = await start({ HOST: '0.0.0.0' }, first);
    expect(second.firstAdmin.state).toBe('pending');
    expect((second.firstAdmin as { since: Date }).since).toBeInstanceOf(Date);
    const admin = await new Client(second.url).ok<Registered>(REGISTER_WITH_CODE, {
      name: 'owner',
      password: PASSWORD,
      setupCode: code,
    });
    expect(admin.register.user.role).toBe('ADMIN');
    // Once the admin exists, a new start makes no code.
    const third = await start({ HOST: '0.0.0.0' }, first);
    expect(third.firstAdmin).toEqual({ state: 'ready' });
    expect(await third.rows('setup_codes')).toBe(0);
  });

  it('ADMIN_NAME and ADMIN_PASSWORD make the admin at start, once, and drop a pending code', async () => {
    const open = await start({ HOST: '0.0.0.0' });
    const code = codeOf(open);
    const env = { HOST: '0.0.0.0', ADMIN_NAME: 'operator', ADMIN_PASSWORD: 'a long operator password' };
    const bootstrapped = await start(env, open);
    expect(bootstrapped.firstAdmin).toEqual({ state: 'bootstrapped', name: 'operator' });
    expect(await bootstrapped.rows('setup_codes')).toBe(0);
    expect(JSON.stringify(bootstrapped.logs)).not.toContain('a long operator password');
    expect(bootstrapped.logs.some((line) => line.msg?.includes('ADMIN_NAME') && line.name === 'operator')).toBe(true);

    const client = new Client(bootstrapped.url);
    const login = await client.ok<{ login: { user: UserShape } }>(LOGIN, {
      name: 'operator',
      password: 'a long operator password',
    });
    expect(login.login.user.role).toBe('ADMIN');
    await client.fails('BAD_USER_INPUT', REGISTER_WITH_CODE, { name: 'late', password: PASSWORD, setupCode: code });
    const viewer = await client.ok<Registered>(REGISTER, { name: 'viewer', password: PASSWORD });
    expect(viewer.register.user.role).toBe('USER');

    // Started again with the same settings: the admin exists, nothing is made.
    const again = await start(env, open);
    expect(again.firstAdmin).toEqual({ state: 'ready' });
    expect(await again.rows('users')).toBe(2);
  });
});
