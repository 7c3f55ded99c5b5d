import { createHash } from 'node:crypto';
import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { defaultMovieName, downloadNameOf, extensionOf } from '../domain/catalogue/movie-names.js';
import vectors from './fixtures/movie-name-vectors.json' with { type: 'json' };
import { PASSWORD, registerAs, type Account } from './support/accounts.js';
import { chromiumAvailable, launchChromium, messagesOf } from './support/browser.js';
import { cliJson, runCli, type CliOptions } from './support/cli.js';
import { Client } from './support/client.js';
import { databases } from './support/databases.js';
import { eventually, movieMedia } from './support/media.js';
import { MOVIES, videoBytes, type MovieShape } from './support/movies.js';
import { startServer, type TestServer } from './support/server.js';

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** The bytes of the vector's file: each differs, so that none is a duplicate of another. */
const bytesOf = (index: number) => videoBytes(3000 + index, 60 + index);

describe('the one rule for video names (domain/catalogue/movie-names.ts)', () => {
  it.each(vectors.vectors)('proposes $name for $file, and saves its download as $download', (vector) => {
    expect(defaultMovieName(vector.file)).toBe(vector.name);
    expect(downloadNameOf(vector.name, extensionOf(vector.file), null)).toBe(vector.download);
  });

  it('keeps the stored file’s extension whatever the display name says', () => {
    expect(downloadNameOf('Sunrise.MP4', 'mp4', 'mp4')).toBe('Sunrise.MP4');
    expect(downloadNameOf('Sunrise.avi', 'mp4', 'mp4')).toBe('Sunrise.avi.mp4');
    // An upload without an extension: the name's own, else the probed type's.
    expect(downloadNameOf('Sunrise.avi', null, 'mp4')).toBe('Sunrise.avi');
    expect(downloadNameOf('Sunrise', null, 'mp4')).toBe('Sunrise.mp4');
    expect(downloadNameOf('Sunrise', null, null)).toBe('Sunrise');
  });

  it('proposes a name from a path and from a name with unsafe characters', () => {
    expect(defaultMovieName('videos/2024/clip.mp4')).toBe('clip');
    expect(defaultMovieName('C:\\videos\\clip.mp4')).toBe('clip');
    expect(defaultMovieName('sun\u202Erise.mp4')).toBe('sunrise');
    expect(defaultMovieName('.mp4')).toBe('.mp4');
  });
});

describe.each(databases)('names through the command-line client on %s', (kind) => {
  let server: TestServer;
  afterEach(() => server?.close());

  // Two runs of the client per file, each a process of its own: longer than most tests.
  it(
    'uploads each file under the proposed name, and downloads it with its extension',
    { timeout: 180_000 },
    async () => {
      server = await startServer(kind, { DOWNLOAD_WAIT_SECONDS: '0' });
      const home = join(server.dir, 'admin');
      const admin: CliOptions = { configHome: home, cwd: join(home, 'work') };
      await mkdir(join(home, 'downloads'), { recursive: true });
      await mkdir(admin.cwd!, { recursive: true });
      const registered = await runCli(['register', 'admin', '--password-stdin', '--server', server.url], {
        ...admin,
        input: `${PASSWORD}\n`,
      });
      expect(registered.code, registered.stderr).toBe(0);
      const run = <T>(...args: string[]) => cliJson<T>(['--server', server.url, ...args], admin);

      for (const [index, vector] of vectors.vectors.entries()) {
        await writeFile(join(admin.cwd!, vector.file), bytesOf(index));
        const { movie } = await run<{ movie: MovieShape }>('upload', vector.file);
        expect(movie.name, vector.file).toBe(vector.name);
        const { download } = await run<{ download: { path: string } }>('download', movie.id, '-o', '../downloads');
        expect(download.path, vector.file).toBe(join('../downloads', vector.download));
      }
      const saved = await readdir(join(home, 'downloads'));
      expect(saved.sort()).toEqual(vectors.vectors.map((vector) => vector.download).sort());
      for (const [index, vector] of vectors.vectors.entries()) {
        expect(sha256(await readFile(join(home, 'downloads', vector.download)))).toBe(sha256(bytesOf(index)));
      }
    },
  );
});

describe.skipIf(!chromiumAvailable())('names through the web client in Chromium', () => {
  const t = messagesOf('en');
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

  it('proposes the same name for each file, and saves each download with its extension', async () => {
    const context = await browser.newContext({ locale: 'en-US' });
    await context.addCookies([{ name: 'session', value: admin.token, url: server.url }]);
    const page = await context.newPage();
    await page.goto(`${server.url}/admin/upload`);
    await page
      .locator('input[type=file]')
      .setInputFiles(
        vectors.vectors.map((vector, index) => ({ name: vector.file, mimeType: 'video/mp4', buffer: bytesOf(index) })),
      );
    for (const vector of vectors.vectors) {
      const row = page.locator('li[data-status]', { hasText: vector.file });
      expect(await row.getByLabel(t('upload.name')).inputValue(), vector.file).toBe(vector.name);
    }
    await expect.poll(() => page.getByText(t('upload.status.ready')).count()).toBe(vectors.vectors.length);
    await page.getByRole('button', { name: t('upload.sendAll') }).click();
    await expect
      .poll(() => page.getByText(t('upload.status.done')).count(), { timeout: 30_000 })
      .toBe(vectors.vectors.length);

    const { movies } = await admin.client.ok<{ movies: { edges: { node: MovieShape }[] } }>(MOVIES, { first: 20 });
    for (const vector of vectors.vectors) {
      const movie = movies.edges.map((edge) => edge.node).find((node) => node.name === vector.name);
      expect(movie, vector.name).toBeDefined();
      // Random bytes, once probed: the page offers the file to download (and no player).
      await eventually(
        () => movieMedia(admin.client, movie!.id),
        (probed) => probed.isPlayable !== null,
      );
      await page.goto(`${server.url}/movies/${movie!.id}`);
      await page.getByRole('button', { name: t('movie.downloadFile') }).click();
      const saving = page.waitForEvent('download');
      await page.getByRole('link', { name: t('movie.saveFile') }).click();
      expect((await saving).suggestedFilename(), vector.file).toBe(vector.download);
    }
    await context.close();
  });
});
