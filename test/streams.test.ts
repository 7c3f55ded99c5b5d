import { mkdir, rm, writeFile } from 'node:fs/promises';
import { randomUUID } from 'node:crypto';
import { dirname, join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { adminAndUser, type Account } from './support/accounts.js';
import { Client } from './support/client.js';
import { databases } from './support/databases.js';
import { eventually, makeVideo } from './support/media.js';
import { databaseBefore } from './support/migrations.js';
import { DELETE_MOVIE, MOVIE, uploadVideo, videoBytes } from './support/movies.js';
import { localStorageOf, startServer, type TestServer } from './support/server.js';
import { brightnessOfHalves, processedMovie, probeStreams, REPROCESS, streamTicket } from './support/streams.js';

/** Sources of a few seconds and small pictures: every rendition of them takes a moment on 2 cores. */
let media: Record<'hevc' | 'avi' | 'phone', Buffer>;
let mediaDir: string;

beforeAll(async () => {
  mediaDir = join(process.env.TMPDIR ?? '/tmp', `youku-streams-${process.pid}`);
  await mkdir(mediaDir, { recursive: true });
  const [hevc, avi, phone] = await Promise.all([
    makeVideo(mediaDir, 'hevc.mkv', { width: 1280, height: 720, seconds: 2, codec: 'libx265', rate: 10 }),
    makeVideo(mediaDir, 'part2.avi', { width: 640, height: 480, seconds: 2, codec: 'mpeg4', rate: 10 }),
    makeVideo(mediaDir, 'phone.mp4', { width: 320, height: 180, seconds: 2, rotate: 90, halves: true }),
  ]);
  media = { hevc, avi, phone };
});

afterAll(() => rm(mediaDir, { recursive: true, force: true }));

describe.each(databases)('streams on %s', (kind) => {
  let server: TestServer;
  let admin: Account;
  let user: Account;
  afterEach(() => server?.close());

  async function start(env: Record<string, string> = {}) {
    server = await startServer(kind, { DOWNLOAD_WAIT_SECONDS: '0', ...env });
    ({ admin, user } = await adminAndUser(new Client(server.url)));
  }

  /** The stored playlist of one rendition, as a file ffprobe can read. */
  async function storedPlaylist(height: number): Promise<string> {
    const key = (await server.stored()).find((stored) =>
      new RegExp(`^streams/[0-9a-f-]{36}/r1/${height}\\.m3u8$`).test(stored),
    );
    return localStorageOf(server).localPath(key!);
  }

  it('makes an H.264/AAC ladder of a 1280x720 HEVC Matroska upload, never above its height', async () => {
    await start();
    const uploaded = await uploadVideo(admin, { bytes: media.hevc, filename: 'hevc.mkv' });
    const movie = await processedMovie(user.client, uploaded.id);
    expect(movie.processing).toEqual({ state: 'READY', progress: null, error: null });
    expect(movie.renditions.map(({ width, height }) => `${width}x${height}`)).toEqual([
      '426x240',
      '640x360',
      '852x480',
      '1280x720',
    ]);
    for (const rendition of movie.renditions) {
      expect(rendition.codecs).toMatch(/^avc1\.64[0-9a-f]{4},mp4a\.40\.2$/);
      expect(rendition.bitrate).toBeGreaterThan(0);
    }
    const streams = await probeStreams(await storedPlaylist(720));
    expect(streams).toEqual([
      expect.objectContaining({ codec_name: 'h264', profile: 'High', pix_fmt: 'yuv420p', width: 1280, height: 720 }),
      expect.objectContaining({ codec_type: 'audio', codec_name: 'aac', channels: 2 }),
    ]);
    expect((await server.stored()).filter((key) => key.startsWith('streams/')).length).toBe(8);
  });

  it('streams a 640x480 MPEG-4 Part 2 AVI at 240, 360 and 480 lines', async () => {
    await start({ RENDITION_HEIGHTS: '240,360,480,720' });
    const uploaded = await uploadVideo(admin, { bytes: media.avi, filename: 'part2.avi' });
    const movie = await processedMovie(admin.client, uploaded.id);
    expect(movie.processing.state).toBe('READY');
    expect(movie.renditions.map(({ height }) => height)).toEqual([240, 360, 480]);
    expect(await probeStreams(await storedPlaylist(480))).toEqual([
      expect.objectContaining({ codec_name: 'h264', width: 640, height: 480 }),
      expect.objectContaining({ codec_name: 'aac' }),
    ]);
  });

  it('turns a rotated phone clip upright, adding its own height below the highest allowed', async () => {
    await start();
    const uploaded = await uploadVideo(admin, { bytes: media.phone, filename: 'phone.mp4' });
    const movie = await processedMovie(user.client, uploaded.id);
    expect(movie.renditions.map(({ width, height }) => `${width}x${height}`)).toEqual(['134x240', '180x320']);
    const playlist = await storedPlaylist(320);
    const [video] = await probeStreams(playlist);
    // The pixels are upright: no display matrix is left for a player to apply (or to ignore).
    expect(video).toMatchObject({ width: 180, height: 320 });
    expect(video!.side_data_list ?? []).toEqual([]);
    // The stored top half (white) is a side once turned: the halves differ left to right, not top to bottom.
    const halves = await brightnessOfHalves(playlist, 180, 320);
    expect(Math.abs(halves.left - halves.right)).toBeGreaterThan(100);
    expect(Math.abs(halves.top - halves.bottom)).toBeLessThan(20);
  });

  it('frees every byte of a deleted movie in the background, and keeps its row', async () => {
    await start();
    const uploaded = await uploadVideo(admin, { bytes: media.phone, filename: 'phone.mp4' });
    await processedMovie(user.client, uploaded.id);
    // The poster and the previews' two files (a sheet, then the cues) are stored after READY, one by one.
    const folders = async () => (await server.stored()).map((key) => key.split('/')[0]).join(' ');
    await eventually(
      folders,
      (stored) => stored === 'movies posters previews previews streams streams streams streams',
    );
    // A stream file of the layout before each run had a folder of its own goes too.
    const original = (await server.stored()).find((key) => key.startsWith('movies/'))!;
    const unfoldered = localStorageOf(server).localPath(`streams/${original.slice('movies/'.length)}/240.mp4`);
    await writeFile(unfoldered, 'made before runs had folders');
    await admin.client.ok(DELETE_MOVIE, { id: uploaded.id });
    await eventually(
      () => server.stored(),
      (keys) => keys.length === 0,
    );
    expect((await admin.client.ok(MOVIE, { id: uploaded.id })).movie).toMatchObject({ isDeleted: true });
  });

  it('makes the stream and the poster again on reprocessMovie under new keys, for admins only, and frees the earlier ones', async () => {
    await start();
    const uploaded = await uploadVideo(admin, { bytes: media.phone, filename: 'phone.mp4' });
    await processedMovie(user.client, uploaded.id);
    const posters = async () => (await server.stored()).filter((key) => key.startsWith('posters/'));
    const streams = async () => (await server.stored()).filter((key) => key.startsWith('streams/'));
    const [first] = await eventually(posters, (keys) => keys.length === 1);
    const firstStream = await streams();
    expect(firstStream).toHaveLength(4);
    expect(firstStream.every((key) => /^streams\/[0-9a-f-]{36}\/r1\/\d+\.(mp4|m3u8)$/.test(key))).toBe(true);
    await user.client.fails('FORBIDDEN', REPROCESS, { id: uploaded.id });
    await admin.client.fails('NOT_FOUND', REPROCESS, { id: Buffer.from('Movie:999').toString('base64') });

    const again = (await admin.client.ok(REPROCESS, { id: uploaded.id })).reprocessMovie;
    expect(again.processing).toEqual({ state: 'QUEUED', progress: null, error: null });
    expect(again.renditions).toEqual([]);
    const movie = await processedMovie(user.client, uploaded.id);
    expect(movie.processing.state).toBe('READY');
    expect(movie.renditions.map(({ height }) => height)).toEqual([240, 320]);
    const [second] = await eventually(posters, (keys) => keys.length === 1 && keys[0] !== first);
    expect(second).not.toBe(first);
    // Run 2 wrote keys of its own (a late job of run 1 cannot overwrite them), and run 1's are gone.
    expect(await streams()).toEqual(firstStream.map((key) => key.replace('/r1/', '/r2/')));
    const ticket = await streamTicket(admin.client, uploaded.id);
    const master = await fetch(ticket.streamUrl!);
    expect(master.status).toBe(200);
    expect(await probeStreams(ticket.streamUrl!)).toContainEqual(
      expect.objectContaining({ codec_name: 'h264', width: 180, height: 320 }),
    );
  });

  it('makes again, once, a stream of the layout before runs had folders, and frees its old files (migration 012)', async () => {
    const dir = join(mediaDir, `before-012-${kind}`);
    const uuid = randomUUID();
    const mediaFolder = join(dir, 'media');
    const legacy = [`streams/${uuid}/240.mp4`, `streams/${uuid}/240.m3u8`, `posters/${randomUUID()}.jpg`];
    for (const key of [`movies/${uuid}`, ...legacy]) await mkdir(join(mediaFolder, dirname(key)), { recursive: true });
    await writeFile(join(mediaFolder, `movies/${uuid}`), media.phone);
    for (const key of legacy) await writeFile(join(mediaFolder, key), 'made before runs had folders');
    const url = await databaseBefore(kind, dir, '012-stream-run-folders', async (db) => {
      const [uploader] = await db('users').insert({
        name: 'boss',
        name_key: 'boss',
        password_hash: 'not used',
        role: 'ADMIN',
        is_vip: false,
        is_locked: false,
        balance: 0,
        registered_at: new Date(),
      });
      const [movieId] = await db('movies').insert({
        name: 'phone',
        search_key: 'phone',
        description: '',
        is_free: true,
        size: media.phone.length,
        fingerprint: 'a'.repeat(32),
        sha256: 'b'.repeat(64),
        live_sha256: 'b'.repeat(64),
        storage_key: `movies/${uuid}`,
        uploader_id: uploader,
        uploaded_at: new Date(),
        is_deleted: false,
        processing_state: 'READY',
        processing_run: 1,
        poster_key: legacy[2],
      });
      await db('renditions').insert({
        movie_id: movieId,
        run: 1,
        width: 240,
        height: 240,
        frame_rate: 10,
        bitrate: 200_000,
        has_audio: true,
        progress: 1,
      });
    });
    server = await startServer(kind, { DATABASE_URL: url, MEDIA_DIR: mediaFolder, RENDITION_HEIGHTS: '240' });
    await eventually(
      () => server.rows('jobs'),
      (count) => count === 0,
    );
    expect(await server.db('movies').first('processing_state', 'processing_run')).toEqual({
      processing_state: 'READY',
      processing_run: 2,
    });
    const stored = await server.stored();
    for (const key of legacy) expect(stored).not.toContain(key);
    expect(stored.filter((key) => key.startsWith('streams/'))).toEqual(
      ['240.m3u8', '240.mp4'].map((file) => `streams/${uuid}/r2/${file}`),
    );
  });

  it('says UNSUPPORTED for bytes that are no video, which stay downloadable', async () => {
    await start();
    const uploaded = await uploadVideo(admin, { bytes: videoBytes(4096), filename: 'noise.mp4' });
    const movie = await processedMovie(user.client, uploaded.id);
    expect(movie).toMatchObject({ processing: { state: 'UNSUPPORTED', progress: null }, renditions: [] });
    expect((await server.stored()).filter((key) => key.startsWith('streams/'))).toEqual([]);
  });
});
