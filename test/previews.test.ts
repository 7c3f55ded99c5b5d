import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { adminAndUser, type Account } from './support/accounts.js';
import { Client } from './support/client.js';
import { databases } from './support/databases.js';
import { eventually, makeVideo, pictureSize } from './support/media.js';
import { uploadVideo } from './support/movies.js';
import { startServer, type TestServer } from './support/server.js';
import { movieStream } from './support/streams.js';

let clip: Buffer;
let mediaDir: string;

beforeAll(async () => {
  mediaDir = join(process.env.TMPDIR ?? '/tmp', `youku-previews-${process.pid}`);
  await mkdir(mediaDir, { recursive: true });
  clip = await makeVideo(mediaDir, 'clip.mp4', { width: 320, height: 240, seconds: 6, rate: 10 });
});

afterAll(() => rm(mediaDir, { recursive: true, force: true }));

describe.each(databases)('seek-bar previews on %s', (kind) => {
  let server: TestServer;
  let admin: Account;
  let user: Account;
  afterEach(() => server?.close());

  it('makes sprite sheets of tiles at most 192 px wide and a WebVTT file of #xywh cues, for logged-in users', async () => {
    server = await startServer(kind, { RENDITION_HEIGHTS: '120' });
    ({ admin, user } = await adminAndUser(new Client(server.url)));
    const uploaded = await uploadVideo(admin, { bytes: clip, filename: 'clip.mp4' });
    const movie = await eventually(
      () => movieStream(user.client, uploaded.id),
      (found) => found.previewsUrl !== null,
      100,
    );
    const url = movie.previewsUrl!;
    expect(url).toMatch(new RegExp(`^${server.url}/previews/[0-9a-f-]{36}/previews\\.vtt$`));
    const auth = { authorization: `Bearer ${user.token}` };
    const vtt = await fetch(url, { headers: auth });
    expect(vtt.status).toBe(200);
    expect(vtt.headers.get('content-type')).toMatch(/^text\/vtt/);
    expect((await vtt.text()).trim().split('\n\n')).toEqual([
      'WEBVTT',
      '00:00:00.000 --> 00:00:02.000\nsprite-1.jpg#xywh=0,0,160,120',
      '00:00:02.000 --> 00:00:04.000\nsprite-1.jpg#xywh=160,0,160,120',
      '00:00:04.000 --> 00:00:06.000\nsprite-1.jpg#xywh=320,0,160,120',
    ]);
    const sprite = await fetch(new URL('sprite-1.jpg', url), { headers: auth });
    expect(sprite.status).toBe(200);
    expect(sprite.headers.get('content-type')).toBe('image/jpeg');
    const saved = join(server.dir, 'sprite.jpg');
    await writeFile(saved, Buffer.from(await sprite.arrayBuffer()));
    // Ten by ten tiles of 160x120.
    expect(await pictureSize(saved)).toEqual({ width: 1600, height: 1200 });

    expect((await fetch(url)).status).toBe(401);
    expect((await fetch(new URL('sprite-2.jpg', url), { headers: auth })).status).toBe(404);
    expect((await fetch(new URL('other.jpg', url), { headers: auth })).status).toBe(404);
    const unknown = `${server.url}/previews/00000000-0000-0000-0000-000000000000/previews.vtt`;
    expect((await fetch(unknown, { headers: auth })).status).toBe(404);
  });
});
