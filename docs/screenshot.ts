/**
 * `npm run docs:screenshot`: writes docs/screenshots/, the pictures of the README and of
 * docs/screenshots.md, from the real web client: the main pages, on a desktop (1280x800) and a
 * phone (390x844), in the light and the dark theme (the browser's prefers-color-scheme). It starts
 * the server on a database and media folder of its own, uploads a few short videos made with
 * ffmpeg through the API, waits for their posters and streams, and photographs each page in
 * Debian's Chromium. Names are fixed and every date the pages show is one fixed day, so that a
 * rerun redraws the same pictures. Nothing else it makes outlives it.
 */
import { execFile, spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';
import { fingerprintOfFile } from '../domain/catalogue/file-fingerprint.js';
import { freePort } from '../test/support/free-port.js';
import { buildWhenStale } from '../web/build-when-stale.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const OUTPUT_DIR = join(ROOT, 'docs/screenshots');
const CHROMIUM = '/usr/bin/chromium';
const PASSWORD = 'a password for the picture';

/** Every instant a page shows, in the past, becomes this one; future ones (expiries) stay true. */
const SHOWN_AS = '2026-03-14T09:30:00.000Z';
const ISO_INSTANT = /"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z)"/g;

/** The session table shows the browser: one name, whatever Chromium's version. */
const USER_AGENT = 'Mozilla/5.0 (X11; Linux x86_64) Chromium';

const DEVICES = {
  desktop: { viewport: { width: 1280, height: 800 } },
  phone: { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 1 },
} as const;
const THEMES = ['light', 'dark'] as const;

/** The pages photographed: the path, who looks at it, and what shows once it is drawn. */
interface Shot {
  name: string;
  path: (watched: string) => string;
  as: 'viewer' | 'admin';
  ready: string;
}
const SHOTS: Shot[] = [
  { name: 'browse', path: () => '/', as: 'viewer', ready: 'Gradients' },
  { name: 'watch', path: (watched) => `/movies/${encodeURIComponent(watched)}`, as: 'viewer', ready: 'Mandelbrot' },
  { name: 'upload', path: () => '/admin/upload', as: 'admin', ready: 'Upload videos' },
  { name: 'account', path: () => '/account', as: 'viewer', ready: 'viewer’s account' },
  { name: 'users', path: () => '/admin/users', as: 'admin', ready: 'li.wei' },
];

/** More accounts for the users page. */
const MORE_VIEWERS = ['li.wei', 'maria', 'sam'];

/**
 * The catalogue: two rows of the page. Names are Latin only: a machine without CJK fonts would draw
 * boxes for Chinese ones. Random sources have a seed: the same pictures each run.
 */
const VIDEOS: { name: string; isFree: boolean; source: string; description?: string }[] = [
  { name: 'Gradients', isFree: true, source: 'gradients=s=320x180:speed=0.02:seed=1' },
  {
    name: 'Mandelbrot',
    isFree: false,
    source: 'mandelbrot=s=320x180',
    description: 'The Mandelbrot set, zoomed in slowly: a test picture made by ffmpeg.',
  },
  { name: 'Colour bars', isFree: true, source: 'smptehdbars=s=320x180' },
  { name: 'Cellular automaton', isFree: true, source: 'cellauto=s=320x180:rule=110:seed=1' },
  { name: 'Test card', isFree: false, source: 'testsrc2=s=320x180' },
  { name: 'Colour chart', isFree: true, source: 'colorchart' },
  { name: 'Another gradient', isFree: false, source: 'gradients=s=320x180:c0=0x203060:c1=0xe0a040:speed=0.05:seed=2' },
  { name: 'RGB test pattern', isFree: true, source: 'rgbtestsrc=s=320x180' },
];

const run = promisify(execFile);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A 3-second H.264 clip of `source`: long enough for a poster, which comes from past the first second. */
async function makeClip(dir: string, index: number, source: string): Promise<string> {
  const file = join(dir, `clip-${index}.mp4`);
  // One thread and bit-exact output: the same bytes each run, so the sizes the pages show stay put.
  const exact = ['-threads', '1', '-fflags', '+bitexact', '-flags:v', '+bitexact'];
  const args = [
    '-v',
    'error',
    '-f',
    'lavfi',
    '-i',
    source,
    '-t',
    '3',
    '-r',
    '15',
    '-pix_fmt',
    'yuv420p',
    ...exact,
    file,
  ];
  await run('ffmpeg', args);
  return file;
}

/** The server as `npm start` runs it, with only the settings given; resolves once /healthz answers. */
async function startServer(dir: string) {
  const port = await freePort();
  const env = { PATH: process.env.PATH, HOME: process.env.HOME, PORT: String(port), LOG_LEVEL: 'warn' };
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: ROOT,
    env: { ...env, DATABASE_URL: `sqlite:${join(dir, 'app.db')}`, MEDIA_DIR: join(dir, 'media') },
    stdio: 'ignore',
  });
  const url = `http://127.0.0.1:${port}`;
  const healthy = () =>
    fetch(`${url}/healthz`).then(
      (res) => res.ok,
      () => false,
    );
  for (let tries = 0; !(await healthy()); tries++) {
    if (tries > 300 || child.exitCode !== null) throw new Error('the server did not start');
    await sleep(100);
  }
  return { url, stop: () => child.kill('SIGTERM') };
}

