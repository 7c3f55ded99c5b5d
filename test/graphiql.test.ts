import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable, launchChromium, screenshot } from './support/browser.js';
import { expectPrecompressed, getRaw, type RawFile } from './support/encodings.js';
import { startServer, type TestServer } from './support/server.js';

const HTML = { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' };
const SECURITY_HEADERS = ['content-security-policy', 'x-frame-options', 'x-content-type-options', 'referrer-policy'];

/**
 * The security headers of an answer, as the web client's would be: GraphiQL's policy differs only in
 * allowing inline styles and `data:` images, which its editor writes and draws.
 */
function securityHeadersOf(file: RawFile): Record<string, unknown> {
  const headers = Object.fromEntries(SECURITY_HEADERS.map((name) => [name, file.headers[name]]));
  const policy = String(headers['content-security-policy']);
  expect(policy).toContain("script-src 'self';");
  return {
    ...headers,
    'content-security-policy': policy
      .replace("style-src 'self' 'unsafe-inline'", "style-src 'self'")
      .replace("img-src 'self' data:", "img-src 'self'"),
  };
}

/** The files the page loads: every src and href. */
function filesOf(page: string): string[] {
  return [...page.matchAll(/(?:src|href)="([^"]+)"/g)].map((match) => match[1]!);
}

describe('GraphiQL', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer('sqlite');
  });
  afterAll(() => server.close());

  it('is a small page that loads only our own files, under the web client’s security headers (inline styles and data: images aside)', async () => {
    const page = await getRaw(`${server.url}/graphql`, HTML);
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.headers['cache-control']).toBe('no-cache');
    expect(page.body.length).toBeLessThan(2048);
    const html = page.body.toString();
    // No inline script, and nothing from another origin (these machines reach none).
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    const files = filesOf(html);
    expect(files.length).toBeGreaterThanOrEqual(3);
    for (const file of files) expect(file).toMatch(/^\/graphql\/assets\/[\w-]+-[0-9a-f]{16}\.\w+$/);

    const webClient = await getRaw(`${server.url}/`, HTML);
    expect(securityHeadersOf(page)).toEqual(securityHeadersOf(webClient));
    expect(page.headers['x-frame-options']).toBe('DENY');
    expect(page.headers['content-security-policy']).toContain("frame-ancestors 'none'");
  });

  it('sends its files compressed when asked (brotli first), plain otherwise, cached for good', async () => {
    const html = (await getRaw(`${server.url}/graphql`, HTML)).body.toString();
    const webClient = await getRaw(`${server.url}/`, HTML);
    let plainBytes = 0;
    let brotliBytes = 0;
    for (const file of filesOf(html)) {
      const { plain, brotli } = await expectPrecompressed(`${server.url}${file}`);
      expect(plain.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      expect(securityHeadersOf(plain)).toEqual(securityHeadersOf(webClient));
      plainBytes += plain.body.length;
      brotliBytes += brotli;
    }
    expect(brotliBytes).toBeLessThan(plainBytes / 3);
  });

  it('answers an API request to /graphql as before, and a missing file with the JSON 404', async () => {
    const api = await fetch(`${server.url}/graphql?query=${encodeURIComponent('{ __typename }')}`);
    expect(await api.json()).toEqual({ data: { __typename: 'Query' } });
    const missing = await fetch(`${server.url}/graphql/assets/missing-0123456789abcdef.js`, { headers: HTML });
    expect(missing.status).toBe(404);
    expect((await missing.json()).errors[0].extensions.code).toBe('NOT_FOUND');
  });
});

describe('GraphiQL switched off (GRAPHIQL=false)', () => {
  it('serves neither the page nor its files', async () => {
    const on = await startServer('sqlite');
    const file = filesOf((await getRaw(`${on.url}/graphql`, HTML)).body.toString())[0]!;
    await on.close();
    const server = await startServer('sqlite', { GRAPHIQL: 'false' });
    try {
      const page = await getRaw(`${server.url}/graphql`, HTML);
      expect(page.headers['content-type'] ?? '').not.toMatch(/text\/html/);
      expect((await getRaw(`${server.url}${file}`, HTML)).status).toBe(404);
    } finally {
      await server.close();
    }
  });
});

describe.skipIf(!chromiumAvailable())('GraphiQL in Chromium', () => {
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

  it('loads from our own files and runs { __typename }, within its security policy', async () => {
    const page = await browser.newPage();
    const elsewhere: string[] = [];
    page.on('request', (request) => {
      if (!request.url().startsWith(server.url)) elsewhere.push(request.url());
    });
    const refused: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy/.test(message.text())) refused.push(message.text());
    });
    await page.goto(`${server.url}/graphql`);
    const editor = page.locator('.graphiql-query-editor .monaco-editor').first();
    await editor.click();
    await page.keyboard.press('Control+A');
    // A field the schema lacks: the editor underlines it, drawn as a `data:` image the policy allows.
    await page.keyboard.insertText('{ notAField }');
    await page.locator('.squiggly-error').first().waitFor();
    await page.keyboard.press('Control+A');
    await page.keyboard.insertText('{ __typename }');
    // Whatever the editor closed by itself after the cursor goes.
    await page.keyboard.press('Control+Shift+End');
    await page.keyboard.press('Delete');
    await page.getByRole('button', { name: /execute query/i }).click();
    await expect.poll(() => page.locator('.graphiql-response').innerText()).toMatch(/"__typename":\s*"Query"/);
    await screenshot(page, 'graphiql');
    expect(elsewhere).toEqual([]);
    // Everything it does, its policy allows: an editor whose styles are refused draws the lines of
    // an answer on top of each other.
    expect(refused).toEqual([]);
  });
});
