import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { verifyPassword } from '../domain/accounts/passwords.js';
import {
  adminAndUser,
  CHANGE_PASSWORD,
  CREATE_ADMIN,
  CREDIT_USER,
  LOCK_USER,
  LOGIN,
  ME,
  PASSWORD,
  REGISTER,
  registerAs,
  USER_BY_NAME,
  USERS,
  type UserShape,
} from './support/accounts.js';
import { Client, cookieClient, setCookieOf } from './support/client.js';
import { databases } from './support/databases.js';
import { startServer, type TestServer } from './support/server.js';

describe.each(databases)('accounts on %s', (kind) => {
  let server: TestServer;
  let client: Client;

  beforeEach(async () => {
    server = await startServer(kind);
    client = new Client(server.url);
  });
  afterEach(() => server.close());

  async function userCount(): Promise<number> {
    return server.rows('users');
  }

  it('makes the first account the admin and every later one a user', async () => {
    const { admin, user } = await adminAndUser(client);
    expect(admin.user.role).toBe('ADMIN');
    expect(user.user.role).toBe('USER');
    expect(user.user).toMatchObject({ name: 'viewer', isVip: false, isLocked: false, balance: 0 });
    expect(new Date(user.user.registeredAt).toISOString()).toBe(user.user.registeredAt);
    expect(admin.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('makes exactly one admin when the first accounts register at the same instant', async () => {
    const names = Array.from({ length: 6 }, (_, i) => `racer${i}`);
    const accounts = await Promise.all(names.map((name) => registerAs(client, name)));
    expect(accounts.filter((a) => a.user.role === 'ADMIN')).toHaveLength(1);
  });

  it('refuses a name taken in another case, once, when twenty register it at once', async () => {
    await registerAs(client, 'first');
    const results = await Promise.all(
      Array.from({ length: 20 }, () => client.request(REGISTER, { name: 'Same Name', password: PASSWORD })),
    );
    const ok = results.filter((r) => !r.errors);
    const conflicts = results.filter((r) => r.errors?.[0]?.extensions?.code === 'CONFLICT');
    expect(ok).toHaveLength(1);
    expect(conflicts).toHaveLength(19);
    await client.fails('CONFLICT', REGISTER, { name: 'SAME name', password: PASSWORD });
    await client.fails('CONFLICT', REGISTER, { name: '  same name ', password: PASSWORD });
    expect(await userCount()).toBe(2);
  });

  it('folds case fully (ß and ss, σ and ς) but keeps accents apart, on every database', async () => {
    await registerAs(client, 'Straße');
    await client.fails('CONFLICT', REGISTER, { name: 'STRASSE', password: PASSWORD });
    await registerAs(client, 'ΟΔΟΣ');
    await client.fails('CONFLICT', REGISTER, { name: 'οδοσ', password: PASSWORD });
    await registerAs(client, 'José');
    await registerAs(client, 'Jose');
    const login = await client.ok(LOGIN, { name: 'strasse', password: PASSWORD });
    expect(login.login.user.name).toBe('Straße');
  });

  it('keeps Chinese names intact and trims spaces', async () => {
    const account = await registerAs(client, '  优酷用户  ');
    expect(account.user.name).toBe('优酷用户');
    const login = await client.ok(LOGIN, { name: '优酷用户', password: PASSWORD });
    expect(login.login.user.name).toBe('优酷用户');
    expect(login.login.user.balance).toBe(0);
  });

  it.each([
    ['an empty name', '', PASSWORD, 'name'],
    ['a blank name', '   ', PASSWORD, 'name'],
    ['a 33-character name', 'x'.repeat(33), PASSWORD, 'name'],
    ['a name with a control character', 'bad\u0007name', PASSWORD, 'name'],
    ['a name with a newline', 'two\nlines', PASSWORD, 'name'],
    ['a name with a zero-width space', 'admin\u200b', PASSWORD, 'name'],
    ['a 7-character password', 'shortpw', '1234567', 'password'],
    ['a 257-character password', 'longpw', 'p'.repeat(257), 'password'],
  ])('refuses %s, storing nothing', async (_what, name, password, field) => {
    const error = await client.fails('BAD_USER_INPUT', REGISTER, { name, password });
    expect(error.extensions?.field).toBe(field);
    expect(await userCount()).toBe(0);
    await registerAs(client, 'still-serving');
  });

  it('accepts the limits themselves: 32 characters, 8 and 256-character passwords', async () => {
    await registerAs(client, '名'.repeat(32), 'p'.repeat(8));
    await registerAs(client, 'y'.repeat(32), 'p'.repeat(256));
  });

  it('stores argon2id hashes, never the password', async () => {
    await registerAs(client, 'hashed');
    const row = await server.db('users').where('name', 'hashed').first();
    expect(row.password_hash).toMatch(/^\$argon2id\$v=19\$m=(\d+),t=(\d+),p=1\$/);
    const [, memory, passes] = /m=(\d+),t=(\d+)/.exec(row.password_hash)!;
    expect(Number(memory)).toBeGreaterThanOrEqual(19456);
    expect(Number(passes)).toBeGreaterThanOrEqual(2);
    expect(row.password_hash).not.toContain(PASSWORD);
  });

  it('answers a wrong password and an unknown name with the same error', async () => {
    await registerAs(client, 'known');
    const wrongPassword = await client.fails('UNAUTHENTICATED', LOGIN, { name: 'known', password: 'not the password' });
    const unknownName = await client.fails('UNAUTHENTICATED', LOGIN, { name: 'unknown', password: PASSWORD });
    expect(wrongPassword.message).toBe(unknownName.message);
    const ok = await client.ok(LOGIN, { name: 'KNOWN', password: PASSWORD });
    expect(ok.login.user.name).toBe('known');
  });

  it('lets an admin create admins, credit users and list everyone', async () => {
    const { admin, user } = await adminAndUser(client);
    const created = await admin.client.ok(CREATE_ADMIN, { name: 'second admin', password: PASSWORD });
    expect(created.createAdmin.role).toBe('ADMIN');
    const second = await client.ok(LOGIN, { name: 'second admin', password: PASSWORD });
    expect(second.login.user.role).toBe('ADMIN');

    const credited = await admin.client.ok(CREDIT_USER, { id: user.user.id, amount: 25 });
    expect(credited.creditUser.balance).toBe(25);
    const again = await admin.client.ok(CREDIT_USER, { id: user.user.id, amount: 5 });
    expect(again.creditUser.balance).toBe(30);
    expect((await user.client.ok(ME)).me.balance).toBe(30);

    const list = await admin.client.ok(USERS, { first: 10 });
    expect(list.users.totalCount).toBe(3);
    expect(list.users.edges.map((e: { node: UserShape }) => e.node.name)).toEqual(['second admin', 'viewer', 'admin']);
  });

  it('pages through users without gaps or overlaps', async () => {
    const admin = await registerAs(client, 'admin');
    for (let i = 0; i < 6; i++) await registerAs(client, `u${i}`);
    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const page: any = await admin.client.ok(USERS, { first: 3, after });
      expect(page.users.totalCount).toBe(7);
      seen.push(...page.users.edges.map((e: { node: UserShape }) => e.node.name));
      if (!page.users.pageInfo.hasNextPage) break;
      after = page.users.pageInfo.endCursor;
    }
    expect(seen).toEqual(['u5', 'u4', 'u3', 'u2', 'u1', 'u0', 'admin']);
    await admin.client.fails('BAD_USER_INPUT', USERS, { first: 3, after: 'forged' });
    await admin.client.fails('BAD_USER_INPUT', USERS, { first: -1 });
  });

  it('hides a balance from other users but shows it to admins', async () => {
    const { admin, user } = await adminAndUser(client);
    const other = await registerAs(client, 'other');
    await admin.client.ok(CREDIT_USER, { id: user.user.id, amount: 7 });
    const list = await admin.client.ok(USERS);
    expect(list.users.edges.find((e: { node: UserShape }) => e.node.name === 'viewer').node.balance).toBe(7);
    // A user cannot read other users at all (users is admin-only), nor their balance.
    await other.client.fails('FORBIDDEN', USERS);
  });

  describe('userByName', () => {
    it('finds a user as registration compares names: trimmed, in any case and any Unicode form', async () => {
      const { admin } = await adminAndUser(client);
      const straße = await registerAs(client, 'Straße');
      const josé = await registerAs(client, 'José');
      const chinese = await registerAs(client, '优酷用户');
      await admin.client.ok(CREDIT_USER, { id: straße.user.id, amount: 9 });
      const find = async (name: string) => (await admin.client.ok(USER_BY_NAME, { name })).userByName;
      expect(await find('  STRASSE ')).toEqual({ ...straße.user, balance: 9 });
      expect((await find('straße')).id).toBe(straße.user.id);
      expect((await find('JOSE\u0301')).id).toBe(josé.user.id);
      expect((await find('优酷用户')).id).toBe(chinese.user.id);
      expect(await find('Jose')).toBeNull();
      expect(await find('nobody')).toBeNull();
      expect(await find('')).toBeNull();
    });
  });

  describe('changePassword', () => {
    const NEW_PASSWORD = 'a brand new secret';

    async function sessionCount(): Promise<number> {
      return server.rows('sessions');
    }

    async function expectSignedOut(other: Client): Promise<void> {
      expect((await other.ok(ME)).me).toBeNull();
    }

    it('ends every other session (bearer and cookie) and keeps the one asking, by bearer token', async () => {
      const account = await registerAs(client, 'changer');
      const otherBearer = client.as((await client.ok(LOGIN, { name: 'changer', password: PASSWORD })).login.token);
      const otherCookie = cookieClient(
        server.url,
        (await client.ok(LOGIN, { name: 'changer', password: PASSWORD })).login.token,
      );
      expect(await sessionCount()).toBe(3);

      const response = await account.client.request(CHANGE_PASSWORD, {
        currentPassword: PASSWORD,
        newPassword: NEW_PASSWORD,
      });
      expect(response.data).toEqual({ changePassword: true });
      expect((await account.client.ok(ME)).me.name).toBe('changer');
      await expectSignedOut(otherBearer);
      await expectSignedOut(otherCookie);
      expect(await sessionCount()).toBe(1);

      await client.fails('UNAUTHENTICATED', LOGIN, { name: 'changer', password: PASSWORD });
      await client.ok(LOGIN, { name: 'changer', password: NEW_PASSWORD });
    });

    it('keeps the session of the cookie asking, and the cookie itself', async () => {
      const { token } = await registerAs(client, 'browser');
      const browser = cookieClient(server.url, token);
      const otherBearer = client.as((await client.ok(LOGIN, { name: 'browser', password: PASSWORD })).login.token);

      const response = await browser.request(CHANGE_PASSWORD, { currentPassword: PASSWORD, newPassword: NEW_PASSWORD });
      expect(response.data).toEqual({ changePassword: true });
      // The cookie is left as it is: neither cleared nor replaced.
      expect(setCookieOf(response.headers)).toBeUndefined();
      expect((await browser.ok(ME)).me.name).toBe('browser');
      await expectSignedOut(otherBearer);
    });

    it.each([
      ['a wrong current password', 'not the password', NEW_PASSWORD, 'currentPassword'],
      ['a new password of 7 characters', PASSWORD, '1234567', 'newPassword'],
      ['a new password of 257 characters', PASSWORD, 'p'.repeat(257), 'newPassword'],
    ])('refuses %s, changing nothing and ending no session', async (_what, currentPassword, newPassword, field) => {
      const account = await registerAs(client, 'careful');
      const other = client.as((await client.ok(LOGIN, { name: 'careful', password: PASSWORD })).login.token);
      const before = await server.db('users').where('name', 'careful').first();

      const error = await account.client.fails('BAD_USER_INPUT', CHANGE_PASSWORD, { currentPassword, newPassword });
      expect(error.extensions?.field).toBe(field);
      expect((await server.db('users').where('name', 'careful').first()).password_hash).toBe(before.password_hash);
      expect(await sessionCount()).toBe(2);
      expect((await other.ok(ME)).me.name).toBe('careful');
      await client.ok(LOGIN, { name: 'careful', password: PASSWORD });
    });

    it('needs a login', async () => {
      await client.fails('UNAUTHENTICATED', CHANGE_PASSWORD, { currentPassword: PASSWORD, newPassword: NEW_PASSWORD });
    });

    it('counts wrong current passwords toward the login throttle of the name', async () => {
      const throttled = await startServer(kind, { LOGIN_FAILURES_PER_NAME: '2' });
      try {
        const guesser = new Client(throttled.url);
        const account = await registerAs(guesser, 'guessed');
        for (const guess of ['guess one', 'guess two']) {
          await account.client.fails('BAD_USER_INPUT', CHANGE_PASSWORD, {
            currentPassword: guess,
            newPassword: NEW_PASSWORD,
          });
        }
        const refused = { currentPassword: PASSWORD, newPassword: NEW_PASSWORD };
        await account.client.fails('TOO_MANY_REQUESTS', CHANGE_PASSWORD, refused);
        await guesser.fails('TOO_MANY_REQUESTS', LOGIN, { name: 'guessed', password: PASSWORD });
        const row = await throttled.db('users').where('name', 'guessed').first();
        expect(await verifyPassword(row.password_hash, PASSWORD)).toBe(true);
      } finally {
        await throttled.close();
      }
    });
  });

  describe('a user calling admin operations', () => {
    it.each([
      ['users', USERS, {}],
      ['createAdmin', CREATE_ADMIN, { name: 'sneaky', password: PASSWORD }],
      ['lockUser', LOCK_USER, { id: 'SELF', locked: true }],
      ['creditUser', CREDIT_USER, { id: 'SELF', amount: 100 }],
    ])('%s is FORBIDDEN and changes nothing', async (_name, query, variables) => {
      const { user } = await adminAndUser(client);
      const vars = Object.fromEntries(Object.entries(variables).map(([k, v]) => [k, v === 'SELF' ? user.user.id : v]));
      await user.client.fails('FORBIDDEN', query, vars);
      await client.fails('UNAUTHENTICATED', query, vars);
      const me = (await user.client.ok(ME)).me;
      expect(me).toMatchObject({ role: 'USER', balance: 0, isLocked: false });
      expect(await userCount()).toBe(2);
    });
  });
});