/** One GraphQL operation; an error in the answer stops the script. */
async function gql<T>(url: string, token: string | null, query: string, variables: object = {}): Promise<T> {
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { data: T; errors?: unknown[] };
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return body.data;
}

async function register(url: string, name: string): Promise<{ token: string; id: string }> {
  const query = 'mutation($n: String!, $p: String!) { register(name: $n, password: $p) { token user { id } } }';
  type Registered = { register: { token: string; user: { id: string } } };
  const { register } = await gql<Registered>(url, null, query, { n: name, p: PASSWORD });
  return { token: register.token, id: register.user.id };
}

/** A GraphQL multipart upload, as the API guide shows it. */
async function upload(url: string, token: string, file: string, video: (typeof VIDEOS)[number]): Promise<string> {
  const query =
    'mutation($file: Upload!, $free: Boolean!, $fp: String!, $name: String, $text: String) { uploadMovie(file: $file, isFree: $free, fingerprint: $fp, name: $name, description: $text) { id } }';
  const form = new FormData();
  const fingerprint = await fingerprintOfFile(file);
  const variables = { file: null, free: video.isFree, fp: fingerprint, name: video.name, text: video.description };
  form.set('operations', JSON.stringify({ query, variables }));
  form.set('map', JSON.stringify({ 0: ['variables.file'] }));
  form.set('0', new Blob([await readFile(file)], { type: 'video/mp4' }), basename(file));
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'x-graphql-yoga-csrf': '1' },
    body: form,
  });
  const body = (await res.json()) as { data?: { uploadMovie: { id: string } }; errors?: unknown };
  if (!res.ok || body.errors || !body.data) throw new Error(`the upload of ${video.name} failed`);
  return body.data.uploadMovie.id;
}

/** Posters and streams are made in the background after each upload. */
async function waitForMedia(url: string, token: string): Promise<void> {
  const query = '{ movies(first: 20) { edges { node { posterUrl processing { state } } } } }';
  type Page = { movies: { edges: { node: { posterUrl: string | null; processing: { state: string } } }[] } };
  const done = ({ node }: Page['movies']['edges'][number]) =>
    node.posterUrl !== null && ['READY', 'FAILED', 'UNSUPPORTED'].includes(node.processing.state);
  for (let tries = 0; tries < 600; tries++) {
    const { movies } = await gql<Page>(url, token, query);
    if (movies.edges.every(done)) return;
    await sleep(200);
  }
  throw new Error('the posters and streams were not made (is ffmpeg installed?)');
}

