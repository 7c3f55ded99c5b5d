import { afterEach, describe, expect, it } from 'vitest';
import { adminAndUser, LOCK_USER, LOGIN, ME, PASSWORD, type Account } from './support/accounts.js';
import { Client, cookieClient, setCookieOf } from './support/client.js';
import { ManualClock } from './support/clock.js';
import { databases } from './support/databases.js';
import { startServer, type TestServer } from './support/server.js';
import {
  CREATE_PASSWORD_RESET,
  RESET_PASSWORD,
  totpAt,
  turnOnTwoFactor,
  wrongTotpAt,
  LOGIN_WITH_CODE,
} from './support/two-factor.js';

const NEW_PASSWORD = 'a brand new password';

describe.each(databases)('password resets on %s', (kind) => {
  let server: TestServer;
  let client: Client;
  let clock: ManualClock;
  let admin: Account;
  let user: Account;

  async function start(env: Record<string, string> = {}): Promise<void> {
    clock = new ManualClock();
    server = await startServer(kind, env, { clock });
    client = new Client(server.url);
    ({ admin, user } = await adminAndUser(client));
  }
  afterEach(() => server.close());

  async function resetCode(account = user): Promise<{ code: string; expiresAt: string }> {
    return (await admin.client.ok(CREATE_PASSWORD_RESET, { id: account.user.id })).createPasswordReset;
  }

  const reset = (code: string, variables: Record<string, unknown> = {}) =>
    client.request(RESET_PASSWORD, { name: 'viewer', code, newPassword: NEW_PASSWORD, ...variables });

  /** Whether `password` is the viewer's password now. */
  async function passwordWorks(password: string): Promise<boolean> {
    return !(await client.request(LOGIN, { name: 'viewer', password })).errors;
  }

  it('sets the new password with the code, ends every session of the user, and signs in', async () => {
    await start({ PASSWORD_RESET_TTL_SECONDS: '600' });
    const browser = cookieClient(
      server.url,
      (await client.ok(LOGIN, { name: 'viewer', password: PASSWORD })).login.token,
    );
    const { code, expiresAt } = await resetCode();
    expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
    expect(new Date(expiresAt).getTime()).toBe(clock.now().getTime() + 600_000);
    // Only its SHA-256 is kept.
    expect(JSON.stringify(await server.db('password_resets').select())).not.toContain(code.replaceAll('-', ''));

    // Typed as a person would: any case, without the dashes.
    const answer = await reset(code.toLowerCase().replaceAll('-', ''));
    expect(answer.errors).toBeUndefined();
    const { token, user: signedIn } = (answer.data as any).resetPassword;
    expect(signedIn.name).toBe('viewer');
    expect(setCookieOf(answer.headers)?.value).toBe(token);
    expect((await client.as(token).ok(ME)).me.name).toBe('viewer');
    expect((await user.client.ok(ME)).me).toBeNull();
    expect((await browser.ok(ME)).me).toBeNull();
    expect((await admin.client.ok(ME)).me.name).toBe('admin');
    expect(await passwordWorks(PASSWORD)).toBe(false);
    expect(await passwordWorks(NEW_PASSWORD)).toBe(true);

    // Used: refused, and the password stays.
    const again = await client.fails('BAD_USER_INPUT', RESET_PASSWORD, {
      name: 'viewer',
      code,
      newPassword: 'yet another password',
    });
    expect(again.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'code' });
    expect(await passwordWorks(NEW_PASSWORD)).toBe(true);
  });

  it('refuses a wrong code, a code of another user, an unknown name and an expired code, changing nothing', async () => {
    await start({ PASSWORD_RESET_TTL_SECONDS: '600' });
    const { code } = await resetCode();
    const other = (await admin.client.ok(`mutation { createAdmin(name: "other", password: "${PASSWORD}") { id } }`))
      .createAdmin;
    const otherCode = (await admin.client.ok(CREATE_PASSWORD_RESET, { id: other.id })).createPasswordReset.code;
    for (const [what, variables] of [
      ['a wrong code', { code: 'AAAA-BBBB-CCCC' }],
      ['a code of another shape', { code: '' }],
      ["another user's code", { code: otherCode }],
      ['an unknown name', { name: 'nobody', code }],
    ] as const) {
      const refused = await reset(code, variables);
      expect(refused.errors?.[0]?.extensions, what).toEqual({ code: 'BAD_USER_INPUT', field: 'code' });
    }
    expect(await passwordWorks(PASSWORD)).toBe(true);
    expect((await user.client.ok(ME)).me.name).toBe('viewer');

    clock.advance(600);
    expect((await reset(code)).errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'code' });
    expect(await passwordWorks(PASSWORD)).toBe(true);
  });

  it('replaces the last code with a new one', async () => {
    await start();
    const first = await resetCode();
    const second = await resetCode();
    expect((await reset(first.code)).errors?.[0]?.extensions?.field).toBe('code');
    expect((await reset(second.code)).errors).toBeUndefined();
  });

  it('counts wrong codes as failed logins, before looking them up', async () => {
    await start({ LOGIN_FAILURES_PER_NAME: '3' });
    const { code } = await resetCode();
    for (let i = 0; i < 3; i++)
      await client.fails('BAD_USER_INPUT', RESET_PASSWORD, {
        name: 'viewer',
        code: `WRONG-${i}`,
        newPassword: NEW_PASSWORD,
      });
    await client.fails('TOO_MANY_REQUESTS', RESET_PASSWORD, { name: 'viewer', code, newPassword: NEW_PASSWORD });
    expect(await server.rows('password_resets')).toBe(1);
  });

  it('checks the new password first, keeping the code', async () => {
    await start();
    const { code } = await resetCode();
    const short = await client.fails('BAD_USER_INPUT', RESET_PASSWORD, { name: 'viewer', code, newPassword: 'short' });
    expect(short.extensions?.field).toBe('newPassword');
    expect((await reset(code)).errors).toBeUndefined();
  });

  it('refuses a locked account as login does, and keeps its code for after the unlock', async () => {
    await start();
    const { code } = await resetCode();
    await admin.client.ok(LOCK_USER, { id: user.user.id, locked: true });
    await client.fails('ACCOUNT_LOCKED', RESET_PASSWORD, { name: 'viewer', code, newPassword: NEW_PASSWORD });
    expect(await server.rows('password_resets')).toBe(1);
    await admin.client.ok(LOCK_USER, { id: user.user.id, locked: false });
    expect((await reset(code)).errors).toBeUndefined();
  });

  it('does not pass by two-factor sign-in: the code of the app is asked for too', async () => {
    await start();
    const on = await turnOnTwoFactor(user, clock);
    const { code } = await resetCode();
    const missing = await reset(code);
    expect(missing.errors?.[0]?.extensions).toEqual({ code: 'UNAUTHENTICATED', reason: 'TWO_FACTOR_REQUIRED' });
    const wrong = await reset(code, { twoFactorCode: wrongTotpAt(on.secret, clock.now()) });
    expect(wrong.errors?.[0]?.extensions).toEqual({ code: 'UNAUTHENTICATED', reason: 'WRONG_CODE' });
    expect(await passwordWorks(PASSWORD)).toBe(false);
    expect((await user.client.ok(ME)).me.name).toBe('viewer');

    expect((await reset(code, { twoFactorCode: totpAt(on.secret, clock.now()) })).errors).toBeUndefined();
    // Still on afterwards.
    const login = await client.request(LOGIN_WITH_CODE, { name: 'viewer', password: NEW_PASSWORD });
    expect(login.errors?.[0]?.extensions?.reason).toBe('TWO_FACTOR_REQUIRED');
  });

  it('is for admins, and not for their own account', async () => {
    await start();
    const own = await admin.client.fails('BAD_USER_INPUT', CREATE_PASSWORD_RESET, { id: admin.user.id });
    expect(own.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'id', reason: 'OWN_ACCOUNT' });
    await user.client.fails('FORBIDDEN', CREATE_PASSWORD_RESET, { id: admin.user.id });
    await client.fails('UNAUTHENTICATED', CREATE_PASSWORD_RESET, { id: 'garbage' });
    await admin.client.fails('NOT_FOUND', CREATE_PASSWORD_RESET, { id: Buffer.from('User:999').toString('base64') });
    expect(await server.rows('password_resets')).toBe(0);
  });
});
