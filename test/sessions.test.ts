import { createHash, randomBytes } from 'node:crypto';
import {
  getNamedType,
  isAbstractType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isObjectType,
  type GraphQLField,
  type GraphQLInputType,
} from 'graphql';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { schema } from '../schema/index.js';
import {
  adminAndUser,
  CREATE_ADMIN,
  LOCK_USER,
  LOGIN,
  LOGOUT,
  ME,
  PASSWORD,
  REGISTER,
  registerAs,
  USERS,
  type Account,
} from './support/accounts.js';
import { Client, cookieClient, HeaderClient, setCookieOf } from './support/client.js';
import { databases } from './support/databases.js';
import { ManualClock } from './support/clock.js';
import { setupCodeOf, startServer, type TestServer } from './support/server.js';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** A stored time as epoch milliseconds: SQLite gives numbers, MySQL gives Dates. */
function epochMs(value: unknown): number {
  if (value instanceof Date) return value.getTime();
  if (typeof value === 'number') return value;
  return new Date(String(value)).getTime();
}

/** The object type a field is named after (`deleteMovie`: Movie), for a global ID of the right kind. */
function typeNamedIn(fieldName: string): string {
  const names = Object.values(schema.getTypeMap())
    .filter((type) => isObjectType(type) && !type.name.startsWith('__') && 'id' in type.getFields())
    .map((type) => type.name)
    .filter((name) => fieldName.toLowerCase().includes(name.toLowerCase()));
  return names.sort((a, b) => b.length - a.length)[0] ?? 'User';
}

/** How a sample ID looks: a global ID of the right kind, or one that decodes to nothing. */
type IdSample = 'well-formed' | 'malformed';

/**
 * A literal of `type` good enough to get past validation, so that only authorization can refuse;
 * with `malformed` IDs, the answer must not change either (authorization comes before decoding).
 */
function sampleLiteral(type: GraphQLInputType, fieldName: string, ids: IdSample): string {
  if (isNonNullType(type)) return sampleLiteral(type.ofType, fieldName, ids);
  if (isListType(type)) return `[${sampleLiteral(type.ofType, fieldName, ids)}]`;
  if (isEnumType(type)) return type.getValues()[0]!.name;
  if (isInputObjectType(type)) {
    const required = Object.values(type.getFields()).filter(
      (f) => isNonNullType(f.type) && f.defaultValue === undefined,
    );
    return `{ ${required.map((f) => `${f.name}: ${sampleLiteral(f.type, fieldName, ids)}`).join(', ')} }`;
  }
  switch (type.name) {
    case 'Int':
    case 'Float':
    case 'SafeInt':
      return '1';
    case 'Boolean':
      return 'true';
    case 'ID':
      return ids === 'malformed'
        ? '"1"'
        : JSON.stringify(Buffer.from(`${typeNamedIn(fieldName)}:1`).toString('base64'));
    case 'DateTime':
      return '"2024-01-01T00:00:00.000Z"';
    default:
      return '"x"';
  }
}

/** A one-field operation calling `field` with its required arguments, or undefined when JSON cannot carry them. */
function operationFor(
  kind: 'query' | 'mutation',
  field: GraphQLField<unknown, unknown>,
  ids: IdSample,
): string | undefined {
  const required = field.args.filter((arg) => isNonNullType(arg.type) && arg.defaultValue === undefined);
  // An Upload travels only in a multipart request; the upload suite checks those operations.
  if (required.some((arg) => getNamedType(arg.type).name === 'Upload')) return undefined;
  const args = required.length
    ? `(${required.map((arg) => `${arg.name}: ${sampleLiteral(arg.type, field.name, ids)}`).join(', ')})`
    : '';
  const named = getNamedType(field.type);
  const selection = isObjectType(named) || isAbstractType(named) ? ' { __typename }' : '';
  return `${kind} { ${field.name}${args}${selection} }`;
}

