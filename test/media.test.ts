import { existsSync } from 'node:fs';
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../domain/accounts/passwords.js';
import { adminAndUser, LOGIN, PASSWORD, type Account } from './support/accounts.js';
import { Client } from './support/client.js';
import { databases } from './support/databases.js';
import { download, fetchMedia } from './support/downloads.js';
import {
  eventually,
  makeAudio,
  makeVideo,
  movieMedia,
  pictureSize,
  probedMovie,
  wrappedFfprobe,
  type MovieMediaShape,
} from './support/media.js';
import { databaseBefore } from './support/migrations.js';
import { DELETE_MOVIE, uploadVideo, videoBytes } from './support/movies.js';
import { backends } from './support/s3.js';
import { processedMovie } from './support/streams.js';
import { startServer, type TestServer } from './support/server.js';

const run = promisify(execFile);

/** Media made once for every test: 1-2 s and small, so that probing and posters stay quick. */
let media: Record<'clip' | 'wide' | 'phone' | 'tone' | 'secret', Buffer>;
let mediaDir: string;

beforeAll(async () => {
  mediaDir = join(process.env.TMPDIR ?? '/tmp', `youku-media-${process.pid}`);
  await mkdir(mediaDir, { recursive: true });
  const [clip, wide, phone, tone, secret] = await Promise.all([
    makeVideo(mediaDir, 'clip.mp4', { width: 320, height: 240, seconds: 2 }),
    makeVideo(mediaDir, 'wide.mp4', { width: 1280, height: 720, seconds: 1 }),
    makeVideo(mediaDir, 'phone.mp4', { width: 320, height: 180, seconds: 2, rotate: 90 }),
    makeAudio(mediaDir, 'tone.m4a', 1),
    makeVideo(mediaDir, 'secret.mp4', { width: 176, height: 144, seconds: 1, frequency: 880 }),
  ]);
  media = { clip: clip, wide: wide, phone: phone, tone: tone, secret: secret };
});

afterAll(() => rm(mediaDir, { recursive: true, force: true }));

