import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowIdOf } from '../schema/ids.js';
import { registerAs, type Account } from './support/accounts.js';
import {
  accessibilityViolations,
  chromiumAvailable,
  launchChromium,
  messagesOf,
  screenshot,
} from './support/browser.js';
import { Client } from './support/client.js';
import { eventually, makeVideo } from './support/media.js';
import { uploadVideo } from './support/movies.js';
import { startServer, type TestServer } from './support/server.js';
import { movieStream, processedMovie } from './support/streams.js';

const t = messagesOf('en');

/** What the page's <video> says about itself. */
function videoState(page: Page) {
  return page.locator('video').evaluate((video: HTMLVideoElement) => ({
    src: video.currentSrc,
    paused: video.paused,
    muted: video.muted,
    volume: video.volume,
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
  /** The HEVC upload, processed before the tests start. */
  let streamed: string;

  beforeAll(async () => {
    mediaDir = join(process.env.TMPDIR ?? '/tmp', `youku-web-player-${process.pid}`);
    await mkdir(mediaDir, { recursive: true });
    // Six seconds of HEVC in Matroska, which Chromium cannot play as it is; one small rendition.
    hevc = await makeVideo(mediaDir, 'hevc.mkv', { width: 320, height: 240, seconds: 6, codec: 'libx265', rate: 10 });
    server = await startServer('sqlite', { DOWNLOAD_WAIT_SECONDS: '1', RENDITION_HEIGHTS: '144' });
    admin = await registerAs(new Client(server.url), 'admin');
    streamed = (await uploadVideo(admin, { bytes: hevc, filename: 'hevc.mkv', name: 'Stream' })).id;
    await processedMovie(admin.client, streamed);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await rm(mediaDir, { recursive: true, force: true });
  });

  /** The admin's browser; `bypassCSP` only where axe is injected into the page. */
  async function signedIn(bypassCSP = false): Promise<BrowserContext> {
    const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 900 }, bypassCSP });
    await context.addCookies([{ name: 'session', value: admin.token, url: server.url }]);
    return context;
  }

  async function watch(page: Page): Promise<void> {
    await page.goto(`${server.url}/movies/${encodeURIComponent(streamed)}`);
    await page.getByRole('button', { name: t('movie.download') }).click();
  }

  /** The watch page with the video playing (it starts by itself) and nothing focused, as a reader lands. */
  async function playing(bypassCSP = false): Promise<{ context: BrowserContext; page: Page }> {
    const context = await signedIn(bypassCSP);
    const page = await context.newPage();
    await watch(page);
    await expect.poll(async () => (await videoState(page)).paused).toBe(false);
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    return { context, page };
  }

  it('plays an HEVC Matroska upload through its HLS stream with hls.js, by itself once the countdown ends', async () => {
    expect((await processedMovie(admin.client, streamed)).processing.state).toBe('READY');
    const context = await signedIn();
    const page = await context.newPage();
    const fetched: string[] = [];
    page.on('request', (request) => fetched.push(new URL(request.url()).pathname));
    await watch(page);
    // Nobody presses play: it starts when the countdown (a second here) ends.
    await expect.poll(async () => (await videoState(page)).currentTime).toBeGreaterThan(0.5);
    const state = await videoState(page);
    // A MediaSource object URL: hls.js feeds the element from the stream's segments.
    expect(state.src).toMatch(/^blob:/);
    expect(state.videoHeight).toBe(144);
    expect(fetched).toContainEqual(expect.stringMatching(/^\/media\/[^/]+\/stream\/master\.m3u8$/));
    expect(fetched).toContainEqual(expect.stringMatching(/^\/media\/[^/]+\/stream\/144\.mp4$/));
    await screenshot(page, 'en-player-stream');
    await context.close();
  });

  it('starts muted where the browser refuses to start it with sound', async () => {
    const context = await signedIn();
    // The refusal of a browser's autoplay rules: play() with sound fails with NotAllowedError.
    await context.addInitScript(() => {
      const prototype = HTMLMediaElement.prototype;
      const play = Object.getOwnPropertyDescriptor(prototype, 'play')!.value as () => Promise<void>;
      prototype.play = function (this: HTMLMediaElement) {
        return this.muted ? play.call(this) : Promise.reject(new DOMException('sound', 'NotAllowedError'));
      };
    });
    const page = await context.newPage();
    await watch(page);
    await expect.poll(async () => (await videoState(page)).currentTime).toBeGreaterThan(0.5);
    expect(await videoState(page)).toMatchObject({ muted: true, paused: false });
    await context.close();
  });

  it('answers the keys of common players on the page, never while the reader types', async () => {
    const { context, page } = await playing();
    await page.keyboard.press('k');
    await expect.poll(async () => (await videoState(page)).paused).toBe(true);
    await page.locator('video').evaluate((video: HTMLVideoElement) => (video.currentTime = 0.5));
    await page.keyboard.press('ArrowRight');
    await expect.poll(async () => (await videoState(page)).currentTime).toBeCloseTo(5.5, 1);
    await page.keyboard.press('ArrowLeft');
    await expect.poll(async () => (await videoState(page)).currentTime).toBeCloseTo(0.5, 1);
    await page.keyboard.press('m');
    await expect.poll(async () => (await videoState(page)).muted).toBe(true);
    await page.keyboard.press('ArrowDown');
    await expect.poll(async () => (await videoState(page)).volume).toBeCloseTo(0.9, 5);
    await page.keyboard.press(' ');
    await expect.poll(async () => (await videoState(page)).paused).toBe(false);
    await page.keyboard.press(' ');
    await expect.poll(async () => (await videoState(page)).paused).toBe(true);

    // Typing a name in the edit form types it.
    await page.getByRole('button', { name: t('edit.open') }).click();
    const field = page.getByRole('textbox').first();
    await field.fill('');
    await field.pressSequentially('k m');
    expect(await field.inputValue()).toBe('k m');
    expect(await videoState(page)).toMatchObject({ paused: true, muted: true });
    await context.close();
  });

  it('seeks with the bar under the video, which shows the preview tile of the instant under the pointer', async () => {
    const previewsUrl = (
      await eventually(
        () => movieStream(admin.client, streamed),
        (movie) => movie.previewsUrl !== null,
        100,
      )
    ).previewsUrl!;
    const { context, page } = await playing();
    await page.keyboard.press('k');
    const bar = page.getByRole('slider', { name: t('player.seek') });
    await expect.poll(() => bar.getAttribute('aria-valuetext')).toMatch(/^0:0\d of 0:06$/);

    // Six seconds, a tile every two: at 75 % (4.5 s), the third tile of the first sheet. Hovered
    // again on each try, through the locator (which waits until the bar holds still): on a loaded
    // machine the player was seen drawn anew under a resting pointer, which then shows no preview
    // until it moves, as in any browser.
    const box = (await bar.boundingBox())!;
    const preview = async () => {
      await bar.hover({ position: { x: box.width * 0.75, y: box.height / 2 } });
      return page.evaluate(() => {
        const shown = document.querySelector('.seek-preview');
        const tile = shown?.querySelector('.seek-tile');
        const style = tile && getComputedStyle(tile);
        return {
          text: shown?.textContent,
          image: style?.backgroundImage,
          position: style?.backgroundPosition,
          width: style?.width,
        };
      });
    };
    const sheet = new URL('sprite-1.jpg', previewsUrl).href;
    await expect
      .poll(preview)
      .toEqual({ text: '0:05', image: `url("${sheet}")`, position: '-320px 0px', width: '160px' });
    expect(
      await page.evaluate((url) => fetch(url).then((response) => response.headers.get('content-type')), sheet),
    ).toBe('image/jpeg');
    await screenshot(page, 'en-player-seek-preview');

    // A click on the bar seeks there; its arrows seek by five seconds.
    await bar.click({ position: { x: box.width * 0.1, y: box.height / 2 } });
    await expect.poll(async () => (await videoState(page)).currentTime).toBeCloseTo(0.6, 0);
    await bar.focus();
    const before = (await videoState(page)).currentTime;
    await page.keyboard.press('ArrowRight');
    await expect.poll(async () => (await videoState(page)).currentTime).toBeCloseTo(before + 5, 1);
    await page.mouse.move(0, 0);
    await expect.poll(() => page.locator('.seek-preview').count()).toBe(0);
    await context.close();
  });

  it('finds no WCAG 2.1 A or AA violation on the watch page while the player plays and shows a preview', async () => {
    const { context, page } = await playing(true);
    const bar = page.getByRole('slider', { name: t('player.seek') });
    const box = (await bar.boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.locator('.seek-preview .seek-tile').waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);
    await context.close();
  });
});

