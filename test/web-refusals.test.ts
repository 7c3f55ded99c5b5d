import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerAs, type Account } from './support/accounts.js';
import { chromiumAvailable, launchChromium, messagesOf, screenshot, type Locale } from './support/browser.js';
import { Client } from './support/client.js';
import { startServer, type TestServer } from './support/server.js';

const runs = chromiumAvailable();

describe.skipIf(!runs).each<Locale>(['en', 'zh'])('the web client says what is wrong (%s)', (locale) => {
  const t = messagesOf(locale);
  let server: TestServer;
  let browser: Browser;
  let admin: Account;

  beforeAll(async () => {
    server = await startServer('sqlite');
    admin = await registerAs(new Client(server.url), 'admin');
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  /** A browser in `locale`, signed in as `account` by its session cookie. */
  async function signedIn(account: Account): Promise<BrowserContext> {
    const context = await browser.newContext({ locale: locale === 'en' ? 'en-US' : 'zh-CN' });
    await context.addCookies([{ name: 'session', value: account.token, url: server.url }]);
    return context;
  }

  it('says there is no such video for a link whose id is no video’s', async () => {
    const context = await signedIn(admin);
    const page = await context.newPage();
    // Not an id at all, then an id of the right form that no video has.
    for (const id of ['garbage', 'TW92aWU6OTk5']) {
      await page.goto(`${server.url}/movies/${id}`);
      await expect.poll(() => page.getByRole('alert').textContent(), { message: id }).toBe(t('movie.notFound'));
    }
    await screenshot(page, `${locale}-no-such-video`);
    await context.close();
  });
});
