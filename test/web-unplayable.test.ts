import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerAs, type Account } from './support/accounts.js';
import {
  chromiumAvailable,
  headerLink,
  launchChromium,
  messagesOf,
  screenshot,
  type Locale,
} from './support/browser.js';
import { Client } from './support/client.js';
import { movieMedia, probedMovie } from './support/media.js';
import { MOVIES, videoBytes, type MovieShape } from './support/movies.js';
import { startServer, type TestServer } from './support/server.js';

/** A real 4-second H.264/AAC MP4 (test/web-journeys.test.ts says how it was made). */
const CLIP = join(import.meta.dirname, 'fixtures/clip.mp4');

describe.skipIf(!chromiumAvailable()).each<Locale>(['en', 'zh'])(
  'a file that is not a video, in Chromium (%s)',
  (locale) => {
    const t = messagesOf(locale);
    let server: TestServer;
    let browser: Browser;
    let admin: Account;

    beforeAll(async () => {
      server = await startServer('sqlite', { DOWNLOAD_WAIT_SECONDS: '0' });
      admin = await registerAs(new Client(server.url), 'admin');
      browser = await launchChromium();
    });
    afterAll(async () => {
      await browser?.close();
      await server?.close();
    });

    async function idOf(name: string): Promise<string> {
      const { movies } = await admin.client.ok<{ movies: { edges: { node: MovieShape }[] } }>(MOVIES, { search: name });
      return movies.edges.find((edge) => edge.node.name === name)!.node.id;
    }

    it('is said at upload, on its card and on its page, which offers the file and no player', async () => {
      const context = await browser.newContext({ locale: locale === 'en' ? 'en-US' : 'zh-CN' });
      await context.addCookies([{ name: 'session', value: admin.token, url: server.url }]);
      const page = await context.newPage();

      // Random bytes named x.mp4, and a real video beside them.
      await page.goto(`${server.url}/admin/upload`);
      await page.locator('[data-testid=dropzone] input[type=file]').setInputFiles([
        { name: 'x.mp4', mimeType: 'video/mp4', buffer: videoBytes(30_000, 31) },
        { name: 'clip.mp4', mimeType: 'video/mp4', buffer: await readFile(CLIP) },
      ]);
      await expect.poll(() => page.getByText(t('upload.status.ready')).count()).toBe(2);
      await page.getByRole('button', { name: t('upload.sendAll') }).click();
      const row = (file: string) => page.locator('li[data-status]', { hasText: file });
      // Once the server has probed it, the upload says it found no video.
      await expect.poll(() => row('x.mp4').getByRole('alert').textContent()).toBe(t('upload.unplayable'));
      await screenshot(page, `${locale}-upload-not-a-video`);
      await probedMovie(admin.client, await idOf('clip'), true);
      expect(await row('clip.mp4').getByRole('alert').count()).toBe(0);
      expect((await movieMedia(admin.client, await idOf('x'))).isPlayable).toBe(false);

      // The card says it; the real video's card does not.
      await (await headerLink(page, t('nav.browse'))).click();
      const card = (name: string) => page.locator('.cards > li', { hasText: name });
      await expect.poll(() => card('x').getByText(t('movie.unplayable')).isVisible()).toBe(true);
      expect(await card('clip').getByText(t('movie.unplayable')).count()).toBe(0);
      await screenshot(page, `${locale}-card-not-a-video`);

      // The page says it and offers the file to download, with no player.
      await page.getByRole('link', { name: 'x', exact: true }).click();
      await expect.poll(() => page.getByText(t('movie.unplayable')).isVisible()).toBe(true);
      await page.getByRole('button', { name: t('movie.downloadFile') }).click();
      const save = page.getByRole('link', { name: t('movie.saveFile') });
      await save.waitFor();
      expect(await page.locator('video').count()).toBe(0);
      const saving = page.waitForEvent('download');
      await save.click();
      expect((await saving).suggestedFilename()).toBe('x.mp4');
      await screenshot(page, `${locale}-page-not-a-video`);
      await context.close();
    });
  },
);
