/**
 * `npm run docs:screenshot`: writes docs/screenshot.png, the README's picture, from the real web
 * client. It starts the server on a database and media folder of its own, uploads a few short
 * videos made with ffmpeg through the API, waits for their posters, signs a viewer in through the
 * page in Debian's Chromium, and photographs the catalogue. Nothing it makes outlives it.
 */
import { execFile, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { chromium } from 'playwright-core';
import { fingerprintOfFile } from '../domain/catalogue/file-fingerprint.js';
import { freePort } from '../test/support/free-port.js';
import { buildWhenStale } from '../web/build-when-stale.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const OUTPUT = join(ROOT, 'docs/screenshot.png');
const CHROMIUM = '/usr/bin/chromium';
const PASSWORD = 'a password for the picture';

/**
 * The catalogue: two rows of the page. Names are Latin only: a machine without CJK fonts would draw
 * boxes for Chinese ones.
 */
const VIDEOS = [
  { name: 'Gradients', isFree: true, source: 'gradients=s=320x180:speed=0.02' },
  { name: 'Mandelbrot', isFree: false, source: 'mandelbrot=s=320x180' },
  { name: 'Colour bars', isFree: true, source: 'smptehdbars=s=320x180' },
  { name: 'Cellular automaton', isFree: true, source: 'cellauto=s=320x180:rule=110' },
  { name: 'Test card', isFree: false, source: 'testsrc2=s=320x180' },
  { name: 'Colour chart', isFree: true, source: 'colorchart' },
  { name: 'Another gradient', isFree: false, source: 'gradients=s=320x180:c0=0x203060:c1=0xe0a040:speed=0.05' },
  { name: 'RGB test pattern', isFree: true, source: 'rgbtestsrc=s=320x180' },
];

const run = promisify(execFile);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A 3-second H.264 clip of `source`: long enough for a poster, which comes from past the first second. */
async function makeClip(dir: string, index: number, source: string): Promise<string> {
  const file = join(dir, `clip-${index}.mp4`);
  const args = ['-v', 'error', '-f', 'lavfi', '-i', source, '-t', '3', '-r', '15', '-pix_fmt', 'yuv420p', file];
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
async function upload(url: string, token: string, file: string, video: (typeof VIDEOS)[number]): Promise<void> {
  const query =
    'mutation($file: Upload!, $free: Boolean!, $fp: String!, $name: String) { uploadMovie(file: $file, isFree: $free, fingerprint: $fp, name: $name) { id } }';
  const form = new FormData();
  const variables = { file: null, free: video.isFree, fp: await fingerprintOfFile(file), name: video.name };
  form.set('operations', JSON.stringify({ query, variables }));
  form.set('map', JSON.stringify({ 0: ['variables.file'] }));
  form.set('0', new Blob([await readFile(file)], { type: 'video/mp4' }), basename(file));
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'x-graphql-yoga-csrf': '1' },
    body: form,
  });
  if (!res.ok || 'errors' in ((await res.json()) as object)) throw new Error(`the upload of ${video.name} failed`);
}

/** Posters are made in the background after each upload. */
async function waitForPosters(url: string, token: string): Promise<void> {
  const query = '{ movies(first: 20) { edges { node { posterUrl } } } }';
  for (let tries = 0; tries < 300; tries++) {
    type Page = { movies: { edges: { node: { posterUrl: string | null } }[] } };
    const { movies } = await gql<Page>(url, token, query);
    if (movies.edges.every((edge) => edge.node.posterUrl)) return;
    await sleep(200);
  }
  throw new Error('the posters were not made (is ffmpeg installed?)');
}

async function photograph(url: string): Promise<void> {
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu'] });
  try {
    const page = await browser.newPage({ locale: 'en-US', viewport: { width: 1200, height: 900 } });
    await page.goto(url);
    await page.getByLabel('Name').fill('viewer');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText(VIDEOS[0]!.name).waitFor();
    // Every poster drawn, not only requested.
    await page.waitForFunction(() => [...document.images].every((image) => image.complete && image.naturalWidth > 0));
    await page.screenshot({ path: OUTPUT });
  } finally {
    await browser.close();
  }
}

const dir = await mkdtemp(join(tmpdir(), 'youku-screenshot-'));
let server: Awaited<ReturnType<typeof startServer>> | undefined;
try {
  const clips = await Promise.all(VIDEOS.map((video, index) => makeClip(dir, index, video.source)));
  await buildWhenStale();
  server = await startServer(dir);
  const admin = await register(server.url, 'admin');
  const viewer = await register(server.url, 'viewer');
  for (const [index, video] of VIDEOS.entries()) await upload(server.url, admin.token, clips[index]!, video);
  const credit = 'mutation($id: ID!) { creditUser(id: $id, amount: 40) { balance } }';
  await gql(server.url, admin.token, credit, { id: viewer.id });
  await waitForPosters(server.url, admin.token);
  await photograph(server.url);
  console.log(`wrote ${OUTPUT}`);
} finally {
  server?.stop();
  await rm(dir, { recursive: true, force: true });
}
