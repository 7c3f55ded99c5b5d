import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerAs, type Account } from './support/accounts.js';
import { chromiumAvailable, launchChromium, messagesOf, screenshot } from './support/browser.js';
import { Client } from './support/client.js';
import { makeVideo } from './support/media.js';
import { uploadVideo } from './support/movies.js';
import { startServer, type TestServer } from './support/server.js';
import { processedMovie } from './support/streams.js';

const t = messagesOf('en');

/** What the page's <video> says about itself. */
function videoState(page: Page) {
  return page.locator('video').evaluate((video: HTMLVideoElement) => ({
    src: video.currentSrc,
    paused: video.paused,
    currentTime: video.currentTime,
    videoHeight: video.videoHeight,
  }));
}

describe.skipIf(!chromiumAvailable())('the player in Chromium', () => {
  let mediaDir: string;
  let hevc: Buffer;
  let server: TestServer;
  let browser: Browser;
  let admin: Account;

  beforeAll(async () => {
    mediaDir = join(process.env.TMPDIR ?? '/tmp', `youku-web-player-${process.pid}`);
    await mkdir(mediaDir, { recursive: true });
    // Six seconds of HEVC in Matroska, which Chromium cannot play as it is; one small rendition.
    hevc = await makeVideo(mediaDir, 'hevc.mkv', { width: 320, height: 240, seconds: 6, codec: 'libx265', rate: 10 });
    server = await startServer('sqlite', { DOWNLOAD_WAIT_SECONDS: '1', RENDITION_HEIGHTS: '144' });
    admin = await registerAs(new Client(server.url), 'admin');
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await rm(mediaDir, { recursive: true, force: true });
  });

  async function signedIn(): Promise<BrowserContext> {
    const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 900 } });
    await context.addCookies([{ name: 'session', value: admin.token, url: server.url }]);
    return context;
  }

  it('plays an HEVC Matroska upload through its HLS stream, with hls.js', async () => {
    const uploaded = await uploadVideo(admin, { bytes: hevc, filename: 'hevc.mkv', name: 'Stream' });
    expect((await processedMovie(admin.client, uploaded.id)).processing.state).toBe('READY');
    const context = await signedIn();
    const page = await context.newPage();
    const fetched: string[] = [];
    page.on('request', (request) => fetched.push(new URL(request.url()).pathname));
    await page.goto(`${server.url}/movies/${encodeURIComponent(uploaded.id)}`);
    await page.getByRole('button', { name: t('movie.download') }).click();
    const video = page.locator('video');
    await video.waitFor();
    await video.evaluate((element: HTMLVideoElement) => element.play());
    // A MediaSource object URL: hls.js feeds the element from the stream's segments.
    await expect.poll(async () => (await videoState(page)).src).toMatch(/^blob:/);
    await expect.poll(async () => (await videoState(page)).videoHeight).toBe(144);
    await expect.poll(async () => (await videoState(page)).currentTime).toBeGreaterThan(0.5);
    expect(fetched).toContainEqual(expect.stringMatching(/^\/media\/[^/]+\/stream\/master\.m3u8$/));
    expect(fetched).toContainEqual(expect.stringMatching(/^\/media\/[^/]+\/stream\/144\.mp4$/));
    await screenshot(page, 'en-player-stream');
    await context.close();
  });
});
