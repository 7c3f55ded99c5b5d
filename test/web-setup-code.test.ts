import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD } from './support/accounts.js';
import { chromiumAvailable, launchChromium, messagesOf, screenshot } from './support/browser.js';
import { startServer, type TestServer } from './support/server.js';

const runs = chromiumAvailable();

describe.skipIf(!runs)('the web client on a server with no admin yet, reachable beyond loopback', () => {
  const t = messagesOf('en');
  let server: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    server = await startServer('sqlite', { HOST: '0.0.0.0' });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('asks for the setup code once the server wants it, says when it is wrong, and signs the admin in with it', async () => {
    expect(server.firstAdmin.state).toBe('code');
    const code = (server.firstAdmin as { code: string }).code;
    const page = await (await browser.newContext({ locale: 'en-US' })).newPage();
    await page.goto(server.url);
    await page.getByRole('button', { name: t('signIn.toRegister') }).click();
    await page.getByLabel(t('signIn.name')).fill('owner');
    await page.getByLabel(t('signIn.password')).fill(PASSWORD);
    // No field for a code until the server says the first account needs one.
    await expect.poll(() => page.getByLabel(t('register.setupCode')).count()).toBe(0);
    await page.getByRole('button', { name: t('register.submit') }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toBe(t('error.FORBIDDEN.setupCode'));

    await page.getByLabel(t('register.setupCode')).fill('AAAA-BBBB-CCCC');
    await page.getByRole('button', { name: t('register.submit') }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toBe(t('error.BAD_USER_INPUT.setupCode'));
    await screenshot(page, 'en-setup-code');
    expect(await server.rows('users')).toBe(0);

    await page.getByLabel(t('register.setupCode')).fill(code.toLowerCase());
    await page.getByRole('button', { name: t('register.submit') }).click();
    await expect.poll(() => page.getByRole('link', { name: t('nav.account') }).isVisible()).toBe(true);
    const [admin] = await server.db('users').select('name', 'role');
    expect(admin).toEqual({ name: 'owner', role: 'ADMIN' });
  });
});
