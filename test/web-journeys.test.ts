import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, BrowserContext, CDPSession, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { metadataOf } from '../domain/catalogue/upload-metadata.js';
import { CREDIT_USER, LOCK_USER, LOGIN, PASSWORD, registerAs, USER_BY_NAME, type Account } from './support/accounts.js';
import { Client } from './support/client.js';
import { probedMovie } from './support/media.js';
import { CHECK_MOVIE, fingerprintOfBytes, uploadVideo, videoBytes, type MovieShape } from './support/movies.js';
import {
  chromiumAvailable,
  headerLink,
  launchChromium,
  openMenu,
  messagesOf,
  screenshot,
  type Locale,
} from './support/browser.js';
import { RESUMABLE_UPLOADS, tusUpload, type ResumableUploadShape } from './support/resumable.js';
import { startServer, type TestServer } from './support/server.js';

// A real 4-second H.264/AAC MP4 of 25 KB, made once with:
// ffmpeg -f lavfi -i testsrc=size=160x90:rate=15 -f lavfi -i sine=frequency=440:sample_rate=22050 -t 4
//   -c:v libx264 -profile:v baseline -pix_fmt yuv420p -crf 35 -c:a aac -b:a 32k -movflags +faststart clip.mp4
const CLIP = join(import.meta.dirname, 'fixtures/clip.mp4');
const WAIT_SECONDS = 2;
const TOO_LARGE = 2 * 1024 * 1024;

const runs = chromiumAvailable();

/** Files (not folders) under `dir`: what storage holds. */
async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name));
}

/** Drops `bytes` as a file named `name` on the element, as a person dragging it from the desktop would. */
async function dropFile(page: Page, selector: string, name: string, bytes: Buffer): Promise<void> {
  const dataTransfer = await page.evaluateHandle(
    ({ base64, name }) => {
      const binary = atob(base64);
      const array = new Uint8Array(binary.length);
      for (let i = 0; i < binary.length; i++) array[i] = binary.charCodeAt(i);
      const transfer = new DataTransfer();
      transfer.items.add(new File([array], name, { type: 'video/mp4' }));
      return transfer;
    },
    { base64: bytes.toString('base64'), name },
  );
  await page.dispatchEvent(selector, 'drop', { dataTransfer });
}