describe.each(backends)('media on %s with %s storage', (kind, storage) => {
  let server: TestServer;
  let admin: Account;
  let user: Account;
  afterEach(() => server?.close());

  async function start(env: Record<string, string> = {}) {
    server = await startServer(kind, { DOWNLOAD_WAIT_SECONDS: '0', ...env }, { storage });
    ({ admin, user } = await adminAndUser(new Client(server.url)));
  }

  /** Waits until no job is left in the queue (the probe and, for a picture, the poster ran). */
  async function settled(): Promise<void> {
    await eventually(
      () => server.rows('jobs'),
      (count) => count === 0,
    );
  }

  async function fetchPoster(movie: MovieMediaShape, headers: Record<string, string> = {}) {
    return fetch(movie.posterUrl!, { headers });
  }

  it('answers the upload before the probe ends, then shows what ffprobe found and a poster', async () => {
    const ffprobe = await wrappedFfprobe(await toolsFolder(), true);
    await start({ FFPROBE_PATH: ffprobe.path });
    const uploaded = await uploadVideo(admin, { bytes: media.clip, filename: 'clip.mp4', name: '片段' });
    await eventually(() => ffprobe.hasStarted(), Boolean);
    // The probe is under way and held: the upload has already been answered, with nothing found yet.
    const during = await movieMedia(user.client, uploaded.id);
    expect(during).toMatchObject({ mediaInfo: null, posterUrl: null, isPlayable: null });
    await ffprobe.open();
    const movie = await probedMovie(user.client, uploaded.id, true);
    expect(movie.isPlayable).toBe(true);
    expect(movie.mediaInfo).toEqual({
      durationSeconds: expect.closeTo(2, 1),
      width: 320,
      height: 240,
      videoCodec: 'h264',
      audioCodec: 'aac',
      mimeType: 'video/mp4',
    });
    expect(movie.posterUrl).toMatch(new RegExp(`^${server.url}/posters/[0-9a-f-]{36}\\.jpg$`));
  });

  it('makes a JPEG poster at most 640 px wide with the aspect kept, for logged-in users only', async () => {
    await start();
    const uploaded = await uploadVideo(admin, { bytes: media.wide, filename: 'wide.mp4' });
    const movie = await probedMovie(user.client, uploaded.id, true);
    expect(movie.mediaInfo).toMatchObject({ width: 1280, height: 720 });

    const poster = await fetchPoster(movie, { authorization: `Bearer ${user.token}` });
    expect(poster.status).toBe(200);
    expect(poster.headers.get('content-type')).toBe('image/jpeg');
    expect(poster.headers.get('cache-control')).toMatch(/max-age=31536000/);
    const jpeg = Buffer.from(await poster.arrayBuffer());
    expect(jpeg.subarray(0, 3).equals(Buffer.from([0xff, 0xd8, 0xff]))).toBe(true);
    const saved = join(server.dir, 'poster.jpg');
    await writeFile(saved, jpeg);
    expect(await pictureSize(saved)).toEqual({ width: 640, height: 360 });

    const byCookie = await fetchPoster(movie, { cookie: `session=${user.token}` });
    expect(byCookie.status).toBe(200);
    const anonymous = await fetchPoster(movie);
    expect(anonymous.status).toBe(401);
    expect((await anonymous.json()).errors[0].extensions.code).toBe('UNAUTHENTICATED');
    const forged = await fetchPoster(movie, { authorization: 'Bearer nonsense' });
    expect(forged.status).toBe(401);
    const unknown = await fetch(`${server.url}/posters/00000000-0000-0000-0000-000000000000.jpg`, {
      headers: { authorization: `Bearer ${user.token}` },
    });
    expect(unknown.status).toBe(404);
    const traversal = await fetch(`${server.url}/posters/..%2Fmovies%2Fx`, {
      headers: { authorization: `Bearer ${user.token}` },
    });
    expect(traversal.status).toBe(404);
    // A deleted video's poster is shown to admins only, as the video itself is.
    await admin.client.ok(DELETE_MOVIE, { id: uploaded.id });
    expect((await fetchPoster(movie, { authorization: `Bearer ${user.token}` })).status).toBe(404);
    expect((await fetchPoster(movie, { authorization: `Bearer ${admin.token}` })).status).toBe(200);
    // Posters are stored beside the videos, under keys of their own.
    const posters = (await server.stored()).filter((key) => key.startsWith('posters/'));
    expect(posters).toEqual([`posters/${movie.posterUrl!.split('/').pop()}`]);
  });

  it('applies a phone video’s rotation: taller than wide, and so is its poster', async () => {
    await start();
    const uploaded = await uploadVideo(admin, { bytes: media.phone, filename: 'phone.mp4' });
    const movie = await probedMovie(user.client, uploaded.id, true);
    expect(movie.mediaInfo).toMatchObject({ width: 180, height: 320, videoCodec: 'h264' });
    const poster = await fetchPoster(movie, { authorization: `Bearer ${user.token}` });
    const saved = join(server.dir, 'poster.jpg');
    await writeFile(saved, Buffer.from(await poster.arrayBuffer()));
    expect(await pictureSize(saved)).toEqual({ width: 180, height: 320 });
  });

  it('probes audio without a picture: no size, no video codec, no poster, an audio type', async () => {
    await start();
    const uploaded = await uploadVideo(admin, { bytes: media.tone, filename: 'tone.m4a', name: 'tone' });
    const movie = await probedMovie(user.client, uploaded.id, false);
    await settled();
    expect(movie.mediaInfo).toEqual({
      durationSeconds: expect.closeTo(1, 1),
      width: null,
      height: null,
      videoCodec: null,
      audioCodec: 'aac',
      mimeType: 'audio/mp4',
    });
    // Sound only: no picture to play, though the file downloads as what it is.
    expect(await movieMedia(user.client, uploaded.id)).toMatchObject({ posterUrl: null, isPlayable: false });
    const response = await fetchMedia(server.url, await download(user.client, uploaded.id));
    expect(response.headers.get('content-type')).toBe('audio/mp4');
    expect(response.headers.get('content-disposition')).toBe('attachment; filename=tone.m4a');
  });

  it.each([
    ['random bytes', () => videoBytes(50_000, 7)],
    ['a truncated MP4', () => media.clip.subarray(0, Math.floor(media.clip.length / 2))],
  ])('keeps %s downloadable with mediaInfo null, probed once, and says it cannot be played', async (_what, bytes) => {
    const ffprobe = await wrappedFfprobe(await toolsFolder(), true);
    await start({ FFPROBE_PATH: ffprobe.path, JOB_RETRY_SECONDS: '1' });
    const content = bytes();
    const uploaded = await uploadVideo(admin, { bytes: content, filename: 'broken.mp4' });
    // Not probed yet: nothing is known, which is not the same as unreadable.
    await eventually(() => ffprobe.hasStarted(), Boolean);
    expect(await movieMedia(user.client, uploaded.id)).toMatchObject({ mediaInfo: null, isPlayable: null });
    await ffprobe.open();
    await settled();
    expect(await movieMedia(user.client, uploaded.id)).toMatchObject({
      mediaInfo: null,
      posterUrl: null,
      isPlayable: false,
    });
    expect(await ffprobe.calls()).toHaveLength(1);
    const [row] = await server.db('movies').whereNotNull('probed_at').select('id');
    expect(row).toBeDefined();
    const response = await fetchMedia(server.url, await download(user.client, uploaded.id));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/octet-stream');
    expect(Buffer.from(await response.arrayBuffer()).equals(content)).toBe(true);
  });

  it('retries a probe that timed out after a growing wait, and keeps it as failed after the last attempt', async () => {
    // A stand-in that never gets past its gate: every run is killed at MEDIA_TIMEOUT_SECONDS.
    const stuck = await wrappedFfprobe(await toolsFolder(), true);
    await start({
      FFPROBE_PATH: stuck.path,
      MEDIA_TIMEOUT_SECONDS: '1',
      JOB_RETRY_SECONDS: '1',
      JOB_MAX_ATTEMPTS: '2',
    });
    const uploaded = await uploadVideo(admin, { bytes: media.clip, filename: 'clip.mp4' });
    const failedOnce = await eventually(
      () => server.db('jobs').first(),
      (job) => job?.attempts === 1 && job.leased_by === null,
    );
    expect(failedOnce.last_error).toMatch(/ffprobe/);
    expect(failedOnce.failed_at).toBeNull();
    const failed = await eventually(
      () => server.db('jobs').first(),
      (job) => job?.failed_at !== null,
    );
    expect(failed.attempts).toBe(2);
    expect(await stuck.calls()).toHaveLength(2);
    // An operator reads both failures in the log, the last one at level error.
    const failures = server.logs.filter((line) => line.msg?.startsWith('a background job failed'));
    expect(failures.map((line) => line.level)).toEqual([40, 50]);
    expect(failures[1]).toMatchObject({
      job: { kind: 'probe', attempts: 2 },
      err: { message: expect.stringMatching(/ffprobe/) },
    });
    // Probes that failed are no verdict on the file: whether it plays is still unknown.
    expect(await movieMedia(user.client, uploaded.id)).toMatchObject({
      mediaInfo: null,
      posterUrl: null,
      isPlayable: null,
    });
    await stuck.open();
  });

  it('reads nothing that a crafted HLS playlist points at outside its own file', async () => {
    await start();
    // If ffprobe followed the first playlist, it would find the secret video's picture and sound.
    const targets = [`file://${join(mediaDir, 'secret.mp4')}`, 'file:///etc/passwd'];
    const ids: string[] = [];
    for (const [i, target] of targets.entries()) {
      const playlist = ['#EXTM3U', '#EXT-X-TARGETDURATION:1', '#EXTINF:1,', target, '#EXT-X-ENDLIST', ''].join('\n');
      const name = `evil ${i}`;
      ids.push((await uploadVideo(admin, { bytes: Buffer.from(playlist), filename: 'evil.m3u8', name })).id);
    }
    await settled();
    for (const id of ids) {
      expect(await movieMedia(user.client, id)).toMatchObject({ mediaInfo: null, posterUrl: null });
    }
  });

  it('serves the probed type and the names `curl -OJ` saves, and an inline variant for <video>', async () => {
    await start();
    const named = await uploadVideo(admin, { bytes: media.clip, filename: 'Clip.MP4', name: '功夫熊猫' });
    const quoted = await uploadVideo(admin, { bytes: media.phone, filename: 'x.mov', name: '功夫 "熊猫".mp4' });
    await probedMovie(user.client, named.id, true);
    await probedMovie(user.client, quoted.id, true);

    const ticket = await download(user.client, named.id);
    const attachment = await fetchMedia(server.url, ticket, { method: 'HEAD' });
    expect(attachment.headers.get('content-type')).toBe('video/mp4');
    const disposition = Buffer.from(attachment.headers.get('content-disposition')!, 'latin1').toString('utf8');
    expect(disposition).toBe(
      `attachment; filename="功夫熊猫.mp4"; filename*=UTF-8''${encodeURIComponent('功夫熊猫.mp4')}`,
    );
    const inline = await fetchMedia(server.url, { ...ticket, url: `${ticket.url}?inline=1` }, { method: 'HEAD' });
    expect(inline.headers.get('content-disposition')).toMatch(/^inline; filename="/);

    for (const [i, [movie, saved]] of (
      [
        [named, '功夫熊猫.mp4'],
        // The name ends in the uploaded file's extension, whatever extension the display name has.
        [quoted, "功夫 '熊猫'.mp4.mov"],
      ] as const
    ).entries()) {
      const folder = join(server.dir, `curl-${i}`);
      await mkdir(folder);
      const { url } = await download(user.client, movie.id);
      await run('curl', ['-sS', '-f', '-O', '-J', url], { cwd: folder });
      expect(await readdir(folder)).toEqual([saved]);
      const bytes = await readFile(join(folder, saved));
      expect(bytes.equals(movie === named ? media.clip : media.phone)).toBe(true);
    }
  });

  it.each([
    [
      'without ffprobe and ffmpeg',
      () => ({ FFPROBE_PATH: join(mediaDir, 'no-such'), FFMPEG_PATH: join(mediaDir, 'nope') }),
    ],
    ['with a memory limit they cannot start in', () => ({ MEDIA_MEMORY_LIMIT_MB: '16' })],
  ])('starts %s, warns once, and leaves the jobs waiting', async (_what, env) => {
    await start(env());
    const uploaded = await uploadVideo(admin, { bytes: media.clip, filename: 'clip.mp4' });
    const warnings = server.logs.filter((line) => /ffprobe not found/.test(line.msg ?? ''));
    expect(warnings).toHaveLength(1);
    // Several polls later the job still waits, untouched.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const [job] = await server.db('jobs').select('kind', 'attempts');
    expect(job).toMatchObject({ kind: 'probe', attempts: 0 });
    expect(await movieMedia(user.client, uploaded.id)).toMatchObject({ mediaInfo: null, posterUrl: null });
    const response = await fetchMedia(server.url, await download(user.client, uploaded.id));
    expect(response.headers.get('content-type')).toBe('application/octet-stream');
    expect(server.logs.filter((line) => /ffprobe not found/.test(line.msg ?? ''))).toHaveLength(1);
  });

  // SQLite serves one writer, and two servers in this one test process would wait on each other's
  // locks with the whole event loop blocked: SQLite deployments run a single server.
  it.runIf(kind === 'mysql')('never runs one job twice when two servers share the database', async () => {
    const ffprobe = await wrappedFfprobe(await toolsFolder());
    const env = { FFPROBE_PATH: ffprobe.path, JOB_CONCURRENCY: '2', JOB_POLL_MS: '10' };
    await start(env);
    const twin = await startServer(kind, env, { sharing: server });
    try {
      const ids: string[] = [];
      for (let seed = 1; seed <= 8; seed++) {
        ids.push((await uploadVideo(admin, { bytes: videoBytes(20_000, seed), filename: `n${seed}.bin` })).id);
      }
      await settled();
      const calls = await ffprobe.calls();
      expect(calls).toHaveLength(8);
      expect(new Set(calls).size).toBe(8);
    } finally {
      await twin.close();
    }
  });
});

describe.each(databases)('the media migration on %s', (kind) => {
  let server: TestServer | undefined;
  afterEach(() => server?.close());

  it('queues one probe for each movie that was not deleted (its stream follows) and frees the deleted ones', async () => {
    const dir = await toolsFolder();
    const mediaFolder = join(dir, 'media');
    const keys = [`movies/${randomUUID()}`, `movies/${randomUUID()}`];
    await mkdir(join(mediaFolder, 'movies'), { recursive: true });
    for (const key of keys) await writeFile(join(mediaFolder, key), media.clip);
    const url = await databaseBefore(kind, dir, '005-media-and-jobs', async (db) => {
      const [adminId] = await db('users').insert({
        name: 'boss',
        name_key: 'boss',
        password_hash: await hashPassword(PASSWORD),
        role: 'ADMIN',
        is_vip: false,
        is_locked: false,
        balance: 0,
        registered_at: new Date(),
      });
      const movie = (name: string, key: string, deleted: boolean) => ({
        name,
        search_key: name,
        is_free: true,
        size: media.clip.length,
        fingerprint: 'a'.repeat(32),
        sha256: name.repeat(64).slice(0, 64),
        live_sha256: deleted ? null : name.repeat(64).slice(0, 64),
        storage_key: key,
        uploader_id: adminId,
        uploaded_at: new Date(),
        is_deleted: deleted,
      });
      await db('movies').insert([movie('a', keys[0]!, false), movie('b', keys[1]!, true)]);
    });
    server = await startServer(kind, { DATABASE_URL: url, MEDIA_DIR: mediaFolder });
    const client = new Client(server.url);
    const login = (await client.ok(LOGIN, { name: 'boss', password: PASSWORD })).login;
    const admin = client.as(login.token);
    const [live, deleted] = (await server.db('movies').orderBy('id').select('id')).map((row) =>
      Buffer.from(`Movie:${row.id}`).toString('base64'),
    );
    const movie = await probedMovie(admin, live!, true);
    expect(movie.mediaInfo).toMatchObject({ width: 320, height: 240, mimeType: 'video/mp4' });
    // Migration 009's backfill: the stream of a movie uploaded before streams existed, and the bytes
    // of one deleted before deleting freed them.
    expect((await processedMovie(admin, live!)).processing.state).toBe('READY');
    await eventually(
      () => server!.rows('jobs'),
      (count) => count === 0,
    );
    expect(await movieMedia(admin, deleted!)).toMatchObject({ mediaInfo: null, posterUrl: null });
    expect(existsSync(join(mediaFolder, keys[1]!))).toBe(false);
  });
});

/** A fresh folder for a test's tool stand-ins. */
async function toolsFolder(): Promise<string> {
  const dir = join(mediaDir, `tools-${Math.random().toString(16).slice(2)}`);
  await mkdir(dir);
  return dir;
}
