import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminAndUser, ME, PASSWORD, type Account } from './support/accounts.js';
import { chromiumAvailable, launchChromium, messagesOf, screenshot, type Locale } from './support/browser.js';
import { Client } from './support/client.js';
import { ManualClock } from './support/clock.js';
import { startServer, type TestServer } from './support/server.js';
import { totpAt, wrongTotpAt } from './support/two-factor.js';

const runs = chromiumAvailable();
const NEW_PASSWORD = 'a brand new password';

describe.skipIf(!runs).each<Locale>(['en', 'zh'])('accounts in the web client (%s)', (locale) => {
  const t = messagesOf(locale);
  const clock = new ManualClock();
  let server: TestServer;
  let browser: Browser;
  let user: Account;
  const shot = (page: Page, name: string) => screenshot(page, `${locale}-accounts-${name}`);

  beforeAll(async () => {
    server = await startServer('sqlite', {}, { clock });
    ({ user } = await adminAndUser(new Client(server.url)));
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  /** A new browser profile that records every request that leaves for another origin than the server's. */
  async function newPage(): Promise<{ page: Page; context: BrowserContext; elsewhere: string[] }> {
    const context = await browser.newContext({ locale: locale === 'en' ? 'en-US' : 'zh-CN' });
    const page = await context.newPage();
    const elsewhere: string[] = [];
    page.on('request', (request) => {
      const url = new URL(request.url());
      if (url.origin !== server.url && url.protocol !== 'data:') elsewhere.push(request.url());
    });
    return { page, context, elsewhere };
  }

  async function signIn(page: Page, name: string, password: string): Promise<void> {
    await page.goto(server.url);
    await page.getByLabel(t('signIn.name')).fill(name);
    await page.getByLabel(t('signIn.password')).fill(password);
    await page.getByRole('button', { name: t('signIn.submit'), exact: true }).click();
  }

  const signedIn = (page: Page) => page.getByRole('link', { name: t('nav.account') }).isVisible();

  it('sets two-factor sign-in up with a QR code drawn in the page, ends a session, and signs in with a code', async () => {
    const { page, elsewhere } = await newPage();
    await signIn(page, 'viewer', PASSWORD);
    await expect.poll(() => signedIn(page)).toBe(true);
    await page.getByRole('link', { name: t('nav.account') }).click();

    await page.getByRole('button', { name: t('twoFactor.setUp') }).click();
    const qr = page.getByRole('img', { name: t('twoFactor.qrCode') });
    await expect.poll(() => qr.isVisible()).toBe(true);
    // Drawn: dark modules on the canvas, and no image fetched from anywhere.
    const dark = await qr.evaluate((canvas: HTMLCanvasElement) => {
      const { data } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
      let count = 0;
      for (let i = 0; i < data.length; i += 4) if (data[i + 3]! > 0 && data[i]! < 128) count++;
      return count;
    });
    expect(dark).toBeGreaterThan(1000);
    const secret = (await page.getByTestId('two-factor-secret').textContent())!;
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);

    await page.getByLabel(t('twoFactor.code')).fill(wrongTotpAt(secret, clock.now()));
    await page.getByRole('button', { name: t('twoFactor.confirm') }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toBe(t('error.BAD_USER_INPUT.code'));
    await page.getByLabel(t('twoFactor.code')).fill(totpAt(secret, clock.now()));
    await page.getByRole('button', { name: t('twoFactor.confirm') }).click();
    const codes = page.getByRole('list', { name: t('twoFactor.recoveryCodesList') }).getByRole('listitem');
    await expect.poll(() => codes.count()).toBe(10);
    const recoveryCodes = await codes.allTextContents();
    await shot(page, 'recovery-codes');
    await page.getByRole('button', { name: t('twoFactor.saved') }).click();
    await expect.poll(() => page.getByText(t('twoFactor.on')).isVisible()).toBe(true);
    expect(await page.getByText(recoveryCodes[0]!).count()).toBe(0);

    // The sessions: the browser's (this one) and the one of registration, which ends here.
    const rows = page.getByTestId('session');
    await expect.poll(() => rows.count()).toBe(2);
    const other = rows.filter({ hasNotText: t('sessions.current') });
    await other.getByRole('button', { name: t('sessions.end') }).click();
    await expect.poll(() => rows.count()).toBe(1);
    expect((await user.client.ok(ME)).me).toBeNull();
    await shot(page, 'account');

    await page.getByRole('button', { name: t('nav.signOut', { name: 'viewer' }) }).click();
    clock.advance(30);
    await signIn(page, 'viewer', PASSWORD);
    await expect.poll(() => page.getByRole('alert').textContent()).toBe(t('error.UNAUTHENTICATED.TWO_FACTOR_REQUIRED'));
    await page.getByLabel(t('signIn.code')).fill(wrongTotpAt(secret, clock.now()));
    await page.getByRole('button', { name: t('signIn.submit'), exact: true }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toBe(t('error.UNAUTHENTICATED.WRONG_CODE'));
    await page.getByLabel(t('signIn.code')).fill(totpAt(secret, clock.now()));
    await page.getByRole('button', { name: t('signIn.submit'), exact: true }).click();
    await expect.poll(() => signedIn(page)).toBe(true);
    expect(elsewhere).toEqual([]);
  });

  it('lets an admin make a reset code on the users page, with which the user sets a new password', async () => {
    const admin = await newPage();
    await signIn(admin.page, 'admin', PASSWORD);
    await expect.poll(() => signedIn(admin.page)).toBe(true);
    await admin.page.getByRole('link', { name: t('nav.users') }).click();
    await admin.page.getByLabel(t('admin.findUser')).fill('viewer');
    await admin.page.getByRole('button', { name: 'viewer', exact: true }).click();
    await admin.page.getByRole('button', { name: t('admin.createPasswordReset') }).click();
    const code = (await admin.page.getByTestId('password-reset-code').textContent())!;
    expect(code).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    await shot(admin.page, 'reset-code');

    const { page } = await newPage();
    await page.goto(server.url);
    await page.getByRole('link', { name: t('signIn.forgotPassword') }).click();
    await page.getByLabel(t('signIn.name')).fill('viewer');
    await page.getByLabel(t('resetPassword.code')).fill(code);
    await page.getByLabel(t('password.new')).fill(NEW_PASSWORD);
    await page.getByRole('button', { name: t('resetPassword.submit') }).click();
    // Two-factor sign-in is on since the first test: a reset code does not pass by it.
    await expect.poll(() => page.getByRole('alert').textContent()).toBe(t('error.UNAUTHENTICATED.TWO_FACTOR_REQUIRED'));
    const row = await server.db('users').where('name', 'viewer').first();
    expect(row.two_factor_secret).not.toBeNull();
    await admin.page.getByRole('button', { name: t('admin.resetTwoFactor') }).click();
    await expect.poll(() => admin.page.getByRole('button', { name: t('admin.resetTwoFactor') }).count()).toBe(0);
    await page.getByRole('button', { name: t('resetPassword.submit') }).click();
    await expect.poll(() => signedIn(page)).toBe(true);
    expect(new URL(page.url()).pathname).toBe('/');
    const login = await new Client(server.url).request(
      `mutation { login(name: "viewer", password: "${NEW_PASSWORD}") { token } }`,
    );
    expect(login.errors).toBeUndefined();
  });
});
