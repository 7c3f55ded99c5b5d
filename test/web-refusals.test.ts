import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_CREDIT } from '../domain/commerce/credit-amounts.js';
import { CREDIT_USER, registerAs, USER_BY_NAME, type Account } from './support/accounts.js';
import {
  chromiumAvailable,
  headerLink,
  launchChromium,
  messagesOf,
  screenshot,
  type Locale,
} from './support/browser.js';
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

  it('says what is wrong with a coin amount the server would refuse, and changes nothing', async () => {
    const payee = await registerAs(new Client(server.url), 'payee');
    await admin.client.ok(CREDIT_USER, { id: payee.user.id, amount: 3 });
    const context = await signedIn(admin);
    const page = await context.newPage();
    await page.goto(server.url);
    await (await headerLink(page, t('nav.users'))).click();
    await page.getByLabel(t('admin.findUser')).fill('payee');
    await page.getByRole('button', { name: 'payee', exact: true }).click();
    const summary = page.getByTestId('user-summary');
    const balanceIs = (balance: number) =>
      expect
        .poll(() => summary.textContent())
        .toBe(t('admin.userSummary', { role: 'USER', vip: 'false', locked: 'false', balance }));
    await balanceIs(3);
    const amount = page.getByLabel(t('admin.coins'), { exact: true });
    const alert = page.getByRole('alert');

    // Not a whole number from -1000000 to 1000000 other than 0: said at once, nothing sent.
    const notAnAmount = t('admin.amountInvalid', { min: -MAX_CREDIT, max: MAX_CREDIT });
    for (const typed of ['0', '2.5', '', String(MAX_CREDIT + 1)]) {
      await amount.fill(typed);
      await page.getByRole('button', { name: t('admin.credit') }).click();
      await expect.poll(() => alert.textContent(), { message: typed }).toBe(notAnAmount);
    }
    // A debit below 0: the server's refusal, with the balance there is.
    await amount.fill('-5');
    await page.getByRole('button', { name: t('admin.credit') }).click();
    await expect.poll(() => alert.textContent()).toBe(t('error.INSUFFICIENT_FUNDS.amount', { balance: 3 }));
    await screenshot(page, `${locale}-debit-below-zero`);
    expect((await admin.client.ok(USER_BY_NAME, { name: 'payee' })).userByName.balance).toBe(3);
    expect(await server.rows('coin_entries')).toBe(1);

    // An amount the server takes goes through, and the message goes.
    await amount.fill('-3');
    await page.getByRole('button', { name: t('admin.credit') }).click();
    await balanceIs(0);
    expect(await alert.count()).toBe(0);
    await context.close();
  });

  it('says in words, with a way back, when a page cannot show what the server answered', async () => {
    const context = await signedIn(admin);
    const page = await context.newPage();
    // The list of videos answered without its edges: the page fails as it renders them.
    await page.route('**/graphql', async (route) => {
      const operation = (route.request().postDataJSON() as { operationName?: string } | null)?.operationName;
      if (operation !== 'Movies') return route.fallback();
      const movies = { totalCount: 1, pageInfo: { hasNextPage: false, endCursor: null }, edges: null };
      return route.fulfill({ json: { data: { movies } } });
    });
    await page.goto(server.url);
    const failed = page.getByRole('alert').filter({ hasText: t('error.render') });
    await failed.waitFor();
    expect(await page.getByRole('link', { name: t('error.home') }).getAttribute('href')).toBe('/');
    await screenshot(page, `${locale}-page-failed`);

    // The header stays: another page shows, and going back to the list fails again.
    await (await headerLink(page, t('nav.notices'))).click();
    await page.getByRole('heading', { level: 1, name: t('notices.title'), exact: true }).waitFor();
    expect(await failed.count()).toBe(0);
    await (await headerLink(page, t('nav.browse'))).click();
    await failed.waitFor();

    // Once the answers are whole again, reloading shows the list.
    await page.unroute('**/graphql');
    await page.getByRole('button', { name: t('error.reload') }).click();
    await page.getByRole('heading', { level: 1, name: t('browse.title'), exact: true }).waitFor();
    expect(await failed.count()).toBe(0);
    await context.close();
  });
});
