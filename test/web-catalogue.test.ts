import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CREDIT_USER, registerAs, type Account } from './support/accounts.js';
import {
  chromiumAvailable,
  expectOneDateFormat,
  headerLink,
  launchChromium,
  messagesOf,
  screenshot,
  type Locale,
} from './support/browser.js';
import { Client } from './support/client.js';
import { eventually, probedMovie } from './support/media.js';
import { download } from './support/downloads.js';
import { MOVIE_FIELDS, uploadVideo, videoBytes, type MovieShape } from './support/movies.js';
import { startServer, type TestServer } from './support/server.js';

const VIDEOS = 15;
/** One more than a page of the lists below. */
const PAGE = 20;
const MOVIE_TEXT = `query Movie($id: ID!) { movie(id: $id) { ${MOVIE_FIELDS} description } }`;
/** A real 4-second 160x90 H.264/AAC MP4 (test/web-journeys.test.ts says how it was made). */
const CLIP = join(import.meta.dirname, 'fixtures/clip.mp4');
const UPDATE_MOVIE = `mutation Update($id: ID!, $description: String) { updateMovie(id: $id, description: $description) { id } }`;
const RELEASE_NOTICE = `mutation Release($title: String!, $content: String!) { releaseNotice(title: $title, content: $content) { id } }`;
/** Every third video is paid. */
const nameOf = (i: number) => `Video ${String(i).padStart(2, '0')}`;

