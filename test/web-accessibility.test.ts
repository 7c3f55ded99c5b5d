import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerAs, type Account } from './support/accounts.js';
import { accessibilityViolations, chromiumAvailable, launchChromium, type Locale } from './support/browser.js';
import { Client } from './support/client.js';
import { probedMovie } from './support/media.js';
import { uploadVideo, videoBytes } from './support/movies.js';
import { startServer, type TestServer } from './support/server.js';

/** A real 4-second H.264/AAC MP4 (test/web-journeys.test.ts says how it was made). */
const CLIP = join(import.meta.dirname, 'fixtures/clip.mp4');
const RELEASE_NOTICE = `mutation Release($title: String!, $content: String!) { releaseNotice(title: $title, content: $content) { id } }`;

describe.skipIf(!chromiumAvailable()).each<Locale>(['en', 'zh'])('accessibility in Chromium (%s)', (locale) => {
  let server: TestServer;
  let browser: Browser;
  let admin: Account;
  let viewer: Account;
  let movieId: string;

  beforeAll(async () => {
    server = await startServer('sqlite', { DOWNLOAD_WAIT_SECONDS: '0' });
    const api = new Client(server.url);
    admin = await registerAs(api, 'admin');
    viewer = await registerAs(api, 'viewer');
    const clip = await uploadVideo(admin, { bytes: await readFile(CLIP), name: 'Clip', filename: 'clip.mp4' });
    await probedMovie(admin.client, clip.id, true);
    await uploadVideo(admin, { bytes: videoBytes(2000, 5), name: 'Paid', isFree: false });
    await admin.client.ok(RELEASE_NOTICE, { title: 'Welcome', content: 'Hello' });
    movieId = clip.id;
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  /** Each page of `account` (none: signed out), on a desktop and on a phone, in light and dark. */
  async function check(account: Account | null, paths: string[]): Promise<void> {
    for (const [viewport, colorScheme] of [
      [{ width: 1280, height: 800 }, 'light'],
      [{ width: 390, height: 844 }, 'dark'],
    ] as const) {
      const context = await browser.newContext({
        locale: locale === 'en' ? 'en-US' : 'zh-CN',
        viewport,
        colorScheme,
        bypassCSP: true,
      });
      if (account) await context.addCookies([{ name: 'session', value: account.token, url: server.url }]);
      const page = await context.newPage();
      for (const path of paths) {
        await page.goto(`${server.url}${path}`);
        await page.locator('main h1').first().waitFor();
        // Let the page's queries settle (lists, posters) before reading it.
        await page.waitForLoadState('networkidle');
        expect(await accessibilityViolations(page), `${path} at ${viewport.width}px, ${colorScheme}`).toEqual([]);
      }
      await context.close();
    }
  }

  it('finds no WCAG 2.1 A or AA violation on the sign-in page', async () => {
    await check(null, ['/']);
  });

  it("finds none on a viewer's pages", async () => {
    await check(viewer, [
      '/',
      '/?sort=name&type=free',
      `/movies/${encodeURIComponent(movieId)}`,
      '/account',
      '/notices',
    ]);
  });

  it("finds none on an admin's pages", async () => {
    await check(admin, [
      '/',
      `/movies/${encodeURIComponent(movieId)}`,
      '/notices',
      '/admin/upload',
      '/admin/users',
      '/admin/start',
    ]);
  });
});