/** Every root field but the ones anybody may call, as an operation that needs a login. */
function operationsNeedingLogin(ids: IdSample): [string, string][] {
  // resetPassword is how a person who cannot log in gets back in (test/password-resets.test.ts);
  // firstAccountBecomesAdmin tells the sign-up page of an empty instance what to say.
  const open = new Set(['me', 'register', 'login', 'resetPassword', 'firstAccountBecomesAdmin']);
  const roots = [
    ['query', schema.getQueryType()],
    ['mutation', schema.getMutationType()],
  ] as const;
  return roots.flatMap(([kind, type]) =>
    Object.values(type?.getFields() ?? {})
      .filter((field) => !open.has(field.name))
      .map((field) => [field.name, operationFor(kind, field, ids)] as const)
      .filter((entry): entry is [string, string] => entry[1] !== undefined),
  );
}

describe.each(databases)('sessions on %s', (kind) => {
  let servers: TestServer[];
  let server: TestServer;
  let client: Client;

  /** Another server for this test, with its own configuration (a short TTL, secure cookies). */
  async function start(
    env: Record<string, string>,
    clock?: ManualClock,
  ): Promise<{ server: TestServer; client: Client }> {
    // No background jobs: this suite counts the queries its requests run.
    const started = await startServer(kind, { JOB_CONCURRENCY: '0', ...env }, { clock });
    servers.push(started);
    return { server: started, client: new Client(started.url) };
  }

  beforeEach(async () => {
    servers = [];
    ({ server, client } = await start({}));
  });
  afterEach(() => Promise.all(servers.map((s) => s.close())));

  async function sessionRows(db = server.db): Promise<Record<string, unknown>[]> {
    return db('sessions').select();
  }

  /** Passes when `account`'s client is no longer logged in: `me` is null and a logged-in operation refuses. */
  async function expectLoggedOut(account: Client): Promise<void> {
    expect((await account.ok(ME)).me).toBeNull();
    await account.fails('UNAUTHENTICATED', LOGOUT);
  }

  describe('tokens', () => {
    it('gives every login a fresh 256-bit token and stores only its SHA-256', async () => {
      const registered = await registerAs(client, 'holder');
      const logins = [];
      for (let i = 0; i < 2; i++) logins.push((await client.ok(LOGIN, { name: 'holder', password: PASSWORD })).login);
      const tokens = [registered.token, ...logins.map((l) => l.token as string)];

      expect(new Set(tokens).size).toBe(3);
      for (const token of tokens) {
        expect(token).toMatch(/^[A-Za-z0-9_-]+$/);
        expect(Buffer.from(token, 'base64url').length).toBeGreaterThanOrEqual(32);
      }

      const rows = await sessionRows();
      expect(rows).toHaveLength(3);
      expect(rows.map((row) => row.token_hash).sort()).toEqual(tokens.map(sha256).sort());
      const stored = JSON.stringify(rows);
      for (const token of tokens) expect(stored).not.toContain(token);
    });

    it('does not take the stored hash for the token', async () => {
      const { token } = await registerAs(client, 'holder');
      const [row] = await sessionRows();
      expect(row!.token_hash).toBe(sha256(token));
      await expectLoggedOut(client.as(String(row!.token_hash)));
      expect((await client.as(token).ok(ME)).me.name).toBe('holder');
    });
  });

  describe('the session cookie', () => {
    it('comes with register and login: HttpOnly, SameSite=Lax, for the whole site, expiring with the session', async () => {
      const registered = await client.request(REGISTER, { name: 'browser', password: PASSWORD });
      const loggedIn = await client.request(LOGIN, { name: 'browser', password: PASSWORD });
      for (const response of [registered, loggedIn]) {
        const payload = (response.data as any)?.register ?? (response.data as any)?.login;
        const cookie = setCookieOf(response.headers);
        expect(cookie?.value).toBe(payload.token);
        expect(cookie?.attributes).toMatchObject({ httponly: true, samesite: 'Lax', path: '/' });
        expect(cookie?.attributes.secure).toBeUndefined();
        const expires = new Date(String(cookie?.attributes.expires)).getTime();
        const ttlMs = server.config.settings.sessionTtlSeconds * 1000;
        expect(Math.abs(expires - (Date.now() + ttlMs))).toBeLessThan(60_000);
      }
    });

    it('is Secure when COOKIE_SECURE=true', async () => {
      const secure = await start({ COOKIE_SECURE: 'true' });
      const response = await secure.client.request(REGISTER, { name: 'secure', password: PASSWORD });
      expect(setCookieOf(response.headers)?.attributes).toMatchObject({
        secure: true,
        httponly: true,
        samesite: 'Lax',
      });
    });

    /** On a server started with `env`, the attributes of the cookie a login with `headers` sets. */
    async function loginCookies(env: Record<string, string>) {
      const started = await start(env);
      await adminAndUser(started.client, setupCodeOf(started.server));
      return async (headers: Record<string, string>) => {
        const response = await started.client.request(LOGIN, { name: 'viewer', password: PASSWORD }, headers);
        return setCookieOf(response.headers)?.attributes;
      };
    }

    it('is Secure behind a trusted proxy (TRUST_PROXY) that says the client came over HTTPS', async () => {
      const login = await loginCookies({ TRUST_PROXY: 'loopback' });
      expect(await login({ 'x-forwarded-proto': 'https' })).toMatchObject({ secure: true, httponly: true });
      expect(await login({ 'x-forwarded-proto': 'http' })).not.toHaveProperty('secure');
      expect(await login({})).not.toHaveProperty('secure');
    });

    it('is not made Secure by the X-Forwarded-Proto of a client that is no trusted proxy', async () => {
      for (const env of [{}, { TRUST_PROXY: '10.0.0.1' }] as Record<string, string>[]) {
        const login = await loginCookies(env);
        const attributes = await login({ 'x-forwarded-proto': 'https' });
        expect(attributes).toMatchObject({ httponly: true });
        expect(attributes).not.toHaveProperty('secure');
      }
    });

    it('is Secure with COOKIE_SECURE=true whatever a trusted proxy says', async () => {
      const login = await loginCookies({ COOKIE_SECURE: 'true', TRUST_PROXY: 'loopback' });
      expect(await login({ 'x-forwarded-proto': 'http' })).toMatchObject({ secure: true });
    });

    it('is not set by a failed login', async () => {
      await registerAs(client, 'someone');
      const response = await client.request(LOGIN, { name: 'someone', password: 'wrong password' });
      expect(response.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
      expect(setCookieOf(response.headers)).toBeUndefined();
    });
  });

  describe('authentication', () => {
    it('accepts the bearer token alone and the cookie alone', async () => {
      const { token } = await registerAs(client, 'either');
      expect((await client.as(token).ok(ME)).me.name).toBe('either');
      expect((await cookieClient(server.url, token).ok(ME)).me.name).toBe('either');
      await expectLoggedOut(client);
    });

    it('finds the session and its user in one query', async () => {
      const { token } = await registerAs(client, 'counted');
      const byBearer = client.as(token);
      const { result, queries } = await server.queriesDuring(() => byBearer.ok(ME));
      expect(result.me.name).toBe('counted');
      expect(queries, queries.join('\n')).toHaveLength(1);
      const byCookie = cookieClient(server.url, token);
      expect((await server.queriesDuring(() => byCookie.ok(ME))).queries).toHaveLength(1);
    });

    it('accepts the cookie when the Authorization header carries another scheme (a proxy’s Basic auth)', async () => {
      const { token } = await registerAs(client, 'proxied');
      const behindProxy = new HeaderClient(server.url, {
        authorization: `Basic ${Buffer.from('staff:secret').toString('base64')}`,
        cookie: `session=${token}`,
      });
      expect((await behindProxy.ok(ME)).me.name).toBe('proxied');
    });

    it.each<IdSample>(['well-formed', 'malformed'])(
      'answers UNAUTHENTICATED to every operation but me, register, login, resetPassword and firstAccountBecomesAdmin without a login (%s IDs)',
      async (ids) => {
        const { admin } = await adminAndUser(client);
        const operations = operationsNeedingLogin(ids);
        expect(operations.map(([name]) => name)).toEqual(expect.arrayContaining(['users', 'logout', 'lockUser']));
        for (const [name, operation] of operations) {
          const result = await client.request(operation);
          expect(result.errors?.[0]?.extensions?.code, `${name}: ${JSON.stringify(result.errors)}`).toBe(
            'UNAUTHENTICATED',
          );
        }
        expect((await client.ok(ME)).me).toBeNull();
        expect((await admin.client.ok(USERS)).users.totalCount).toBe(2);
      },
    );
  });

  describe('forged and malformed credentials', () => {
    const token43 = () => randomBytes(32).toString('base64url');
    const authorizations: [string, () => string][] = [
      ['a random token of the right shape', () => `Bearer ${token43()}`],
      ['garbage', () => 'Bearer !!not-a-token!!'],
      ['a token with a quote and SQL', () => `Bearer ' OR 1=1 --`],
      ['a very long token', () => `Bearer ${'A'.repeat(8000)}`],
      ['Bearer with nothing', () => 'Bearer'],
      ['Bearer with two tokens', () => `Bearer ${token43()} ${token43()}`],
      ['bytes outside ASCII', () => 'Bearer \u00e9\u00ff\u0080'],
      ['another scheme with no cookie', () => `Basic ${Buffer.from('a:b').toString('base64')}`],
    ];
    const cookies: [string, () => string][] = [
      ['a random session cookie', () => `session=${token43()}`],
      ['an empty session cookie', () => 'session='],
      ['a cookie header that is not cookies', () => ';;; =; session'],
      ['a broken percent-encoding', () => 'session=%E0%A4%A'],
      ['a very long cookie', () => `session=${'b'.repeat(8000)}`],
    ];

    /** Runs `check`, naming `what` in its failure. */
    async function labelled(what: string, check: () => Promise<void>): Promise<void> {
      try {
        await check();
      } catch (err) {
        if (err instanceof Error) err.message = `${what}: ${err.message}`;
        throw err;
      }
    }

    /** With `headers`, the caller is nobody: logged-in operations refuse, register and login work. */
    async function expectNotAuthenticated(cases: [string, Record<string, string>][]): Promise<void> {
      const existing = await registerAs(client, 'existing');
      for (const [index, [what, headers]] of cases.entries()) {
        await labelled(what, async () => {
          const forged = new HeaderClient(server.url, headers);
          expect((await forged.ok(ME)).me).toBeNull();
          await forged.fails('UNAUTHENTICATED', LOGOUT);
          await forged.fails('UNAUTHENTICATED', USERS);
          await forged.fails('UNAUTHENTICATED', CREATE_ADMIN, { name: 'intruder', password: PASSWORD });

          const registered = await forged.ok(REGISTER, { name: `newcomer ${index}`, password: PASSWORD });
          expect(registered.register.user).toMatchObject({ name: `newcomer ${index}`, role: 'USER' });
          const loggedIn = await forged.ok(LOGIN, { name: 'existing', password: PASSWORD });
          expect((await client.as(loggedIn.login.token).ok(ME)).me.name).toBe('existing');
          expect((await client.as(registered.register.token).ok(ME)).me.name).toBe(`newcomer ${index}`);
          // Nobody else's session suffered.
          expect((await existing.client.ok(ME)).me.name).toBe('existing');
        });
      }
      expect(await server.db('users').where('name', 'intruder').first()).toBeUndefined();
    }

    it('a forged or malformed Authorization header is nobody, and register and login still work', async () => {
      await expectNotAuthenticated(authorizations.map(([what, header]) => [what, { authorization: header() }]));
    });

    it('a forged or malformed session cookie is nobody, and register and login still work', async () => {
      await expectNotAuthenticated(cookies.map(([what, header]) => [what, { cookie: header() }]));
    });

    it('refuses a real token with one character changed', async () => {
      const { token } = await registerAs(client, 'victim');
      const last = token.at(-1) === 'A' ? 'B' : 'A';
      await expectLoggedOut(client.as(token.slice(0, -1) + last));
      await expectLoggedOut(cookieClient(server.url, token.slice(1) + token[0]));
      expect((await client.as(token).ok(ME)).me.name).toBe('victim');
    });
  });

  describe('logout', () => {
    it('revokes the bearer token it was called with, and no other session', async () => {
      const first = await registerAs(client, 'twice');
      const second = (await client.ok(LOGIN, { name: 'twice', password: PASSWORD })).login.token as string;

      expect(await first.client.ok(LOGOUT)).toEqual({ logout: true });
      await expectLoggedOut(first.client);
      expect((await client.as(second).ok(ME)).me.name).toBe('twice');
      expect((await sessionRows()).map((row) => row.token_hash)).toEqual([sha256(second)]);
    });

    it('clears the cookie and ends the session a cookie carried', async () => {
      const { token } = await registerAs(client, 'browser');
      const browser = cookieClient(server.url, token);
      const response = await browser.request(LOGOUT);
      expect(response.data).toEqual({ logout: true });
      const cleared = setCookieOf(response.headers);
      expect(cleared?.value).toBe('');
      expect(cleared?.attributes.path).toBe('/');
      expect(new Date(String(cleared?.attributes.expires)).getTime()).toBeLessThan(Date.now());
      await expectLoggedOut(browser);
      await expectLoggedOut(client.as(token));
      expect(await sessionRows()).toHaveLength(0);
    });
  });

  describe('locking', () => {
    /** The user's sessions: the one from register, one more by bearer token and one by cookie. */
    async function sessionsOf(account: Account): Promise<Client[]> {
      const more = await Promise.all(
        [0, 1].map(async () => (await client.ok(LOGIN, { name: account.user.name, password: PASSWORD })).login.token),
      );
      return [account.client, client.as(more[0]), cookieClient(server.url, more[1])];
    }

    it('ends every session of the user at once and answers login with ACCOUNT_LOCKED', async () => {
      const { admin, user } = await adminAndUser(client);
      const bystander = await registerAs(client, 'bystander');
      const sessions = await sessionsOf(user);
      for (const session of sessions) expect((await session.ok(ME)).me.name).toBe('viewer');

      const locked = await admin.client.ok(LOCK_USER, { id: user.user.id, locked: true });
      expect(locked.lockUser).toMatchObject({ name: 'viewer', isLocked: true });

      await Promise.all(sessions.map(expectLoggedOut));
      const row = await server.db('users').where('name', 'viewer').first();
      expect(await server.db('sessions').where('user_id', row.id)).toHaveLength(0);
      const refused = await client.fails('ACCOUNT_LOCKED', LOGIN, { name: 'viewer', password: PASSWORD });
      expect(refused.message).toMatch(/lock/i);
      // Only the right password learns that the account is locked.
      await client.fails('UNAUTHENTICATED', LOGIN, { name: 'viewer', password: 'not the password' });

      // Other people's sessions go on.
      expect((await admin.client.ok(ME)).me.name).toBe('admin');
      expect((await bystander.client.ok(ME)).me.name).toBe('bystander');
    });

    it('lets the user log in again once unlocked, but not with the sessions the lock ended', async () => {
      const { admin, user } = await adminAndUser(client);
      const sessions = await sessionsOf(user);
      await admin.client.ok(LOCK_USER, { id: user.user.id, locked: true });
      const unlocked = await admin.client.ok(LOCK_USER, { id: user.user.id, locked: false });
      expect(unlocked.lockUser.isLocked).toBe(false);

      await Promise.all(sessions.map(expectLoggedOut));
      const again = await client.ok(LOGIN, { name: 'viewer', password: PASSWORD });
      expect(again.login.user.isLocked).toBe(false);
      expect((await client.as(again.login.token).ok(ME)).me.name).toBe('viewer');
    });

    it('does not let an admin lock themself, but lets another admin lock them', async () => {
      const { admin } = await adminAndUser(client);
      const error = await admin.client.fails('BAD_USER_INPUT', LOCK_USER, { id: admin.user.id, locked: true });
      expect(error.message).toMatch(/own account/i);
      // Named apart from an id that is no user's, which clients word differently.
      expect(error.extensions).toMatchObject({ field: 'id', reason: 'OWN_ACCOUNT' });
      const badId = await admin.client.fails('BAD_USER_INPUT', LOCK_USER, { id: 'garbage', locked: true });
      expect(badId.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'id' });
      expect((await admin.client.ok(ME)).me).toMatchObject({ name: 'admin', isLocked: false });

      await admin.client.ok(CREATE_ADMIN, { name: 'second', password: PASSWORD });
      const second = (await client.ok(LOGIN, { name: 'second', password: PASSWORD })).login.token as string;
      await client.as(second).ok(LOCK_USER, { id: admin.user.id, locked: true });
      await expectLoggedOut(admin.client);
      await client.fails('ACCOUNT_LOCKED', LOGIN, { name: 'admin', password: PASSWORD });
    });
  });

  describe('expiry', () => {
    /** The stored expiry of the session behind `token`, in epoch milliseconds. */
    async function expiryOf(db: TestServer['db'], token: string): Promise<number> {
      const row = await db('sessions').where('token_hash', sha256(token)).first();
      return epochMs(row.expires_at);
    }

    it('ends a session left unused for SESSION_TTL_SECONDS', async () => {
      const clock = new ManualClock();
      const short = await start({ SESSION_TTL_SECONDS: '600' }, clock);
      const { token } = await registerAs(short.client, 'idle');
      expect(await expiryOf(short.server.db, token)).toBe(clock.now().getTime() + 600_000);

      clock.advance(600);
      await expectLoggedOut(short.client.as(token));
      await expectLoggedOut(cookieClient(short.server.url, token));
      // Logging in again starts a new session.
      const again = await short.client.ok(LOGIN, { name: 'idle', password: PASSWORD });
      expect((await short.client.as(again.login.token).ok(ME)).me.name).toBe('idle');
    });

    it('keeps a session in use alive past its first expiry (sliding), renewing the cookie', async () => {
      const clock = new ManualClock();
      const short = await start({ SESSION_TTL_SECONDS: '600' }, clock);
      const unused = await registerAs(short.client, 'active');
      const token = (await short.client.ok(LOGIN, { name: 'active', password: PASSWORD })).login.token as string;
      const browser = cookieClient(short.server.url, token);
      const firstExpiry = await expiryOf(short.server.db, token);

      // Half way through the TTL, a use moves the expiry (and the cookie's) forward.
      clock.advance(300);
      const used = await browser.request(ME);
      expect((used.data as any).me.name).toBe('active');
      const renewed = setCookieOf(used.headers);
      expect(renewed?.value).toBe(token);
      expect(new Date(String(renewed?.attributes.expires)).getTime()).toBe(firstExpiry + 300_000);
      expect(await expiryOf(short.server.db, token)).toBe(firstExpiry + 300_000);

      // Past the first expiry: the session in use lives, the one left alone since login is gone.
      clock.advance(301);
      expect((await browser.ok(ME)).me.name).toBe('active');
      await expectLoggedOut(unused.client);

      // And once it too goes unused for the TTL, it ends.
      clock.advance(600);
      await expectLoggedOut(browser);
    });
  });
});