describe.skipIf(!chromiumAvailable()).each<Locale>(['en', 'zh'])('the catalogue in Chromium (%s)', (locale) => {
  const t = messagesOf(locale);
  let server: TestServer;
  let browser: Browser;
  let admin: Account;
  let reader: Account;
  let free: MovieShape;
  let paid: MovieShape;

  beforeAll(async () => {
    server = await startServer('sqlite', { DOWNLOAD_WAIT_SECONDS: '0' });
    admin = await registerAs(new Client(server.url), 'admin');
    for (let i = 1; i <= VIDEOS; i++) {
      const movie = await uploadVideo(admin, {
        bytes: videoBytes(1000 + i, 300 + i),
        name: nameOf(i),
        isFree: i % 3 !== 0,
      });
      if (i === 1) free = movie;
      if (i === 3) paid = movie;
    }
    // Every video settled (its probe found no picture): a card that stops saying "processing" while a
    // page is away would change the page's height, and with it where Back can scroll to.
    await eventually(
      () => server.rows('jobs'),
      (count) => count === 0,
    );
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const devices = (which: Locale) => ({ locale: which === 'en' ? 'en-US' : 'zh-CN' });

  /** A signed-in browser (the admin's unless told): a desktop in English, a phone in Chinese; short, so that lists scroll. */
  async function signedIn(account = admin): Promise<BrowserContext> {
    const context = await browser.newContext(
      locale === 'en'
        ? { locale: 'en-US', viewport: { width: 1280, height: 600 } }
        : { locale: 'zh-CN', viewport: { width: 390, height: 844 } },
    );
    await context.addCookies([{ name: 'session', value: account.token, url: server.url }]);
    return context;
  }

  const cardNames = (page: Page) => page.locator('.cards > li h3').allTextContents();
  const query = (page: Page) => new URL(page.url()).searchParams;

  it('keeps the list in the address: pages, Back and Forward with their scroll, sorts, search, a shared link', async () => {
    const context = await signedIn();
    const page = await context.newPage();

    // A link to a sort opens it.
    await page.goto(`${server.url}/?sort=name`);
    await expect.poll(() => cardNames(page)).toEqual(Array.from({ length: 12 }, (_, i) => nameOf(i + 1)));
    expect(await page.getByLabel(t('browse.sort')).inputValue()).toBe('NAME');
    expect(await page.getByRole('link', { name: t('browse.previous') }).count()).toBe(0);

    // The next page is an address of its own; Back and Forward go between the pages.
    await page.getByRole('link', { name: t('browse.next') }).click();
    await expect.poll(() => cardNames(page)).toEqual([nameOf(13), nameOf(14), nameOf(15)]);
    expect(query(page).get('after')).toBeTruthy();
    expect(query(page).get('sort')).toBe('name');
    await page.goBack();
    await expect.poll(() => cardNames(page)).toEqual(Array.from({ length: 12 }, (_, i) => nameOf(i + 1)));
    await page.goForward();
    await expect.poll(() => cardNames(page)).toEqual([nameOf(13), nameOf(14), nameOf(15)]);
    // Previous walks back over the same keyset.
    await page.getByRole('link', { name: t('browse.previous') }).click();
    await expect.poll(() => cardNames(page)).toEqual(Array.from({ length: 12 }, (_, i) => nameOf(i + 1)));

    // Back from a video comes to the same page of the list, scrolled where it was.
    const last = page.getByRole('link', { name: nameOf(12), exact: true });
    await last.scrollIntoViewIfNeeded();
    const scrolled = await page.evaluate(() => window.scrollY);
    expect(scrolled).toBeGreaterThan(0);
    await last.click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe(nameOf(12));
    await expect.poll(() => page.evaluate(() => window.scrollY)).toBe(0);
    await page.goBack();
    await expect.poll(() => cardNames(page)).toContain(nameOf(12));
    await expect.poll(() => page.evaluate(() => window.scrollY)).toBe(scrolled);
    await page.goForward();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe(nameOf(12));
    await page.goBack();

    // A search and a sort go into the address; the search rewrites the entry rather than adding one per letter.
    await page.getByPlaceholder(t('browse.search')).fill('video 1');
    await expect.poll(() => query(page).get('search')).toBe('video 1');
    await expect.poll(() => page.getByRole('status').first().textContent()).toBe(t('browse.count', { count: 6 }));
    await page.getByLabel(t('browse.sort')).selectOption('OLDEST');
    await expect.poll(() => query(page).get('sort')).toBe('oldest');
    await expect.poll(() => cardNames(page)).toEqual([10, 11, 12, 13, 14, 15].map(nameOf));
    await screenshot(page, `${locale}-catalogue-search`);
    await page.goBack();
    await expect.poll(() => query(page).get('sort')).toBe('name');
    expect(await page.getByPlaceholder(t('browse.search')).inputValue()).toBe('video 1');
    await page.goForward();
    await expect.poll(() => cardNames(page)).toEqual([10, 11, 12, 13, 14, 15].map(nameOf));

    // The same address in another browser opens the same list.
    const shared = page.url();
    const other = await (await signedIn()).newPage();
    await other.goto(shared);
    await expect.poll(() => cardNames(other)).toEqual([10, 11, 12, 13, 14, 15].map(nameOf));
    expect(await other.getByPlaceholder(t('browse.search')).inputValue()).toBe('video 1');
    expect(await other.getByLabel(t('browse.sort')).inputValue()).toBe('OLDEST');
    await other.context().close();

    // The type is in the address too; a new type starts from the first page.
    await page.getByRole('button', { name: t('browse.paid'), exact: true }).click();
    await expect.poll(() => query(page).get('type')).toBe('paid');
    await expect.poll(() => cardNames(page)).toEqual([12, 15].map(nameOf));
    await page.goBack();
    await expect.poll(() => cardNames(page)).toEqual([10, 11, 12, 13, 14, 15].map(nameOf));
    expect(await page.getByRole('button', { name: t('browse.all'), exact: true }).getAttribute('aria-pressed')).toBe(
      'true',
    );
    await context.close();
  });

  it('goes on past the first page: notices, users, coin entries and download histories offer more', async () => {
    const api = new Client(server.url);
    reader = await registerAs(api, 'reader');
    for (let i = 1; i <= PAGE + 5; i++) {
      await admin.client.ok(RELEASE_NOTICE, { title: `Notice ${i}`, content: 'Text' });
      await admin.client.ok(CREDIT_USER, { id: reader.user.id, amount: 1 });
    }
    for (let i = 1; i <= PAGE + 1; i++) await download(reader.client, free.id);
    for (let i = 1; i <= PAGE; i++) await registerAs(api, `user-${String(i).padStart(2, '0')}`);
    const more = (page: Page) => page.getByRole('button', { name: t('list.more') });

    const context = await signedIn();
    const page = await context.newPage();
    await page.goto(`${server.url}/notices`);
    const notices = page.locator('article.notice-item');
    await expect.poll(() => notices.count()).toBe(PAGE);
    await more(page).click();
    await expect.poll(() => notices.count()).toBe(PAGE + 5);
    expect(await notices.first().locator('h2').textContent()).toBe(`Notice ${PAGE + 5}`);
    expect(await notices.last().locator('h2').textContent()).toBe('Notice 1');
    expect(await more(page).count()).toBe(0);
    await expectOneDateFormat(page);

    // Every account is listed, newest first, a page at a time; a search keeps those whose name holds it.
    await page.goto(`${server.url}/admin/users`);
    const users = page.getByTestId('user-list').locator('li button.link');
    await expect.poll(() => users.count()).toBe(PAGE);
    await more(page).click();
    await expect.poll(() => users.count()).toBe(PAGE + 2);
    expect(await users.last().textContent()).toBe('admin');
    await page.getByLabel(t('admin.findUser')).fill('USER-1');
    await expect
      .poll(() => users.allTextContents())
      .toEqual(
        [20, 19, 18, 17, 16, 15, 14, 13, 12, 11, 10].map((i) => `user-${i}`).filter((name) => name.includes('user-1')),
      );
    await page.getByLabel(t('admin.findUser')).fill('nobody');
    await expect.poll(() => page.getByText(t('admin.noMatch', { search: 'nobody' })).isVisible()).toBe(true);
    // An admin reads a user's whole ledger.
    await page.getByLabel(t('admin.findUser')).fill('reader');
    await page.getByRole('button', { name: 'reader', exact: true }).click();
    const ledger = page.locator('section[aria-labelledby=user-coins] tbody tr');
    await expect.poll(() => ledger.count()).toBe(PAGE + 1);
    await more(page).click();
    await expect.poll(() => ledger.count()).toBe(PAGE + 5);
    await screenshot(page, `${locale}-users-list`);
    await context.close();

    // The reader's own coin entries and downloads.
    const own = await (await signedIn(reader)).newPage();
    await own.goto(`${server.url}/account`);
    const coins = own.getByTestId('coin-history').locator('tbody tr');
    await expect.poll(() => coins.count()).toBe(PAGE + 1);
    await own
      .getByTestId('coin-history')
      .getByRole('button', { name: t('list.more') })
      .click();
    await expect.poll(() => coins.count()).toBe(PAGE + 5);
    const downloads = own.getByTestId('download-history').locator('li');
    await expect.poll(() => downloads.count()).toBe(PAGE);
    await own
      .getByTestId('download-history')
      .getByRole('button', { name: t('list.more') })
      .click();
    await expect.poll(() => downloads.count()).toBe(PAGE + 1);
    expect(await more(own).count()).toBe(0);
    await expectOneDateFormat(own);
    await own.context().close();
  });

  it('lets an admin keep the catalogue: paid badges, edits, a description at upload, storage use', async () => {
    const context = await signedIn();
    const page = await context.newPage();
    // An admin pays nothing, and still tells paid from free on every card.
    await page.goto(`${server.url}/?sort=name`);
    const badge = (name: string) => page.locator('.cards > li', { hasText: name }).getByTestId('price-badge');
    await expect.poll(() => badge(nameOf(3)).textContent()).toBe(t('price.paid'));
    expect(await badge(nameOf(1)).textContent()).toBe(t('price.free'));

    // Name, description and price type change on the video's page.
    await page.getByRole('link', { name: nameOf(3), exact: true }).click();
    await expect.poll(() => page.getByTestId('price-badge').first().textContent()).toBe(t('price.paid'));
    await page.getByRole('button', { name: t('edit.open'), exact: true }).click();
    const form = page.getByRole('form', { name: t('edit.title') });
    await form.getByLabel(t('upload.name')).fill('Renamed');
    await form.getByLabel(t('upload.description')).fill('Line one\nLine two');
    await form.getByLabel(t('upload.priceType.free')).check();
    await screenshot(page, `${locale}-edit-video`);
    await form.getByRole('button', { name: t('edit.save') }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Renamed');
    await expect.poll(() => page.getByTestId('price-badge').first().textContent()).toBe(t('price.free'));
    expect(await page.locator('.description').innerText()).toBe('Line one\nLine two');
    const { movie } = await admin.client.ok<{ movie: MovieShape & { description: string } }>(MOVIE_TEXT, {
      id: paid.id,
    });
    expect(movie).toMatchObject({ name: 'Renamed', isFree: true, description: 'Line one\nLine two' });

    // A description written at upload goes with the video; storage use is on the admin pages.
    await (await headerLink(page, t('nav.upload'))).click();
    await page.locator('[data-testid=dropzone] input[type=file]').setInputFiles({
      name: 'described.mp4',
      mimeType: 'video/mp4',
      buffer: videoBytes(5000, 77),
    });
    await expect.poll(() => page.getByText(t('upload.status.ready')).isVisible()).toBe(true);
    await page.getByLabel(t('upload.description')).fill('Said at upload');
    await page.getByRole('button', { name: t('upload.send'), exact: true }).click();
    await expect.poll(() => page.getByText(t('upload.status.done')).isVisible()).toBe(true);
    const usage = page.getByTestId('storage-usage');
    await expect.poll(() => usage.locator('dd').count()).toBe(5);
    expect(await usage.getByText(t('storage.originals')).isVisible()).toBe(true);
    await page.goto(`${server.url}/?search=described`);
    await page.getByRole('link', { name: 'described', exact: true }).click();
    await expect.poll(() => page.locator('.description').textContent()).toBe('Said at upload');
    await (await headerLink(page, t('nav.users'))).click();
    await expect.poll(() => page.getByTestId('storage-usage').locator('dd').count()).toBe(5);
    await context.close();
  });

  it('reads like a video site at every width and in both themes, with a phone menu and a loading shell', async () => {
    /** How light the page's background is, from 0 (black) to 255 (white). */
    const lightness = (page: Page) =>
      page.evaluate(() => {
        const [r, g, b] = getComputedStyle(document.documentElement).backgroundColor.match(/\d+/g)!.map(Number);
        return (r! + g! + b!) / 3;
      });

    // A phone in the dark: one row of header, the links behind a menu, one column of posters.
    const phone = await browser.newContext({
      ...devices(locale),
      viewport: { width: 390, height: 844 },
      colorScheme: 'dark',
    });
    await phone.addCookies([{ name: 'session', value: admin.token, url: server.url }]);
    const page = await phone.newPage();
    await page.goto(server.url);
    await page.locator('.cards > li').first().waitFor();
    expect((await page.locator('header.top').boundingBox())!.height).toBeLessThan(70);
    expect(await page.getByRole('link', { name: t('nav.users'), exact: true }).isVisible()).toBe(false);
    const posters = await page
      .locator('.cards > li')
      .evaluateAll((cards) => cards.slice(0, 2).map((card) => card.getBoundingClientRect().x));
    expect(posters[0]).toBe(posters[1]);
    expect(await lightness(page)).toBeLessThan(60);
    await screenshot(page, `${locale}-phone-dark`);
    const menu = page.getByRole('button', { name: t('nav.menu') });
    await menu.click();
    expect(await menu.getAttribute('aria-expanded')).toBe('true');
    await screenshot(page, `${locale}-phone-menu`);
    await (await headerLink(page, t('nav.users'))).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe(t('admin.users'));
    expect(await menu.getAttribute('aria-expanded')).toBe('false');

    // The switch wins over the system, and is kept.
    await menu.click();
    await page.getByLabel(t('nav.theme')).selectOption('light');
    await expect.poll(() => lightness(page)).toBeGreaterThan(200);
    await page.reload();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe(t('admin.users'));
    expect(await lightness(page)).toBeGreaterThan(200);
    await phone.close();

    // A desktop: the links in the header, several posters a row.
    const desktop = await signedIn();
    const wide = await desktop.newPage();
    await wide.setViewportSize({ width: 1280, height: 800 });
    await wide.goto(server.url);
    await wide.locator('.cards > li').first().waitFor();
    expect(await wide.getByRole('button', { name: t('nav.menu') }).isVisible()).toBe(false);
    expect(await wide.getByRole('link', { name: t('nav.users'), exact: true }).isVisible()).toBe(true);
    const rows = await wide
      .locator('.cards > li')
      .evaluateAll((cards) => cards.map((card) => card.getBoundingClientRect().y));
    expect(rows.filter((y) => y === rows[0]).length).toBeGreaterThanOrEqual(4);
    await screenshot(wide, `${locale}-desktop-light`);

    // Before the script has run, the page shows its shell, from this server alone.
    const html = await (await fetch(server.url, { headers: { accept: 'text/html' } })).text();
    expect(html).toContain('data-testid="shell"');
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
    await wide.route('**/assets/*.js', (route) => route.abort());
    await wide.goto(server.url);
    expect(await wide.getByTestId('shell').isVisible()).toBe(true);
    await screenshot(wide, `${locale}-loading-shell`);
    await desktop.close();
  });

  it("shows a video's page before it plays: poster, running time, resolution, date, price and wait, description, more videos", async () => {
    const clip = await uploadVideo(admin, { bytes: await readFile(CLIP), name: 'Clip', filename: 'clip.mp4' });
    await probedMovie(admin.client, clip.id, true);
    await admin.client.ok(UPDATE_MOVIE, { id: clip.id, description: 'A short test picture.' });
    const context = await signedIn(reader);
    const page = await context.newPage();
    await page.goto(`${server.url}/movies/${encodeURIComponent(clip.id)}`);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Clip');
    const poster = page.getByRole('img', { name: t('movie.posterAlt', { name: 'Clip' }) }).first();
    await expect
      .poll(() => poster.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0))
      .toBe(true);
    const fact = (id: string) => page.locator('.facts div', { hasText: t(id) }).locator('dd');
    expect(await fact('movie.duration').textContent()).toBe('0:04');
    expect(await fact('movie.resolution').textContent()).toBe(t('movie.resolutionValue', { width: 160, height: 90 }));
    expect(await fact('movie.uploaded').textContent()).toBeTruthy();
    expect(await page.getByTestId('price-badge').first().textContent()).toBe(t('price.free'));
    expect(await page.getByText(t('movie.wait', { seconds: 0 })).isVisible()).toBe(true);
    expect(await page.locator('main .description').textContent()).toBe('A short test picture.');
    // Other videos below, never the one on the page; one of them opens its own page.
    const more = page.getByRole('region', { name: t('movie.more') });
    await expect.poll(() => more.locator('.cards > li').count()).toBe(8);
    expect(await more.getByRole('link', { name: 'Clip', exact: true }).count()).toBe(0);
    await screenshot(page, `${locale}-watch-page`);
    await more.getByRole('link', { name: 'described', exact: true }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('described');
    await context.close();
  });
});

describe.skipIf(!chromiumAvailable()).each<Locale>(['en', 'zh'])('the first run in Chromium (%s)', (locale) => {
  const t = messagesOf(locale);
  let server: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    server = await startServer('sqlite');
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function register(name: string): Promise<Page> {
    const context = await browser.newContext({ locale: locale === 'en' ? 'en-US' : 'zh-CN' });
    const page = await context.newPage();
    await page.goto(server.url);
    await page.getByRole('button', { name: t('signIn.toRegister') }).click();
    await page.getByLabel(t('signIn.name')).fill(name);
    await page.getByLabel(t('signIn.password')).fill('correct horse battery');
    return page;
  }

  it('tells the first person that they become the admin, and lands them on a checklist', async () => {
    const first = await register('founder');
    await expect.poll(() => first.getByTestId('first-admin').textContent()).toBe(t('register.firstAdmin'));
    await screenshot(first, `${locale}-first-run`);
    await first.getByRole('button', { name: t('register.submit') }).click();
    await expect.poll(() => first.getByRole('heading', { level: 1 }).textContent()).toBe(t('start.title'));
    expect(new URL(first.url()).pathname).toBe('/admin/start');
    for (const step of ['start.upload', 'start.coins', 'start.notice'])
      expect(
        await first
          .getByRole('main')
          .getByRole('link', { name: t(step) })
          .isVisible(),
      ).toBe(true);
    await screenshot(first, `${locale}-first-admin-checklist`);
    await first
      .getByRole('main')
      .getByRole('link', { name: t('start.upload') })
      .click();
    await expect.poll(() => first.getByRole('heading', { level: 1 }).textContent()).toBe(t('upload.title'));

    // Once there is an admin, nobody else is told so, and a new user lands on the videos.
    const second = await register('viewer');
    await second.getByRole('button', { name: t('register.submit') }).click();
    await expect.poll(() => second.getByRole('heading', { level: 1 }).textContent()).toBe(t('browse.title'));
    await second.goto(server.url);
    await second.getByRole('button', { name: t('nav.signOut', { name: 'viewer' }) }).click();
    await second.getByRole('heading', { name: t('signIn.title') }).waitFor();
    expect(await second.getByTestId('first-admin').count()).toBe(0);
    await first.context().close();
    await second.context().close();
  });
});
