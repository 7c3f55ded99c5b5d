import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { adminAndUser, LOGIN, ME, PASSWORD, registerAs, USERS, type Account } from './support/accounts.js';
import { Client, setCookieOf } from './support/client.js';
import { ManualClock } from './support/clock.js';
import { databases } from './support/databases.js';
import { uploadRequest, videoBytes } from './support/movies.js';
import { tusHeaders, tusRequest } from './support/resumable.js';
import { startServer, type TestServer } from './support/server.js';
import {
  BEGIN_TWO_FACTOR,
  CONFIRM_TWO_FACTOR,
  CREATE_PASSWORD_RESET,
  DISABLE_TWO_FACTOR,
  HAS_TWO_FACTOR,
  LOGIN_WITH_CODE,
  RESET_PASSWORD,
  RESET_TWO_FACTOR,
  SESSIONS,
  totpAt,
  turnOnTwoFactor,
  wrongTotpAt,
  type TwoFactorOn,
} from './support/two-factor.js';

describe.each(databases)('two-factor sign-in on %s', (kind) => {
  let server: TestServer;
  let client: Client;
  let clock: ManualClock;

  async function start(env: Record<string, string> = {}): Promise<void> {
    clock = new ManualClock();
    server = await startServer(kind, env, { clock });
    client = new Client(server.url);
  }

  afterEach(() => server.close());

  /** A login of `account`'s name with the right password and `code`. */
  const login = (account: Account, code?: string) =>
    client.request(LOGIN_WITH_CODE, { name: account.user.name, password: PASSWORD, code });

  /** The code of `on`'s secret at the server's time, `steps` periods away. */
  const codeAt = (on: TwoFactorOn, steps = 0) => totpAt(on.secret, clock.now(), steps);

  const wrongCode = (on: TwoFactorOn) => wrongTotpAt(on.secret, clock.now());

  describe('setup', () => {
    beforeEach(() => start());

    it('hands out a secret and its otpauth URL, and changes nothing until a code of it is confirmed', async () => {
      const account = await registerAs(client, 'careful');
      const { beginTwoFactor } = await account.client.ok(BEGIN_TWO_FACTOR);
      expect(beginTwoFactor.secret).toMatch(/^[A-Z2-7]{32}$/);
      const url = new URL(beginTwoFactor.otpauthUrl);
      expect(url.protocol).toBe('otpauth:');
      expect(url.host).toBe('totp');
      expect(decodeURIComponent(url.pathname)).toBe('/Youku (127.0.0.1):careful');
      expect(Object.fromEntries(url.searchParams)).toEqual({
        issuer: 'Youku (127.0.0.1)',
        secret: beginTwoFactor.secret,
        algorithm: 'SHA1',
        digits: '6',
        period: '30',
      });

      // Begun, not confirmed: still off, and signing in needs no code.
      expect((await account.client.ok(HAS_TWO_FACTOR)).me.hasTwoFactor).toBe(false);
      expect((await login(account)).errors).toBeUndefined();

      const wrong = await account.client.fails('BAD_USER_INPUT', CONFIRM_TWO_FACTOR, { code: '12345' });
      expect(wrong.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'code' });
      expect((await account.client.ok(HAS_TWO_FACTOR)).me.hasTwoFactor).toBe(false);

      const confirmed = await account.client.ok(CONFIRM_TWO_FACTOR, {
        code: totpAt(beginTwoFactor.secret, clock.now()),
      });
      const codes: string[] = confirmed.confirmTwoFactor;
      expect(codes).toHaveLength(10);
      expect(new Set(codes).size).toBe(10);
      for (const code of codes) expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}$/);
      expect((await account.client.ok(HAS_TWO_FACTOR)).me.hasTwoFactor).toBe(true);

      // A second device would need it off first: a stolen session cannot swap the secret.
      const again = await account.client.fails('CONFLICT', BEGIN_TWO_FACTOR);
      expect(again.extensions?.reason).toBe('TWO_FACTOR_ON');
    });

    it('keeps the secret encrypted and the recovery codes as argon2id hashes (reading the rows)', async () => {
      const account = await registerAs(client, 'stored');
      const on = await turnOnTwoFactor(account, clock);
      const row = await server.db('users').where('name', 'stored').first();
      expect(row.two_factor_secret).toMatch(/^v1:[A-Za-z0-9+/]+=*$/);
      expect(row.two_factor_pending).toBeNull();
      const codes = await server.db('recovery_codes').where('user_id', row.id);
      expect(codes).toHaveLength(10);
      for (const code of codes) expect(code.code_hash).toMatch(/^\$argon2id\$/);
      const stored = JSON.stringify([row, codes]);
      const secretBytes = Buffer.from(base32Bytes(on.secret));
      for (const form of [
        on.secret,
        on.secret.toLowerCase(),
        Buffer.from(on.secret).toString('base64'),
        secretBytes.toString('hex'),
        secretBytes.toString('base64'),
      ])
        expect(stored).not.toContain(form);
      for (const code of on.recoveryCodes) {
        expect(stored).not.toContain(code);
        expect(stored).not.toContain(code.replace('-', ''));
      }
    });

    it('asks for a setup first, and a code of the setup, not of anything else', async () => {
      const account = await registerAs(client, 'hasty');
      const none = await account.client.fails('CONFLICT', CONFIRM_TWO_FACTOR, { code: '123456' });
      expect(none.extensions?.reason).toBe('NO_TWO_FACTOR_SETUP');
      const first = (await account.client.ok(BEGIN_TWO_FACTOR)).beginTwoFactor;
      // A second begin replaces the first setup: only the latest secret is confirmed.
      const second = (await account.client.ok(BEGIN_TWO_FACTOR)).beginTwoFactor;
      await account.client.fails('BAD_USER_INPUT', CONFIRM_TWO_FACTOR, { code: totpAt(first.secret, clock.now()) });
      await account.client.ok(CONFIRM_TWO_FACTOR, { code: totpAt(second.secret, clock.now()) });
    });

    it('needs a login for each operation, also with arguments that do not decode', async () => {
      await client.fails('UNAUTHENTICATED', BEGIN_TWO_FACTOR);
      await client.fails('UNAUTHENTICATED', CONFIRM_TWO_FACTOR, { code: '123456' });
      await client.fails('UNAUTHENTICATED', DISABLE_TWO_FACTOR, { password: PASSWORD, code: '123456' });
      await client.fails('UNAUTHENTICATED', RESET_TWO_FACTOR, { id: 'garbage' });
    });
  });

  describe('signing in', () => {
    let account: Account;
    let on: TwoFactorOn;
    beforeEach(async () => {
      await start();
      account = await registerAs(client, 'guarded');
      on = await turnOnTwoFactor(account, clock);
    });

    it('asks for the code after a right password, refuses a wrong one, and makes no session either way', async () => {
      const sessionsBefore = await server.rows('sessions');
      const missing = await login(account);
      expect(missing.errors?.[0]?.extensions).toEqual({ code: 'UNAUTHENTICATED', reason: 'TWO_FACTOR_REQUIRED' });
      expect(setCookieOf(missing.headers)).toBeUndefined();
      const blank = await login(account, '  ');
      expect(blank.errors?.[0]?.extensions?.reason).toBe('TWO_FACTOR_REQUIRED');
      const wrong = await login(account, wrongCode(on));
      expect(wrong.errors?.[0]?.extensions).toEqual({ code: 'UNAUTHENTICATED', reason: 'WRONG_CODE' });
      expect(setCookieOf(wrong.headers)).toBeUndefined();
      // A wrong password says nothing about a second factor.
      const badPassword = await client.request(LOGIN_WITH_CODE, {
        name: 'guarded',
        password: 'nope nope',
        code: codeAt(on),
      });
      expect(badPassword.errors?.[0]?.extensions).toEqual({ code: 'UNAUTHENTICATED' });
      expect(await server.rows('sessions')).toBe(sessionsBefore);
      // The plain login operation, without the argument, meets the same question.
      await client.fails('UNAUTHENTICATED', LOGIN, { name: 'guarded', password: PASSWORD });
    });

    it('accepts the current code once, also when it arrives twice at the same moment', async () => {
      const code = codeAt(on);
      const both = await Promise.all([login(account, code), login(account, code)]);
      expect(both.filter((answer) => !answer.errors)).toHaveLength(1);
      expect(both.filter((answer) => answer.errors?.[0]?.extensions?.reason === 'WRONG_CODE')).toHaveLength(1);
      const token = both.find((answer) => !answer.errors)!.data!.login.token;
      expect((await client.as(token).ok(ME)).me.name).toBe('guarded');
      // Still refused later in the same step, and the next step's code works.
      clock.advance(10);
      expect((await login(account, code)).errors?.[0]?.extensions?.reason).toBe('WRONG_CODE');
      clock.advance(30);
      expect((await login(account, codeAt(on))).errors).toBeUndefined();
    });

    it('accepts one step of drift either way, never two, and no step older than one accepted', async () => {
      clock.advance(90);
      for (const steps of [-2, 2]) {
        expect((await login(account, codeAt(on, steps))).errors?.[0]?.extensions?.reason, `${steps}`).toBe(
          'WRONG_CODE',
        );
      }
      expect((await login(account, codeAt(on, -1))).errors).toBeUndefined();
      expect((await login(account, codeAt(on, 1))).errors).toBeUndefined();
      // The current step comes before the one just accepted.
      expect((await login(account, codeAt(on, 0))).errors?.[0]?.extensions?.reason).toBe('WRONG_CODE');
    });

    it('takes a recovery code once (in any case, with or without its dash), and never twice', async () => {
      const [first, second] = on.recoveryCodes as [string, string];
      expect((await login(account, first.toLowerCase().replace('-', ' '))).errors).toBeUndefined();
      expect((await login(account, first)).errors?.[0]?.extensions?.reason).toBe('WRONG_CODE');
      expect((await login(account, second)).errors).toBeUndefined();
      expect(await server.rows('recovery_codes')).toBe(8);
      const used = server.logs.filter((line) => line.event === 'recovery code used');
      expect(used.map((line) => line.left)).toEqual([9, 8]);
    });

    it('renews the recovery codes with a code of the app, voiding the old ones', async () => {
      await account.client.fails('BAD_USER_INPUT', CONFIRM_TWO_FACTOR, { code: wrongCode(on) });
      // A recovery code proves no device.
      await account.client.fails('BAD_USER_INPUT', CONFIRM_TWO_FACTOR, { code: on.recoveryCodes[0] });
      const renewed: string[] = (await account.client.ok(CONFIRM_TWO_FACTOR, { code: codeAt(on) })).confirmTwoFactor;
      expect(renewed).toHaveLength(10);
      expect(renewed.filter((code) => on.recoveryCodes.includes(code))).toEqual([]);
      expect((await login(account, on.recoveryCodes[1])).errors?.[0]?.extensions?.reason).toBe('WRONG_CODE');
      expect((await login(account, renewed[0])).errors).toBeUndefined();
      expect((await account.client.ok(HAS_TWO_FACTOR)).me.hasTwoFactor).toBe(true);
    });

    it('turns off with the password and a code, and only so', async () => {
      const wrongPassword = await account.client.fails('BAD_USER_INPUT', DISABLE_TWO_FACTOR, {
        password: 'not the password',
        code: codeAt(on),
      });
      expect(wrongPassword.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'password', reason: 'WRONG_PASSWORD' });
      const wrong = await account.client.fails('BAD_USER_INPUT', DISABLE_TWO_FACTOR, {
        password: PASSWORD,
        code: wrongCode(on),
      });
      expect(wrong.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'code' });
      expect((await account.client.ok(HAS_TWO_FACTOR)).me.hasTwoFactor).toBe(true);

      expect(await account.client.ok(DISABLE_TWO_FACTOR, { password: PASSWORD, code: codeAt(on) })).toEqual({
        disableTwoFactor: true,
      });
      expect((await account.client.ok(HAS_TWO_FACTOR)).me.hasTwoFactor).toBe(false);
      const row = await server.db('users').where('name', 'guarded').first();
      expect([row.two_factor_secret, row.two_factor_pending, row.two_factor_step]).toEqual([null, null, null]);
      expect(await server.rows('recovery_codes')).toBe(0);
      expect((await login(account)).errors).toBeUndefined();
      // Off already: nothing to do.
      expect(await account.client.ok(DISABLE_TWO_FACTOR, { password: 'anything', code: 'x' })).toEqual({
        disableTwoFactor: false,
      });
    });

    it('turns off with a recovery code in place of the lost device', async () => {
      await account.client.ok(DISABLE_TWO_FACTOR, { password: PASSWORD, code: on.recoveryCodes[3] });
      expect((await account.client.ok(HAS_TWO_FACTOR)).me.hasTwoFactor).toBe(false);
    });
  });

  describe('an admin', () => {
    let admin: Account;
    let user: Account;
    beforeEach(async () => {
      await start();
      ({ admin, user } = await adminAndUser(client));
    });

    it('resets the two factors of a user who lost the device, ending their sessions', async () => {
      const on = await turnOnTwoFactor(user, clock);
      const reset = await admin.client.ok(RESET_TWO_FACTOR, { id: user.user.id });
      expect(reset.resetTwoFactor).toMatchObject({ name: 'viewer', hasTwoFactor: false });
      expect((await user.client.ok(ME)).me).toBeNull();
      expect(await server.db('sessions').where('user_id', await rowIdOf('viewer'))).toEqual([]);
      expect(await server.rows('recovery_codes')).toBe(0);
      expect((await login(user)).errors).toBeUndefined();
      expect((await login(user, on.recoveryCodes[0])).errors).toBeUndefined();
      const lines = server.logs.filter((line) => line.event === 'two-factor sign-in reset');
      expect(lines).toEqual([
        expect.objectContaining({ level: 30, userId: await rowIdOf('viewer'), by: await rowIdOf('admin') }),
      ]);
    });

    it('cannot reset their own (disableTwoFactor is the way), nor may a user reset anyone’s', async () => {
      const own = await admin.client.fails('BAD_USER_INPUT', RESET_TWO_FACTOR, { id: admin.user.id });
      expect(own.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'id', reason: 'OWN_ACCOUNT' });
      await user.client.fails('FORBIDDEN', RESET_TWO_FACTOR, { id: admin.user.id });
      await admin.client.fails('NOT_FOUND', RESET_TWO_FACTOR, { id: Buffer.from('User:999').toString('base64') });
      await admin.client.fails('BAD_USER_INPUT', RESET_TWO_FACTOR, { id: 'garbage' });
    });

    it('reads whether a user has it on; a user reads only their own', async () => {
      await turnOnTwoFactor(user, clock);
      const { users } = await admin.client.ok(`query { users { edges { node { name hasTwoFactor } } } }`);
      expect(users.edges.map((edge: { node: unknown }) => edge.node)).toEqual([
        { name: 'viewer', hasTwoFactor: true },
        { name: 'admin', hasTwoFactor: false },
      ]);
      await user.client.fails('FORBIDDEN', `query { userByName(name: "admin") { hasTwoFactor } }`);
    });
  });

  describe('with REQUIRE_ADMIN_TWO_FACTOR=true', () => {
    let admin: Account;
    let user: Account;
    beforeEach(async () => {
      await start({ REQUIRE_ADMIN_TWO_FACTOR: 'true' });
      ({ admin, user } = await adminAndUser(client));
    });

    it('lets an admin without it read their account, set it up and sign out, and nothing else', async () => {
      expect((await admin.client.ok(`query { me { name balance hasTwoFactor } }`)).me).toEqual({
        name: 'admin',
        balance: 0,
        hasTwoFactor: false,
      });
      for (const [operation, variables] of [
        [USERS, {}],
        [`mutation Credit($id: ID!) { creditUser(id: $id, amount: 5) { balance } }`, { id: user.user.id }],
        [`query { movies { totalCount } }`, {}],
        [SESSIONS, {}],
        [DISABLE_TWO_FACTOR, { password: PASSWORD, code: '123456' }],
      ] as const) {
        const refused = await admin.client.fails('FORBIDDEN', operation, variables);
        expect(refused.extensions, operation).toEqual({ code: 'FORBIDDEN', reason: 'TWO_FACTOR_SETUP_REQUIRED' });
      }
      // Uploads too, before a byte is read: multipart and resumable.
      const multipart = await uploadRequest(admin.client, { bytes: videoBytes(1000) });
      expect(multipart.status).toBe(403);
      expect(multipart.errors?.[0]?.extensions).toEqual({
        code: 'FORBIDDEN',
        reason: 'TWO_FACTOR_SETUP_REQUIRED',
      });
      const resumable = await tusRequest(`${server.url}/uploads`, 'POST', {
        ...tusHeaders(admin.client),
        'upload-length': '1000',
      });
      expect(resumable.status).toBe(403);
      expect(await server.stored()).toEqual([]);

      // A user is not concerned.
      expect((await user.client.ok(`query { movies { totalCount } }`)).movies.totalCount).toBe(0);

      const on = await turnOnTwoFactor(admin, clock);
      expect((await admin.client.ok(USERS)).users.totalCount).toBe(2);
      // Signing in again now takes the code.
      const again = await login(admin, codeAt(on));
      expect(again.errors).toBeUndefined();
      expect((await admin.client.ok(`mutation { logout }`)).logout).toBe(true);
    });

    it('applies to an admin whose two factors another admin reset', async () => {
      await turnOnTwoFactor(admin, clock);
      await admin.client.ok(`mutation { createAdmin(name: "second", password: "${PASSWORD}") { id } }`);
      const second = await client.ok(LOGIN, { name: 'second', password: PASSWORD });
      const secondClient = client.as(second.login.token);
      await secondClient.fails('FORBIDDEN', RESET_TWO_FACTOR, { id: admin.user.id });
      await turnOnTwoFactor({ ...second.login, client: secondClient }, clock);
      await secondClient.ok(RESET_TWO_FACTOR, { id: admin.user.id });
      const back = await login(admin);
      expect(back.errors).toBeUndefined();
      const token = back.data!.login.token;
      await client.as(token).fails('FORBIDDEN', USERS);
      expect((await client.as(token).ok(HAS_TWO_FACTOR)).me.hasTwoFactor).toBe(false);
    });
  });

  describe('the login throttle', () => {
    it('checks no more codes than allowed when a hundred wrong ones arrive at once, nor the right one after', async () => {
      await start({ LOGIN_FAILURES_PER_NAME: '10' });
      const account = await registerAs(client, 'targeted');
      const on = await turnOnTwoFactor(account, clock);
      const stepOf = async () => (await server.db('users').where('name', 'targeted').first()).two_factor_step;
      const step = await stepOf();
      const guesses = await Promise.all(Array.from({ length: 100 }, () => login(account, wrongCode(on))));
      const answers = guesses.map(
        (guess) => guess.errors?.[0]?.extensions?.reason ?? guess.errors?.[0]?.extensions?.code,
      );
      expect(answers.filter((answer) => answer === 'WRONG_CODE')).toHaveLength(10);
      expect(answers.filter((answer) => answer === 'TOO_MANY_REQUESTS')).toHaveLength(90);
      expect(await stepOf()).toBe(step);
      await client.fails('TOO_MANY_REQUESTS', LOGIN_WITH_CODE, {
        name: 'targeted',
        password: PASSWORD,
        code: codeAt(on),
      });
    });

    it('hands the attempt back for a missing code and a right one, never for a wrong one', async () => {
      await start({ LOGIN_FAILURES_PER_NAME: '3' });
      const account = await registerAs(client, 'counted');
      const on = await turnOnTwoFactor(account, clock);
      for (let i = 0; i < 5; i++)
        expect((await login(account)).errors?.[0]?.extensions?.reason).toBe('TWO_FACTOR_REQUIRED');
      expect((await login(account, codeAt(on))).errors).toBeUndefined();
      for (let i = 0; i < 3; i++)
        expect((await login(account, wrongCode(on))).errors?.[0]?.extensions?.reason).toBe('WRONG_CODE');
      clock.advance(30);
      await client.fails('TOO_MANY_REQUESTS', LOGIN_WITH_CODE, {
        name: 'counted',
        password: PASSWORD,
        code: codeAt(on),
      });
    });
  });

  describe('what the log keeps', () => {
    beforeEach(() => start());

    it('one info line for each change, with the request id, and never a code or a secret', async () => {
      const { admin, user } = await adminAndUser(client);
      const events = (event: string) => {
        const lines = server.logs.filter((line) => line.event === event);
        for (const line of lines) expect(line.req, event).toMatchObject({ id: expect.any(String) });
        return lines;
      };
      const [adminId, userId] = [await rowIdOf('admin'), await rowIdOf('viewer')];

      const on = await turnOnTwoFactor(user, clock);
      expect(events('two-factor sign-in on')).toEqual([expect.objectContaining({ level: 30, userId })]);
      const renewed: string[] = (await user.client.ok(CONFIRM_TWO_FACTOR, { code: codeAt(on) })).confirmTwoFactor;
      expect(events('recovery codes renewed')).toEqual([expect.objectContaining({ level: 30, userId })]);
      clock.advance(30);
      expect((await login(user, renewed[0])).errors).toBeUndefined();
      expect(events('recovery code used')).toEqual([expect.objectContaining({ level: 30, userId, left: 9 })]);
      await user.client.ok(DISABLE_TWO_FACTOR, { password: PASSWORD, code: codeAt(on) });
      expect(events('two-factor sign-in off')).toEqual([expect.objectContaining({ level: 30, userId })]);

      const again = await turnOnTwoFactor(user, clock);
      await admin.client.ok(RESET_TWO_FACTOR, { id: user.user.id });
      expect(events('two-factor sign-in reset')).toEqual([expect.objectContaining({ level: 30, userId, by: adminId })]);

      const { createPasswordReset } = await admin.client.ok(CREATE_PASSWORD_RESET, { id: user.user.id });
      expect(events('password reset code made')).toEqual([expect.objectContaining({ level: 30, userId, by: adminId })]);
      await client.ok(RESET_PASSWORD, {
        name: 'viewer',
        code: createPasswordReset.code,
        newPassword: 'another password',
      });
      expect(events('password reset code used')).toEqual([expect.objectContaining({ level: 30, userId })]);

      const everything = JSON.stringify(server.logs);
      const secrets = [
        on.secret,
        again.secret,
        createPasswordReset.code,
        ...on.recoveryCodes,
        ...renewed,
        ...again.recoveryCodes,
      ];
      for (const secret of secrets) expect(everything).not.toContain(secret);
      for (const secret of [on.secret, again.secret]) expect(everything).not.toContain(secret.toLowerCase());
      expect(everything).not.toContain(createPasswordReset.code.replaceAll('-', ''));
      expect(everything).not.toContain('another password');
    });
  });

  /** The row id of the user called `name`. */
  async function rowIdOf(name: string): Promise<number> {
    return (await server.db('users').where('name', name).first()).id;
  }
});

/** The bytes of a base32 text (RFC 4648, no padding), to look for the secret in other forms. */
function base32Bytes(text: string): number[] {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const character of text) bits += alphabet.indexOf(character).toString(2).padStart(5, '0');
  return Array.from({ length: Math.floor(bits.length / 8) }, (_, i) => parseInt(bits.slice(i * 8, i * 8 + 8), 2));
}