/** A browser signed in as `token`, in `theme`, whose GraphQL answers show every past instant as SHOWN_AS. */
async function signedIn(browser: Browser, url: string, token: string, device: keyof typeof DEVICES, theme: string) {
  const context = await browser.newContext({
    ...DEVICES[device],
    colorScheme: theme as (typeof THEMES)[number],
    locale: 'en-US',
    timezoneId: 'UTC',
    userAgent: USER_AGENT,
  });
  await context.addCookies([{ name: 'session', value: token, url }]);
  await context.route('**/graphql', async (route) => {
    try {
      const response = await route.fetch();
      const now = Date.now();
      const body = (await response.text()).replace(ISO_INSTANT, (instant, at: string) =>
        Date.parse(at) <= now ? `"${SHOWN_AS}"` : instant,
      );
      await route.fulfill({ response, body });
    } catch {
      // The page was closed with the request in flight: nobody waits for its answer.
    }
  });
  return context;
}

/** Each page of SHOTS, on each device and in each theme, as `<page>-<device>-<theme>.jpg`. */
async function photograph(url: string, tokens: Record<Shot['as'], string>, watched: string): Promise<void> {
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu'] });
  try {
    for (const device of Object.keys(DEVICES) as (keyof typeof DEVICES)[])
      for (const theme of THEMES) {
        const contexts: Partial<Record<Shot['as'], BrowserContext>> = {};
        for (const shot of SHOTS) {
          contexts[shot.as] ??= await signedIn(browser, url, tokens[shot.as], device, theme);
          const page = await contexts[shot.as]!.newPage();
          await page.goto(url + shot.path(watched));
          await page.locator('main').getByText(shot.ready, { exact: true }).first().waitFor();
          // Every panel's answer in, not only the first.
          await page.waitForLoadState('networkidle');
          // Every picture in view drawn, not only requested (those below load lazily, when scrolled to).
          await page.waitForFunction(() =>
            [...document.images]
              .filter((image) => image.getBoundingClientRect().top < innerHeight)
              .every((image) => image.complete && image.naturalWidth > 0),
          );
          await page.evaluate(() => document.fonts.ready);
          const path = join(OUTPUT_DIR, `${shot.name}-${device}-${theme}.jpg`);
          await page.screenshot({ path, type: 'jpeg', quality: 80, animations: 'disabled', caret: 'hide' });
          await page.close();
          console.log(`wrote ${path}`);
        }
        for (const context of Object.values(contexts)) await context.close();
      }
  } finally {
    await browser.close();
  }
}

const started = Date.now();
const dir = await mkdtemp(join(tmpdir(), 'youku-screenshot-'));
let server: Awaited<ReturnType<typeof startServer>> | undefined;
try {
  const clips = await Promise.all(VIDEOS.map((video, index) => makeClip(dir, index, video.source)));
  await buildWhenStale();
  server = await startServer(dir);
  const admin = await register(server.url, 'admin');
  const viewer = await register(server.url, 'viewer');
  for (const name of MORE_VIEWERS) await register(server.url, name);
  const ids: string[] = [];
  for (const [index, video] of VIDEOS.entries()) ids.push(await upload(server.url, admin.token, clips[index]!, video));
  const credit = 'mutation($id: ID!) { creditUser(id: $id, amount: 40) { balance } }';
  await gql(server.url, admin.token, credit, { id: viewer.id });
  await waitForMedia(server.url, admin.token);
  await mkdir(OUTPUT_DIR, { recursive: true });
  await photograph(server.url, { viewer: viewer.token, admin: admin.token }, ids[1]!);
  console.log(`done in ${Math.round((Date.now() - started) / 1000)} s`);
} finally {
  server?.stop();
  await rm(dir, { recursive: true, force: true });
}
