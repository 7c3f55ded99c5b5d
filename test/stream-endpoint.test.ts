import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminAndUser, LOCK_USER, type Account } from './support/accounts.js';
import { Client } from './support/client.js';
import { ManualClock } from './support/clock.js';
import { eventually, makeVideo } from './support/media.js';
import { DELETE_MOVIE, uploadVideo, videoBytes, type MovieShape } from './support/movies.js';
import { backends } from './support/s3.js';
import { startServer, type TestServer } from './support/server.js';
import { processedMovie, probeStreams, streamTicket } from './support/streams.js';

let clips: Buffer[];
let mediaDir: string;

beforeAll(async () => {
  mediaDir = join(process.env.TMPDIR ?? '/tmp', `youku-stream-endpoint-${process.pid}`);
  await mkdir(mediaDir, { recursive: true });
  clips = await Promise.all(
    [440, 880].map((frequency) =>
      makeVideo(mediaDir, `clip-${frequency}.mp4`, { width: 320, height: 240, seconds: 2, frequency, rate: 10 }),
    ),
  );
});

afterAll(() => rm(mediaDir, { recursive: true, force: true }));

/** The wait for free videos, which tickets of the stream obey too. */
const WAIT = 30;

describe.each(backends)('the stream endpoint on %s with %s storage', (kind, storage) => {
  let server: TestServer;
  let clock: ManualClock;
  let admin: Account;
  let user: Account;
  let movie: MovieShape;

  beforeAll(async () => {
    clock = new ManualClock();
    server = await startServer(
      kind,
      {
        DOWNLOAD_WAIT_SECONDS: String(WAIT),
        RENDITION_HEIGHTS: '120,240',
        TICKET_TTL_SECONDS: '3600',
        // A lock or a deletion reaches a ticket in use within this bound: the test asks until it has.
        TICKET_CHECK_CACHE_MS: '100',
      },
      { clock, storage },
    );
    ({ admin, user } = await adminAndUser(new Client(server.url)));
    movie = await uploadVideo(admin, { bytes: clips[0]!, filename: 'clip.mp4', isFree: true });
    await processedMovie(admin.client, movie.id);
  }, 120_000);

  afterAll(() => server?.close());

  /** A ticket of `account` for `id` that serves now (its wait passed on the server's clock). */
  async function readyTicket(account: Account, id = movie.id) {
    const ticket = await streamTicket(account.client, id);
    clock.advance(WAIT);
    return ticket;
  }

  it('serves a master playlist that ffprobe plays through, and rendition files with Range', async () => {
    const ticket = await readyTicket(user);
    expect(ticket.streamUrl).toBe(`${ticket.url}/stream/master.m3u8`);
    const master = await fetch(ticket.streamUrl!);
    expect(master.status).toBe(200);
    expect(master.headers.get('content-type')).toMatch(/^application\/vnd\.apple\.mpegurl/);
    const text = await master.text();
    const variants = text.split('\n').filter((line) => line.startsWith('#EXT-X-STREAM-INF:'));
    expect(variants).toEqual([
      expect.stringMatching(
        /BANDWIDTH=\d+,.*RESOLUTION=160x120,FRAME-RATE=10\.000,CODECS="avc1\.64[0-9a-f]{4},mp4a\.40\.2"/,
      ),
      expect.stringMatching(
        /BANDWIDTH=\d+,.*RESOLUTION=320x240,FRAME-RATE=10\.000,CODECS="avc1\.64[0-9a-f]{4},mp4a\.40\.2"/,
      ),
    ]);
    expect(text.split('\n').filter((line) => line && !line.startsWith('#'))).toEqual(['120.m3u8', '240.m3u8']);

    const streams = await probeStreams(ticket.streamUrl!);
    expect(streams.map((stream) => stream.codec_name).sort()).toEqual(['aac', 'aac', 'h264', 'h264']);

    // A rendition's playlist names only its own file, by byte ranges: no storage key, no other ticket.
    const playlist = await (await fetch(new URL('240.m3u8', ticket.streamUrl!))).text();
    const uris = playlist.split('\n').filter((line) => line && !line.startsWith('#'));
    expect(new Set(uris)).toEqual(new Set(['240.mp4']));
    expect(playlist).toMatch(/#EXT-X-MAP:URI="240\.mp4",BYTERANGE="\d+@0"/);
    expect(playlist + text).not.toMatch(/streams\/|movies\/|[0-9a-f]{8}-[0-9a-f]{4}-/);
    const part = await fetch(new URL('240.mp4', ticket.streamUrl!), { headers: { range: 'bytes=0-99' } });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-type')).toBe('video/mp4');
    expect((await part.arrayBuffer()).byteLength).toBe(100);
  });

  it('obeys its ticket: early, unknown, locked, another file, deleted and expired are refused', async () => {
    const early = await streamTicket(user.client, movie.id);
    const master = (ticket: { streamUrl: string | null }, file = 'master.m3u8') =>
      fetch(new URL(file, ticket.streamUrl!));
    const refusal = await master(early, '240.mp4');
    expect(refusal.status).toBe(425);
    expect(refusal.headers.get('retry-after')).toBe(String(WAIT));
    clock.advance(WAIT);
    expect((await master(early)).status).toBe(200);

    const forged = early.streamUrl!.replace(/media\/[^/]+/, `media/${'A'.repeat(43)}`);
    expect((await fetch(forged)).status).toBe(404);
    for (const file of ['480.mp4', '0240.mp4', '..%2F240.mp4', 'master.m3u8.mp4', '240.m4s']) {
      expect((await master(early, file)).status).toBe(404);
    }

    await admin.client.ok(LOCK_USER, { id: user.user.id, locked: true });
    const locked = await eventually(
      () => master(early, '240.m3u8'),
      (answer) => answer.status === 403,
    );
    expect((await locked.json()).errors[0].extensions.code).toBe('ACCOUNT_LOCKED');
    await admin.client.ok(LOCK_USER, { id: user.user.id, locked: false });
    await eventually(
      () => master(early, '240.m3u8'),
      (answer) => answer.status === 200,
    );

    // A ticket opens its own video's stream only: another video's is reached by its own ticket.
    const other = await uploadVideo(admin, { bytes: clips[1]!, filename: 'other.mp4', isFree: true });
    await processedMovie(admin.client, other.id);
    // The lock ended the user's sessions; the ticket itself outlives them.
    const otherTicket = await readyTicket(admin, other.id);
    const ownBytes = await (await master(early, '240.mp4')).arrayBuffer();
    const otherBytes = await (await master(otherTicket, '240.mp4')).arrayBuffer();
    expect(Buffer.from(ownBytes).equals(Buffer.from(otherBytes))).toBe(false);
    await admin.client.ok(DELETE_MOVIE, { id: other.id });
    await eventually(
      () => master(otherTicket),
      (answer) => answer.status === 410,
    );
    expect((await master(early)).status).toBe(200);

    clock.advance(3600);
    expect((await master(early, '240.mp4')).status).toBe(410);
  });

  it('gives no stream URL for bytes that are no video', async () => {
    const noise = await uploadVideo(admin, { bytes: videoBytes(4096, 7), filename: 'noise.mp4', isFree: false });
    expect((await processedMovie(admin.client, noise.id)).processing.state).toBe('UNSUPPORTED');
    const ticket = await streamTicket(admin.client, noise.id);
    expect(ticket.streamUrl).toBeNull();
    expect((await fetch(`${ticket.url}/stream/master.m3u8`)).status).toBe(404);
  });
});

describe.each(backends.filter(([, storage]) => storage === 's3'))(
  'the stream on %s with %s storage and MEDIA_REDIRECT=presigned',
  (kind, storage) => {
    let server: TestServer;
    afterAll(() => server?.close());

    it('redirects the rendition files to the store once the ticket passes, and serves the playlists itself', async () => {
      server = await startServer(
        kind,
        { DOWNLOAD_WAIT_SECONDS: '0', RENDITION_HEIGHTS: '240', MEDIA_REDIRECT: 'presigned' },
        { storage },
      );
      const { admin } = await adminAndUser(new Client(server.url));
      const movie = await uploadVideo(admin, { bytes: clips[0]!, filename: 'clip.mp4' });
      await processedMovie(admin.client, movie.id);
      const ticket = await streamTicket(admin.client, movie.id);
      const playlist = await fetch(new URL('240.m3u8', ticket.streamUrl!), { redirect: 'manual' });
      expect(playlist.status).toBe(200);
      const media = await fetch(new URL('240.mp4', ticket.streamUrl!), { redirect: 'manual' });
      expect(media.status).toBe(302);
      expect(media.headers.get('location')).toMatch(/X-Amz-Signature=/);
      expect((await probeStreams(ticket.streamUrl!)).map((stream) => stream.codec_name).sort()).toEqual([
        'aac',
        'h264',
      ]);
    });
  },
);