describe.skipIf(!runs).each<Locale>(['en', 'zh'])('the web client in Chromium (%s)', (locale) => {
  const t = messagesOf(locale);
  let server: TestServer;
  let browser: Browser;
  let api: Client;
  let admin: Account;
  const shot = (page: Page, name: string) => screenshot(page, `${locale}-${name}`);

  beforeAll(async () => {
    server = await startServer('sqlite', {
      DOWNLOAD_WAIT_SECONDS: String(WAIT_SECONDS),
      PRICE_REGULAR: '10',
      PRICE_VIP: '5',
      VIP_PRICE: '30',
      MAX_UPLOAD_BYTES: String(TOO_LARGE - 1),
    });
    api = new Client(server.url);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  /** A new browser profile: English on a desktop, Chinese on a 360-pixel phone. */
  function newContext(): Promise<BrowserContext> {
    return browser.newContext(
      locale === 'en'
        ? { locale: 'en-US', viewport: { width: 1280, height: 800 } }
        : { locale: 'zh-CN', viewport: { width: 360, height: 740 } },
    );
  }

  async function register(page: Page, name: string): Promise<void> {
    await page.goto(server.url);
    await page.getByRole('button', { name: t('signIn.toRegister') }).click();
    await page.getByLabel(t('signIn.name')).fill(name);
    await page.getByLabel(t('signIn.password')).fill(PASSWORD);
    await page.getByRole('button', { name: t('register.submit') }).click();
    await expect.poll(async () => (await headerLink(page, t('nav.account'))).isVisible()).toBe(true);
  }

  async function loginApi(name: string): Promise<Account> {
    const data = await api.ok(LOGIN, { name, password: PASSWORD });
    return { ...data.login, client: api.as(data.login.token) };
  }

  async function idOf(name: string): Promise<string> {
    return (await admin.client.ok(USER_BY_NAME, { name })).userByName.id;
  }

  const row = (page: Page, text: string) => page.locator('li[data-status]', { hasText: text });

  /** Sets Chromium's upload speed for the page: slow enough to catch an upload mid-way, or unlimited (-1). */
  async function throttleUploads(cdp: CDPSession, bytesPerSecond: number): Promise<void> {
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 0,
      downloadThroughput: -1,
      uploadThroughput: bytesPerSecond,
    });
  }

  /** What the resumable upload store holds: unfinished uploads' bytes and their state. */
  const resumableFiles = () => filesUnder(join(server.config.mediaDir, '.uploads'));

  it('takes an admin through uploads (progress, duplicate, cancel, resume), deletion, users and notices', async () => {
    const context = await newContext();
    const page = await context.newPage();
    const creations: string[] = [];
    context.on('request', (request) => {
      if (request.method() === 'POST' && new URL(request.url()).pathname === '/uploads') creations.push(request.url());
    });
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    // Chromium logs every refused request; the one 413 is the refusal this journey provokes.
    const expected = /status of 413 \(Payload Too Large\)/;
    page.on(
      'console',
      (message) => void (message.type() === 'error' && !expected.test(message.text()) && errors.push(message.text())),
    );

    await register(page, 'admin');
    admin = await loginApi('admin');
    // The session survives a reload.
    await page.reload();
    await expect.poll(async () => (await headerLink(page, t('nav.upload'))).isVisible()).toBe(true);

    // Switching the language changes every label, and back.
    const other = locale === 'en' ? 'zh' : 'en';
    await openMenu(page);
    await page.getByLabel(t('nav.language')).selectOption(other);
    await expect
      .poll(() => page.getByRole('link', { name: messagesOf(other)('nav.upload'), exact: true }).isVisible())
      .toBe(true);
    await page.getByLabel(messagesOf(other)('nav.language')).selectOption(locale);

    // A dropped file is fingerprinted here, checked, then sent with a progress bar.
    await (await headerLink(page, t('nav.upload'))).click();
    const clip = await readFile(CLIP);
    const cdp = await context.newCDPSession(page);
    await throttleUploads(cdp, 12 * 1024);
    await dropFile(page, '[data-testid=dropzone]', 'clip.mp4', clip);
    const first = row(page, 'clip.mp4');
    await expect.poll(() => first.getByText(t('upload.status.ready')).isVisible()).toBe(true);
    await first.getByLabel(t('upload.name')).fill('Clip one');
    await first.getByRole('button', { name: t('upload.send'), exact: true }).click();
    await expect.poll(() => first.getByTestId('upload-progress').textContent()).toMatch(/\d+\s?%/);
    await shot(page, 'admin-upload-progress');
    await expect.poll(() => first.getByText(t('upload.status.done')).isVisible(), { timeout: 20_000 }).toBe(true);
    expect(await server.rows('movies')).toBe(1);
    // The bytes went over tus: one upload created, and none left once it became a video.
    expect(creations).toHaveLength(1);
    expect(await resumableFiles()).toEqual([]);

    // The same file again is named as a duplicate before a byte is sent.
    await dropFile(page, '[data-testid=dropzone]', 'again.mp4', clip);
    const again = row(page, 'again.mp4');
    await expect.poll(() => again.getByText(t('upload.status.duplicate', { name: 'Clip one' })).isVisible()).toBe(true);
    expect(await again.getByRole('button', { name: t('upload.send'), exact: true }).count()).toBe(0);
    await shot(page, 'admin-duplicate');
    await again.getByRole('button', { name: t('upload.remove') }).click();

    // Cancelled mid-way, an upload leaves nothing on the server: no video, no bytes.
    await page
      .locator('[data-testid=dropzone] input[type=file]')
      .setInputFiles({ name: 'big.mp4', mimeType: 'video/mp4', buffer: videoBytes(1024 * 1024, 7) });
    const big = row(page, 'big.mp4');
    await expect.poll(() => big.getByText(t('upload.status.ready')).isVisible()).toBe(true);
    await big.getByRole('button', { name: t('upload.send'), exact: true }).click();
    await expect.poll(() => big.getByTestId('upload-progress').textContent()).toMatch(/[1-9]\d*\s?%/);
    expect(await resumableFiles()).not.toEqual([]);
    await big.getByRole('button', { name: t('upload.cancel') }).click();
    await expect.poll(() => big.getByText(t('upload.status.cancelled')).isVisible()).toBe(true);
    await expect.poll(() => resumableFiles()).toEqual([]);
    expect(await server.rows('movies')).toBe(1);
    await big.getByRole('button', { name: t('upload.remove') }).click();

    // A reload mid-upload: the same file chosen again offers to resume, and goes on where it stopped.
    const resumed = videoBytes(400 * 1024, 9);
    const chooseResumed = () =>
      page
        .locator('[data-testid=dropzone] input[type=file]')
        .setInputFiles({ name: 'resumed.mp4', mimeType: 'video/mp4', buffer: resumed });
    await chooseResumed();
    const resuming = row(page, 'resumed.mp4');
    await expect.poll(() => resuming.getByText(t('upload.status.ready')).isVisible()).toBe(true);
    await resuming.getByRole('button', { name: t('upload.send'), exact: true }).click();
    await expect.poll(() => resuming.getByTestId('upload-progress').textContent()).toMatch(/[1-9]\d*\s?%/);
    const createdBefore = creations.length;
    await page.reload();
    await chooseResumed();
    await expect.poll(() => resuming.getByText(t('upload.status.resumable')).isVisible()).toBe(true);
    await shot(page, 'admin-resumable');
    await throttleUploads(cdp, -1);
    await resuming.getByRole('button', { name: t('upload.resume') }).click();
    await expect.poll(() => resuming.getByText(t('upload.status.done')).isVisible(), { timeout: 20_000 }).toBe(true);
    expect(creations).toHaveLength(createdBefore);
    expect(await server.rows('movies')).toBe(2);
    expect(await resumableFiles()).toEqual([]);

    // A refusal in words: a file over MAX_UPLOAD_BYTES.
    await page
      .locator('[data-testid=dropzone] input[type=file]')
      .setInputFiles({ name: 'huge.mp4', mimeType: 'video/mp4', buffer: videoBytes(TOO_LARGE, 8) });
    const huge = row(page, 'huge.mp4');
    await expect.poll(() => huge.getByText(t('upload.status.ready')).isVisible()).toBe(true);
    await huge.getByRole('button', { name: t('upload.send'), exact: true }).click();
    await expect.poll(() => huge.getByRole('alert').textContent()).toBe(t('error.PAYLOAD_TOO_LARGE'));
    expect(await server.rows('movies')).toBe(2);

    // Delete, with confirmation.
    await uploadVideo(admin, { bytes: videoBytes(3000, 3), name: 'Doomed', isFree: true });
    await (await headerLink(page, t('nav.browse'))).click();
    await page.getByRole('link', { name: 'Doomed' }).click();
    await page.getByRole('button', { name: t('admin.delete') }).click();
    await shot(page, 'admin-delete-confirm');
    await page
      .getByRole('dialog')
      .getByRole('button', { name: t('admin.delete') })
      .click();
    await expect.poll(() => page.getByRole('heading', { name: t('browse.title') }).isVisible()).toBe(true);
    await expect.poll(() => page.getByRole('link', { name: 'Doomed' }).count()).toBe(0);

    // Find a user, lock and unlock, credit and debit, read their coins, create an admin.
    await registerAs(api, 'someone');
    await (await headerLink(page, t('nav.users'))).click();
    await page.getByLabel(t('admin.findUser')).fill('someone');
    await page.getByRole('button', { name: 'someone', exact: true }).click();
    const summary = page.getByTestId('user-summary');
    const expectSummary = (locked: boolean, balance: number) =>
      expect
        .poll(() => summary.textContent())
        .toBe(t('admin.userSummary', { role: 'USER', vip: 'false', locked: String(locked), balance }));
    await expectSummary(false, 0);
    await page.getByRole('button', { name: t('admin.lock') }).click();
    await expectSummary(true, 0);
    await page.getByRole('button', { name: t('admin.unlock') }).click();
    await expectSummary(false, 0);
    await page.getByLabel(t('admin.coins'), { exact: true }).fill('50');
    await page.getByRole('button', { name: t('admin.credit') }).click();
    await expectSummary(false, 50);
    await page.getByLabel(t('admin.coins'), { exact: true }).fill('20');
    await page.getByRole('button', { name: t('admin.debit') }).click();
    await expectSummary(false, 30);
    await expect.poll(() => page.getByRole('cell', { name: t('coins.reason.DEBIT') }).isVisible()).toBe(true);
    await page
      .getByRole('form', { name: t('admin.createAdmin') })
      .getByLabel(t('signIn.name'))
      .fill('helper');
    await page
      .getByRole('form', { name: t('admin.createAdmin') })
      .getByLabel(t('signIn.password'))
      .fill(PASSWORD);
    await page.getByRole('button', { name: t('admin.create'), exact: true }).click();
    await expect.poll(() => page.getByText(t('admin.adminCreated', { name: 'helper' })).isVisible()).toBe(true);
    await shot(page, 'admin-users');

    // A notice.
    await (await headerLink(page, t('nav.notices'))).click();
    await page.getByLabel(t('notices.noticeTitle')).fill('Maintenance tonight');
    await page.getByLabel(t('notices.content')).fill('The site rests from 2 to 3.');
    await page.getByRole('button', { name: t('notices.submit') }).click();
    await expect.poll(() => page.getByRole('heading', { name: 'Maintenance tonight' }).isVisible()).toBe(true);
    await shot(page, 'admin-notices');

    expect(errors).toEqual([]);
    await context.close();
  });

  // The viewer's journey follows the admin's on the same server: it watches what the admin uploaded.
  it('takes a viewer through browsing, a free countdown and playback, a paid download, VIP, history and notices', async () => {
    await uploadVideo(admin, { bytes: videoBytes(4000, 11), name: 'Paid one', isFree: false });
    await uploadVideo(admin, { bytes: videoBytes(5000, 12), name: 'Paid two', isFree: false });
    // The clip the admin uploaded has been probed: it has a running time and a poster.
    const clipFingerprint = await fingerprintOfBytes(await readFile(CLIP));
    const { checkMovie } = await admin.client.ok<{ checkMovie: { movie: MovieShape } }>(CHECK_MOVIE, {
      fingerprint: clipFingerprint,
    });
    await probedMovie(admin.client, checkMovie.movie.id, true);
    const context = await newContext();
    const page = await context.newPage();
    const viewerName = `viewer-${locale}`;

    // A refusal in words: the name is taken.
    await page.goto(server.url);
    await page.getByRole('button', { name: t('signIn.toRegister') }).click();
    await page.getByLabel(t('signIn.name')).fill('admin');
    await page.getByLabel(t('signIn.password')).fill(PASSWORD);
    await page.getByRole('button', { name: t('register.submit') }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toBe(t('error.CONFLICT.name'));
    await register(page, viewerName);
    const viewerId = await idOf(viewerName);

    // The first page of the list comes from one GraphQL request. The list that signing up led to
    // is loaded first, so that its own request cannot land among the counted ones.
    await expect.poll(() => page.getByRole('status').first().textContent()).toBe(t('browse.count', { count: 4 }));
    const listRequests: string[] = [];
    page.on('request', (request) => {
      if (request.url().endsWith('/graphql') && request.postData()?.includes('query Movies'))
        listRequests.push(request.url());
    });
    await page.reload();

    // List, tabs and a debounced search.
    await expect.poll(() => page.getByRole('status').first().textContent()).toBe(t('browse.count', { count: 4 }));
    expect(listRequests).toHaveLength(1);

    // A card shows the poster (loaded from this origin under the CSP) and the running time.
    const clipCard = page.locator('.cards > li', { hasText: 'Clip one' });
    const poster = clipCard.getByRole('img', { name: t('movie.posterAlt', { name: 'Clip one' }) });
    await poster.scrollIntoViewIfNeeded();
    await expect
      .poll(() => poster.evaluate((element) => (element as unknown as { naturalWidth: number }).naturalWidth))
      .toBeGreaterThan(0);
    expect(await clipCard.getByTestId('duration').textContent()).toBe(`${t('movie.duration')} 0:04`);
    // A video without a picture yet (random bytes) shows the placeholder, and no running time.
    const paidCard = page.locator('.cards > li', { hasText: 'Paid one' });
    expect(await paidCard.getByRole('img').count()).toBe(0);
    expect(await paidCard.getByTestId('duration').count()).toBe(0);
    await page.getByRole('button', { name: t('browse.paid'), exact: true }).click();
    await expect.poll(() => page.getByRole('status').first().textContent()).toBe(t('browse.count', { count: 2 }));
    await page.getByRole('button', { name: t('browse.all'), exact: true }).click();
    await page.getByPlaceholder(t('browse.search')).fill('clip');
    await expect.poll(() => page.getByRole('status').first().textContent()).toBe(t('browse.count', { count: 1 }));
    await shot(page, 'viewer-search');

    // A free video: a countdown from availableAt, then it plays and seeks, and offers the file.
    await page.getByRole('link', { name: 'Clip one' }).click();
    await page.getByRole('button', { name: t('movie.download') }).click();
    await expect.poll(() => page.getByRole('timer').isVisible()).toBe(true);
    await shot(page, 'viewer-countdown');
    const video = page.locator('video');
    await video.waitFor({ timeout: (WAIT_SECONDS + 5) * 1000 });
    await video.evaluate((element) => {
      const player = element as unknown as { muted: boolean; play(): Promise<void> };
      player.muted = true;
      return player.play();
    });
    await expect
      .poll(() => video.evaluate((element) => (element as unknown as { currentTime: number }).currentTime))
      .toBeGreaterThan(0.3);
    await video.evaluate((element) => void ((element as unknown as { currentTime: number }).currentTime = 3));
    await expect
      .poll(() => video.evaluate((element) => (element as unknown as { currentTime: number }).currentTime))
      .toBeGreaterThan(3.1);
    // The player plays the ticket's stream through hls.js (a MediaSource's blob: URL) once it is made,
    // and the original file, asked for inline, before; the link to save the file is never inline.
    const source = await video.evaluate((element) => (element as unknown as { currentSrc: string }).currentSrc);
    expect(source).toMatch(/^blob:|\/media\/.*[?&]inline=1$/);
    const saveHref = await page.getByRole('link', { name: t('movie.saveFile') }).getAttribute('href');
    expect(saveHref).toContain('/media/');
    expect(saveHref).not.toContain('inline');
    await shot(page, 'viewer-playing');

    // A paid video: confirmation with the balance after, then the balance and the ledger move.
    await admin.client.ok(CREDIT_USER, { id: viewerId, amount: 12 });
    await (await headerLink(page, t('nav.browse'))).click();
    await page.getByRole('link', { name: 'Paid one' }).click();
    await page.getByRole('button', { name: t('movie.buy', { price: 10 }) }).click();
    const dialog = page.getByRole('dialog');
    await expect
      .poll(() => dialog.textContent())
      .toContain(t('movie.confirmText', { name: 'Paid one', price: 10, balance: 12, after: 2 }));
    await shot(page, 'viewer-confirm');
    await dialog.getByRole('button', { name: t('movie.confirmBuy', { price: 10 }) }).click();
    // Random bytes: the server found no video in them, so the page offers the file and no player.
    await page.getByRole('link', { name: t('movie.saveFile') }).waitFor();

    // Not enough coins: it says how many are missing.
    await (await headerLink(page, t('nav.browse'))).click();
    await page.getByRole('link', { name: 'Paid two' }).click();
    await page.getByRole('button', { name: t('movie.buy', { price: 10 }) }).click();
    await page
      .getByRole('dialog')
      .getByRole('button', { name: t('movie.confirmBuy', { price: 10 }) })
      .click();
    await expect.poll(() => page.getByRole('alert').textContent()).toBe(t('movie.missingCoins', { missing: 8 }));

    // The account: balance, ledger, VIP, downloads.
    await admin.client.ok(CREDIT_USER, { id: viewerId, amount: 40 });
    await (await headerLink(page, t('nav.account'))).click();
    await expect.poll(() => page.getByTestId('balance').textContent()).toBe(t('account.balance', { balance: 42 }));
    await expect
      .poll(() => page.getByRole('cell', { name: t('coins.reason.DOWNLOAD', { name: 'Paid one' }) }).isVisible())
      .toBe(true);
    await page.getByRole('button', { name: t('vip.buy', { price: 30 }) }).click();
    await page
      .getByRole('dialog')
      .getByRole('button', { name: t('vip.buy', { price: 30 }) })
      .click();
    await expect.poll(() => page.getByTestId('vip-status').textContent()).toBe(t('vip.is'));
    await expect.poll(() => page.getByTestId('balance').textContent()).toBe(t('account.balance', { balance: 12 }));
    await expect.poll(() => page.getByRole('cell', { name: t('coins.reason.VIP') }).isVisible()).toBe(true);
    const downloads = page.getByRole('region', { name: t('account.downloads') });
    await expect.poll(() => downloads.getByRole('listitem').count()).toBe(2);
    await shot(page, 'viewer-account');

    // The password: a wrong current one is named, then the change goes through.
    await page.getByLabel(t('password.current')).fill('not the password');
    await page.getByLabel(t('password.new')).fill('a new passphrase');
    await page.getByRole('button', { name: t('password.submit') }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toBe(t('error.BAD_USER_INPUT.currentPassword'));
    await page.getByLabel(t('password.current')).fill(PASSWORD);
    await page.getByRole('button', { name: t('password.submit') }).click();
    await expect.poll(() => page.getByText(t('password.changed')).isVisible()).toBe(true);

    // Notices.
    await (await headerLink(page, t('nav.notices'))).click();
    await expect.poll(() => page.getByRole('heading', { name: 'Maintenance tonight' }).isVisible()).toBe(true);

    // A session that ends by itself (here: the account is locked) leads back to sign-in, in words.
    await admin.client.ok(LOCK_USER, { id: viewerId, locked: true });
    await page.reload();
    await expect.poll(() => page.getByText(t('signIn.expired')).isVisible()).toBe(true);
    await shot(page, 'viewer-expired');

    // Unlocked, the viewer signs in again by keyboard alone, with the new password.
    await admin.client.ok(LOCK_USER, { id: viewerId, locked: false });
    await page.keyboard.press('Tab');
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe(t('nav.skip'));
    const focused = () => page.evaluate(() => document.activeElement?.getAttribute('autocomplete'));
    for (let presses = 0; presses < 20 && (await focused()) !== 'username'; presses++) await page.keyboard.press('Tab');
    await page.keyboard.type(viewerName);
    await page.keyboard.press('Tab');
    await page.keyboard.type('a new passphrase');
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await headerLink(page, t('nav.account'))).isVisible()).toBe(true);

    // A server out of reach is said in words, with a way to try again, never a blank page.
    await page.route('**/graphql', (route) => route.abort('connectionrefused'));
    await page.reload();
    await expect.poll(() => page.getByRole('alert').textContent()).toBe(t('error.NETWORK'));
    await page.unroute('**/graphql');
    await page.getByRole('button', { name: t('common.retry') }).click();
    await expect.poll(async () => (await headerLink(page, t('nav.account'))).isVisible()).toBe(true);
    await context.close();
  });

  it('keeps a paid upload paid across a reload: the server lists it as paid, and resuming it makes a paid video', async () => {
    const context = await newContext();
    const page = await context.newPage();
    const creations: string[] = [];
    context.on('request', (request) => {
      if (request.method() === 'POST' && new URL(request.url()).pathname === '/uploads') creations.push(request.url());
    });
    await page.goto(server.url);
    await page.getByLabel(t('signIn.name')).fill('admin');
    await page.getByLabel(t('signIn.password')).fill(PASSWORD);
    await page.getByRole('button', { name: t('signIn.submit') }).click();
    await (await headerLink(page, t('nav.upload'))).click();

    // Pick a file, untick Free, start; reload half-way.
    const bytes = videoBytes(300 * 1024, 40 + (locale === 'en' ? 0 : 1));
    const filename = `paid-${locale}.mp4`;
    const cdp = await context.newCDPSession(page);
    await throttleUploads(cdp, 16 * 1024);
    await page
      .locator('[data-testid=dropzone] input[type=file]')
      .setInputFiles({ name: filename, mimeType: 'video/mp4', buffer: bytes });
    const sending = row(page, filename);
    await expect.poll(() => sending.getByText(t('upload.status.ready')).isVisible()).toBe(true);
    await sending.getByLabel(t('upload.free')).uncheck();
    await sending.getByRole('button', { name: t('upload.send'), exact: true }).click();
    await expect.poll(() => sending.getByTestId('upload-progress').textContent()).toMatch(/[1-9]\d*\s?%/);
    expect(creations).toHaveLength(1);
    const held = async () =>
      (await admin.client.ok<{ resumableUploads: ResumableUploadShape[] }>(RESUMABLE_UPLOADS)).resumableUploads;
    await expect.poll(async () => (await held())[0]?.offset ?? 0).toBeGreaterThan(0);
    await page.reload();

    // The server lists it with its name and the price type chosen, not a default.
    const card = page.getByTestId('unfinished-upload').filter({ hasText: filename });
    await expect.poll(() => card.getByRole('heading').textContent()).toBe(`paid-${locale}`);
    expect(await card.getByTestId('price-type').textContent()).toBe(t('upload.priceType.paid'));
    expect(Number(await card.getByRole('progressbar').getAttribute('value'))).toBeGreaterThan(0);
    await shot(page, 'admin-unfinished-upload');

    // Another file is refused in words; the same file goes on where the server stopped.
    const resume = card.getByLabel(t('upload.unfinished.resume'));
    await resume.setInputFiles({ name: filename, mimeType: 'video/mp4', buffer: videoBytes(bytes.length, 49) });
    await expect.poll(() => card.getByRole('alert').textContent()).toBe(t('upload.unfinished.otherFile', { filename }));
    await throttleUploads(cdp, -1);
    await resume.setInputFiles({ name: filename, mimeType: 'video/mp4', buffer: bytes });
    const resumed = row(page, filename);
    await expect.poll(() => resumed.getByText(t('upload.status.done')).isVisible(), { timeout: 20_000 }).toBe(true);
    expect(await resumed.getByLabel(t('upload.free')).isChecked()).toBe(false);
    expect(await page.getByTestId('unfinished-upload').count()).toBe(0);
    expect(creations).toHaveLength(1);
    const fingerprint = await fingerprintOfBytes(bytes);
    const { checkMovie } = await admin.client.ok<{ checkMovie: { movie: MovieShape } }>(CHECK_MOVIE, { fingerprint });
    expect(checkMovie.movie).toMatchObject({ name: `paid-${locale}`, isFree: false, size: bytes.length });
    expect(await resumableFiles()).toEqual([]);

    // Discard deletes an unfinished upload on the server (one begun elsewhere, here by a script).
    await tusUpload(admin.client, {
      bytes: videoBytes(100_000, 48),
      chunkSize: 10_000,
      stopAfter: 10_000,
      metadata: metadataOf({ name: '别处的上传', isFree: true }),
    });
    await page.reload();
    const elsewhere = page.getByTestId('unfinished-upload').filter({ hasText: '别处的上传' });
    expect(await elsewhere.getByTestId('price-type').textContent()).toBe(t('upload.priceType.free'));
    await elsewhere.getByRole('button', { name: t('upload.unfinished.discard') }).click();
    await expect.poll(() => page.getByTestId('unfinished-upload').count()).toBe(0);
    expect(await resumableFiles()).toEqual([]);
    await context.close();
  });

  it('queues two files and sends them one after the other, pages through a search, and signs out', async () => {
    for (let i = 0; i < 11; i++)
      await uploadVideo(admin, { bytes: videoBytes(1000 + i, 100 + i), name: `Filler ${i}` });
    const context = await newContext();
    const page = await context.newPage();
    await page.goto(server.url);
    await page.getByLabel(t('signIn.name')).fill('admin');
    await page.getByLabel(t('signIn.password')).fill(PASSWORD);
    await page.getByRole('button', { name: t('signIn.submit') }).click();

    await (await headerLink(page, t('nav.upload'))).click();
    await page.locator('[data-testid=dropzone] input[type=file]').setInputFiles(
      [11, 12].map((i) => ({
        name: `Filler ${i}.mp4`,
        mimeType: 'video/mp4',
        buffer: videoBytes(1000 + i, 100 + i),
      })),
    );
    await expect.poll(() => page.getByText(t('upload.status.ready')).count()).toBe(2);
    await page.getByRole('button', { name: t('upload.sendAll') }).click();
    await expect.poll(() => page.getByText(t('upload.status.done')).count()).toBe(2);

    await (await headerLink(page, t('nav.browse'))).click();
    await page.getByPlaceholder(t('browse.search')).fill('filler');
    await expect.poll(() => page.getByRole('status').first().textContent()).toBe(t('browse.count', { count: 13 }));
    const cards = page.locator('.cards > li');
    await expect.poll(() => cards.count()).toBe(12);
    await page.getByRole('link', { name: t('browse.next') }).click();
    await expect.poll(() => cards.count()).toBe(1);
    expect(await page.getByRole('link', { name: t('browse.next') }).count()).toBe(0);
    await page.getByRole('link', { name: t('browse.previous') }).click();
    await expect.poll(() => cards.count()).toBe(12);
    expect(await page.getByRole('link', { name: t('browse.previous') }).count()).toBe(0);

    await openMenu(page);
    await page.getByRole('button', { name: t('nav.signOut', { name: 'admin' }) }).click();
    await expect.poll(() => page.getByRole('heading', { name: t('signIn.title') }).isVisible()).toBe(true);
    expect(await page.getByText(t('signIn.expired')).count()).toBe(0);
    await page.reload();
    await expect.poll(() => page.getByRole('heading', { name: t('signIn.title') }).isVisible()).toBe(true);
    await context.close();
  });
});