describe.skipIf(!chromiumAvailable())('a video being processed, in Chromium', () => {
  let server: TestServer;
  let browser: Browser;
  let admin: Account;

  beforeAll(async () => {
    // No jobs run here: the video stays QUEUED until the test says how far the work is.
    server = await startServer('sqlite', { RUN_JOBS: 'false' });
    admin = await registerAs(new Client(server.url), 'admin');
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  /** The state a worker writes while transcoding: RUNNING, with its rendition's progress. */
  async function transcoding(movieId: number, progress: number): Promise<void> {
    await server.db('movies').where('id', movieId).update({ processing_state: 'RUNNING' });
    const rendition = { movie_id: movieId, run: 1, width: 256, height: 144, frame_rate: 10, bitrate: 200_000 };
    await server.db('renditions').insert({ ...rendition, has_audio: true, progress });
  }

  it('says so on its card and its page with the progress, kept current until it is over', async () => {
    const uploaded = await uploadVideo(admin, { bytes: Buffer.alloc(4096, 7), filename: 'later.mp4', name: 'Later' });
    const context = await browser.newContext({ locale: 'en-US' });
    await context.addCookies([{ name: 'session', value: admin.token, url: server.url }]);
    const page = await context.newPage();
    // The page's own clock: polls come when the test moves it on, not after real seconds.
    await page.clock.install();
    const polls: string[] = [];
    page.on('request', (request) => {
      if (request.postData()?.includes('MovieProcessing')) polls.push(request.url());
    });

    await page.goto(server.url);
    const card = page.locator('.cards > li', { hasText: 'Later' });
    await expect.poll(() => card.getByRole('status').textContent()).toBe(t('movie.processing.queued'));
    await card.getByRole('link', { name: 'Later' }).click();
    const status = page.locator('main > .processing');
    await expect.poll(() => status.textContent()).toBe(t('movie.processing.queued'));

    await transcoding(rowIdOf('Movie', uploaded.id), 0.42);
    await page.clock.runFor(3000);
    await expect.poll(() => status.textContent()).toBe(t('movie.processing.running', { progress: 0.42 }));
    await screenshot(page, 'en-page-processing');

    await server.db('movies').where('id', rowIdOf('Movie', uploaded.id)).update({ processing_state: 'READY' });
    await page.clock.runFor(3000);
    await expect.poll(() => status.count()).toBe(0);
    // Over: no more asking.
    const asked = polls.length;
    await page.clock.runFor(30_000);
    expect(polls.length).toBe(asked);
    await context.close();
  });
});
