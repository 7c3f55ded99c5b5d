import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { adminAndUser, LOGIN, ME, PASSWORD, type Account } from './support/accounts.js';
import { Client, HeaderClient } from './support/client.js';
import { ManualClock } from './support/clock.js';
import { databases } from './support/databases.js';
import { startServer, type TestServer } from './support/server.js';
import { END_SESSION, SESSIONS } from './support/two-factor.js';

interface SessionShape {
  id: string;
  createdAt: string;
  lastUsedAt: string;
  userAgent: string | null;
  address: string | null;
  isCurrent: boolean;
}

describe.each(databases)("the viewer's own sessions on %s", (kind) => {
  let server: TestServer;
  let clock: ManualClock;
  let admin: Account;
  let user: Account;

  beforeEach(async () => {
    clock = new ManualClock();
    server = await startServer(kind, {}, { clock });
    ({ admin, user } = await adminAndUser(new Client(server.url)));
  });
  afterEach(() => server.close());

  /** Signs the viewer in again with `userAgent`, and returns a client that sends it with every request. */
  async function signInWith(userAgent: string): Promise<Client> {
    const browser = new HeaderClient(server.url, { 'user-agent': userAgent });
    const { login } = await browser.ok(LOGIN, { name: 'viewer', password: PASSWORD });
    return new HeaderClient(server.url, { 'user-agent': userAgent, authorization: `Bearer ${login.token}` });
  }

  const sessionsOf = async (client: Client) => (await client.ok(SESSIONS)).sessions as SessionShape[];

  it('lists them, the most recently used first, with when, where and with what they signed in', async () => {
    const startedAt = clock.now().getTime();
    clock.advance(120);
    await signInWith('Phone Browser/1.0');
    clock.advance(120);
    const laptop = await signInWith('Laptop Browser/2.0');
    const laptopSignedInAt = clock.now().toISOString();
    clock.advance(120);
    // The first session, used again after more than a minute, goes before the phone's, made later.
    expect((await user.client.ok(ME)).me.name).toBe('viewer');
    const usedAt = clock.now().toISOString();
    clock.advance(30);

    const listed = await sessionsOf(laptop);
    expect(listed.map((session) => [session.userAgent, session.isCurrent, session.lastUsedAt])).toEqual([
      ['Laptop Browser/2.0', true, clock.now().toISOString()],
      ['node', false, usedAt],
      ['Phone Browser/1.0', false, new Date(120_000 + startedAt).toISOString()],
    ]);
    expect(listed.map((session) => session.address)).toEqual(['127.0.0.1', '127.0.0.1', '127.0.0.1']);
    expect(listed[0]!.createdAt).toBe(laptopSignedInAt);
    // Only one's own: the admin sees the admin's one session.
    expect((await sessionsOf(admin.client)).map((session) => session.isCurrent)).toEqual([true]);
  });

  it('ends one of them, or the current one as logout does, and no one else’s', async () => {
    const phone = await signInWith('Phone Browser/1.0');
    const listed = await sessionsOf(user.client);
    const phoneSession = listed.find((session) => session.userAgent === 'Phone Browser/1.0')!;
    expect(await user.client.ok(END_SESSION, { id: phoneSession.id })).toEqual({ endSession: true });
    expect((await phone.ok(ME)).me).toBeNull();
    expect((await sessionsOf(user.client)).map((session) => session.id)).not.toContain(phoneSession.id);

    // Ended already, someone else's, or not a session's id: NOT_FOUND, and the sessions stay.
    await user.client.fails('NOT_FOUND', END_SESSION, { id: phoneSession.id });
    const adminSession = (await sessionsOf(admin.client))[0]!;
    await user.client.fails('NOT_FOUND', END_SESSION, { id: adminSession.id });
    expect((await admin.client.ok(ME)).me.name).toBe('admin');
    await user.client.fails('BAD_USER_INPUT', END_SESSION, { id: user.user.id });
    await new Client(server.url).fails('UNAUTHENTICATED', END_SESSION, { id: 'garbage' });
    await new Client(server.url).fails('UNAUTHENTICATED', SESSIONS);

    const current = (await sessionsOf(user.client)).find((session) => session.isCurrent)!;
    await user.client.ok(END_SESSION, { id: current.id });
    expect((await user.client.ok(ME)).me).toBeNull();
  });
});
