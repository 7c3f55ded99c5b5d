import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build as viteBuild, createServer, type ViteDevServer } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIRST_LOAD_BUDGET, firstLoadBudget, measureFirstLoad, overBudget } from '../web/first-load-budget.js';
import { expectPrecompressed } from './support/encodings.js';
import { freePort } from './support/free-port.js';
import { startServer, type TestServer } from './support/server.js';

const WEB_OUT_DIR = join(import.meta.dirname, '../dist/web');
const HTML = { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' };

/** Paths of the server, asked for as a browser asks for a page, and the JSON error it answers. */
const SERVER_PATHS: [string, Record<string, string>, number, string][] = [
  ['/graphql/extra', HTML, 404, 'NOT_FOUND'],
  ['/media/', HTML, 404, 'NOT_FOUND'],
  ['/uploads/abc', HTML, 404, 'NOT_FOUND'],
  // Posters are for logged-in users: the route answers, not the client's page.
  ['/posters/abc.jpg', HTML, 401, 'UNAUTHENTICATED'],
];

/** Expects each path's answer at `origin` to be the server's JSON error. */
async function expectServerAnswers(origin: string, cases: typeof SERVER_PATHS): Promise<void> {
  for (const [path, headers, status, code] of cases) {
    const response = await fetch(`${origin}${path}`, { headers });
    expect(response.status, path).toBe(status);
    expect((await response.json()).errors[0].extensions.code, path).toBe(code);
  }
}

describe('the server serving the web client', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer('sqlite');
  });
  afterAll(() => server.close());

  it('answers a page path a browser opens with the app, under the security headers', async () => {
    for (const path of ['/', '/movies/TW92aWU6MQ', '/account']) {
      const response = await fetch(`${server.url}${path}`, { headers: HTML });
      expect(response.status, path).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/html/);
      const csp = response.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|https?:/);
      // hls.js plays through a MediaSource object URL and a worker of its own: blob: for those two only.
      expect(csp).toContain("media-src 'self' blob:");
      expect(csp).toContain("worker-src 'self' blob:");
      expect(csp.split('; ').filter((directive) => directive.includes('blob:'))).toHaveLength(2);
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('referrer-policy')).toBe('same-origin');
      const html = await response.text();
      // No inline script, and nothing from another origin.
      expect(html).toMatch(/<script type="module" crossorigin src="\/assets\/[^"]+\.js"><\/script>/);
      expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
      expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
    }
  });

  it('serves the built assets with the same headers, cached for good', async () => {
    const [script] = (await readdir(join(import.meta.dirname, '../dist/web/assets'))).filter((f) => f.endsWith('.js'));
    const response = await fetch(`${server.url}/assets/${script}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/javascript/);
    expect(response.headers.get('cache-control')).toContain('immutable');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('sends the first page’s files compressed when asked (brotli first), plain otherwise', async () => {
    const html = await (await fetch(server.url, { headers: HTML })).text();
    const files = [...html.matchAll(/(?:src|href)="(\/[^"]+)"/g)].map((match) => match[1]!);
    expect(files.filter((file) => /\.(js|css)$/.test(file)).length).toBeGreaterThanOrEqual(2);
    for (const file of files) {
      const { plain } = await expectPrecompressed(`${server.url}${file}`);
      expect(plain.headers['x-content-type-options']).toBe('nosniff');
    }
  });

  it('sends on the first page exactly the files the build measured against its budget, without the player’s hls.js', async () => {
    const html = await (await fetch(server.url, { headers: HTML })).text();
    const named = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.(?:js|css))"/g)].map((match) => match[1]!);
    const measured = await measureFirstLoad(WEB_OUT_DIR);
    expect(measured.map((file) => file.path).sort()).toEqual(named.sort());
    for (const file of measured) {
      const served = await fetch(`${server.url}/${file.path}`, { headers: { 'accept-encoding': 'gzip' } });
      expect(served.headers.get('content-encoding'), file.path).toBe('gzip');
      expect(Number(served.headers.get('content-length')), file.path).toBe(file.gzipped);
      // hls.js (one of its event names) comes only with the watch page's player, as a chunk of its own.
      const plain = await fetch(`${server.url}/${file.path}`, { headers: { 'accept-encoding': 'identity' } });
      expect(await plain.text(), file.path).not.toContain('hlsManifestParsed');
    }
    expect(overBudget(measured, FIRST_LOAD_BUDGET)).toBeNull();
  });

  it('leaves the API its JSON errors: its own paths, missing files, and requests that do not ask for HTML', async () => {
    await expectServerAnswers(server.url, [
      ...SERVER_PATHS,
      ['/healthz/x', HTML, 404, 'NOT_FOUND'],
      ['/assets/missing.js', HTML, 404, 'NOT_FOUND'],
      ['/movies/1', { accept: 'application/json' }, 404, 'NOT_FOUND'],
      ['/movies/1', {}, 404, 'NOT_FOUND'],
    ]);
  });
});

describe('the development server (npx vite --config web/vite.config.ts)', () => {
  let server: TestServer;
  let vite: ViteDevServer;
  let origin: string;
  beforeAll(async () => {
    server = await startServer('sqlite');
    process.env.VIDEO_SERVER = server.url;
    const port = await freePort();
    vite = await createServer({
      configFile: join(import.meta.dirname, '../web/vite.config.ts'),
      server: { host: '127.0.0.1', port, strictPort: true, watch: null },
      optimizeDeps: { noDiscovery: true },
      logLevel: 'silent',
    });
    await vite.listen();
    origin = `http://127.0.0.1:${port}`;
  });
  afterAll(async () => {
    delete process.env.VIDEO_SERVER;
    await vite?.close();
    await server?.close();
  });

  it('forwards to the server every path it answers for the client, GraphQL, videos, uploads and posters', async () => {
    const response = await fetch(`${origin}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(await response.json()).toEqual({ data: { __typename: 'Query' } });
    await expectServerAnswers(origin, SERVER_PATHS);
  });
});

describe('the first-load budget (web/first-load-budget.ts)', () => {
  it('names each file over budget, its gzipped size and the budget', async () => {
    const measured = await measureFirstLoad(WEB_OUT_DIR);
    expect(measured.filter((file) => file.kind === 'js').length).toBeGreaterThan(0);
    expect(measured.filter((file) => file.kind === 'css').length).toBeGreaterThan(0);
    const problem = overBudget(measured, { js: 1024, css: FIRST_LOAD_BUDGET.css });
    expect(problem).toMatch(/^The first page load needs [\d.]+ KiB of gzipped JS, over its budget of 1\.0 KiB/);
    for (const file of measured.filter((each) => each.kind === 'js')) expect(problem).toContain(file.path);
    expect(problem).not.toContain('CSS');
    expect(overBudget(measured, { js: FIRST_LOAD_BUDGET.js, css: 1 })).toMatch(/gzipped CSS, over its budget/);
  });

  it('fails a build whose first page goes over its budget, leaving no page to serve', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'first-load-'));
    try {
      await writeFile(join(dir, 'index.html'), '<!doctype html><script type="module" src="/main.js"></script>');
      // Random text: gzip cannot shrink it below the budget.
      await writeFile(join(dir, 'main.js'), `console.log(${JSON.stringify(randomBytes(4096).toString('base64'))});`);
      const build = viteBuild({
        configFile: false,
        root: dir,
        logLevel: 'silent',
        plugins: [firstLoadBudget({ js: 1024, css: 1024 })],
        build: { outDir: join(dir, 'out') },
      });
      await expect(build).rejects.toThrow(
        /first page load needs [\d.]+ KiB of gzipped JS, over its budget of 1\.0 KiB/,
      );
      expect(existsSync(join(dir, 'out/index.html'))).toBe(false);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
