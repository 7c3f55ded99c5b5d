import { createHash } from 'node:crypto';
import { copyFile, mkdir, readFile, readdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { fingerprintOfFile } from '../domain/catalogue/file-fingerprint.js';
import { LOGIN, PASSWORD } from './support/accounts.js';
import { Client } from './support/client.js';
import { ManualClock } from './support/clock.js';
import { cliJson, finished, runCli, spawnCli, type CliOptions } from './support/cli.js';
import { databases } from './support/databases.js';
import { FreezableProxy } from './support/freezable-proxy.js';
import { videoBytes } from './support/movies.js';
import { RESUMABLE_UPLOADS, type ResumableUploadShape } from './support/resumable.js';
import { startServer, type TestServer } from './support/server.js';
import { totpAt, wrongTotpAt } from './support/two-factor.js';

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
/** A real 4-second H.264/AAC MP4 (test/web-journeys.test.ts says how it was made). */
const CLIP = join(import.meta.dirname, 'fixtures/clip.mp4');

describe.each(databases)('the command-line client on %s', (kind) => {
  let server: TestServer;
  afterEach(() => server?.close());

  /** A person at their own machine: a config folder, a working folder, and this server. */
  async function person(
    name: string,
  ): Promise<CliOptions & { run: (...args: string[]) => Promise<Record<string, any>> }> {
    const home = join(server.dir, name);
    await mkdir(join(home, 'work'), { recursive: true });
    const options = { configHome: home, cwd: join(home, 'work') };
    return { ...options, run: (...args) => cliJson(['--server', server.url, ...args], options) };
  }

  async function registered(name: string) {
    const who = await person(name);
    const run = await runCli(['register', name, '--password-stdin', '--server', server.url], {
      ...who,
      input: `${PASSWORD}\n`,
    });
    expect(run.code, run.stderr).toBe(0);
    return who;
  }

  it('takes an admin through accounts, uploads, notices and coins, in JSON', async () => {
    server = await startServer(kind, { DOWNLOAD_WAIT_SECONDS: '0' });
    const admin = await registered('boss');
    const sessionFile = join(admin.configHome, 'youku', 'sessions.json');
    expect((await stat(sessionFile)).mode & 0o777).toBe(0o600);
    expect((await admin.run('whoami')).me).toMatchObject({ name: 'boss', role: 'ADMIN' });

    const bytes = videoBytes(300_000, 7);
    await writeFile(join(admin.cwd!, 'clip.mp4'), bytes);
    const { fingerprint } = await admin.run('fingerprint', 'clip.mp4');
    expect(fingerprint).toBe(await fingerprintOfFile(join(admin.cwd!, 'clip.mp4')));
    const { movie } = await admin.run('upload', 'clip.mp4', '--paid', '--name', '海上 日出.mp4');
    expect(movie).toMatchObject({ name: '海上 日出.mp4', isFree: false, size: bytes.length, sha256: sha256(bytes) });
    expect((await admin.run('movies', '--type', 'charge')).movies.map((m: { id: string }) => m.id)).toEqual([movie.id]);
    expect((await admin.run('movies', '--type', 'free')).movies).toEqual([]);
    expect((await admin.run('movie', movie.id)).movie).toMatchObject({ name: '海上 日出.mp4', fingerprint });

    await admin.run('notice', 'Welcome', 'New videos every week.');
    expect((await admin.run('notices')).notices).toMatchObject([{ title: 'Welcome', author: { name: 'boss' } }]);

    const viewer = await registered('viewer');
    const { user } = await admin.run('user', 'viewer');
    expect((await admin.run('credit', user.id, '50')).user.balance).toBe(50);
    expect((await admin.run('credit', user.id, '-20')).user.balance).toBe(30);
    expect((await admin.run('lock', user.id)).user.isLocked).toBe(true);
    const locked = await runCli(['--server', server.url, 'whoami'], viewer);
    expect([locked.code, locked.stderr]).toEqual([1, expect.stringContaining('UNAUTHENTICATED')]);
    expect((await admin.run('unlock', user.id)).user.isLocked).toBe(false);

    const created = await runCli(['--server', server.url, '--json', 'create-admin', 'deputy', '--password-stdin'], {
      ...admin,
      input: `${PASSWORD}\n`,
    });
    expect(JSON.parse(created.stdout).user).toMatchObject({ name: 'deputy', role: 'ADMIN' });
    expect((await admin.run('users', '--all')).users.map((u: { name: string }) => u.name)).toEqual([
      'deputy',
      'viewer',
      'boss',
    ]);

    expect((await admin.run('delete', movie.id)).movie.isDeleted).toBe(true);
    expect((await admin.run('movies')).movies).toEqual([]);
    expect((await admin.run('logout')).logout).toBe(true);
    expect(JSON.parse(await readFile(sessionFile, 'utf8'))).toEqual({});
  });

  it('takes a user through a paid download, history, coins and VIP', async () => {
    server = await startServer(kind, { DOWNLOAD_WAIT_SECONDS: '1', PRICE_REGULAR: '10', VIP_PRICE: '30' });
    const admin = await registered('boss');
    const bytes = videoBytes(200_000, 3);
    await writeFile(join(admin.cwd!, 'a.mp4'), bytes);
    const { movie } = await admin.run('upload', 'a.mp4', '--paid', '--name', '../../etc/片名.mp4');
    const viewer = await registered('viewer');
    await admin.run('credit', (await admin.run('user', 'viewer')).user.id, '45');

    // A paid video is not bought without a yes, when there is no terminal to ask on.
    const unasked = await runCli(['--server', server.url, 'download', movie.id], viewer);
    expect([unasked.code, unasked.stderr]).toEqual([1, expect.stringContaining('--yes')]);
    expect((await viewer.run('coins')).balance).toBe(45);

    const { download } = await viewer.run('download', movie.id, '--yes');
    // The server's name is never a path: the file lands in the working folder, its name intact.
    expect(download).toMatchObject({ path: '_.._etc_片名.mp4', price: 10, sha256: sha256(bytes) });
    expect(await readdir(viewer.cwd!)).toEqual(['_.._etc_片名.mp4']);
    const again = await runCli(['--server', server.url, 'download', movie.id, '--yes'], viewer);
    expect([again.code, again.stderr]).toEqual([1, expect.stringContaining('already exists')]);
    expect(sha256(await readFile(join(viewer.cwd!, download.path)))).toBe(sha256(bytes));

    // A free video: the wait is counted down on stderr, and stdout holds only the JSON.
    await writeFile(join(admin.cwd!, 'b.mp4'), videoBytes(1000, 4));
    const free = (await admin.run('upload', 'b.mp4')).movie;
    const waited = await runCli(['--server', server.url, '--json', 'download', free.id, '-o', 'free.mp4'], viewer);
    expect(waited.stderr).toContain('The download starts in 1 s.');
    expect(JSON.parse(waited.stdout).download).toMatchObject({ path: 'free.mp4', price: 0 });

    expect((await viewer.run('history')).downloads).toMatchObject([
      { price: 0, movie: { id: free.id } },
      { price: 10, movie: { id: movie.id } },
    ]);
    const coins = await viewer.run('coins');
    expect(coins.balance).toBe(35);
    expect(coins.entries.map((e: { reason: string }) => e.reason)).toEqual(['DOWNLOAD', 'CREDIT']);
    expect((await viewer.run('vip')).user).toMatchObject({ isVip: true, balance: 5 });
  });

  it('sets up two-factor sign-in, logs in with a code (--code, or a line of stdin), lists and ends sessions', async () => {
    const clock = new ManualClock();
    server = await startServer(kind, {}, { clock });
    const boss = await registered('boss');
    const login = (args: string[], input: string) =>
      runCli(['--server', server.url, '--json', 'login', 'boss', '--password-stdin', ...args], { ...boss, input });

    const { secret, otpauthUrl } = (await boss.run('2fa', 'setup')).twoFactorSetup;
    expect(otpauthUrl).toContain(`secret=${secret}`);
    const { recoveryCodes } = await boss.run('2fa', 'confirm', totpAt(secret, clock.now()));
    expect(recoveryCodes).toHaveLength(10);
    expect((await boss.run('whoami')).me.hasTwoFactor).toBe(true);

    clock.advance(30);
    const withOption = await login(['--code', totpAt(secret, clock.now())], `${PASSWORD}\n`);
    expect(withOption.code, withOption.stderr).toBe(0);
    expect(JSON.parse(withOption.stdout).user).toMatchObject({ name: 'boss' });
    clock.advance(30);
    // Asked for when the server needs it: the line after the password.
    const fromStdin = await login([], `${PASSWORD}\n${totpAt(secret, clock.now())}\n`);
    expect(fromStdin.code, fromStdin.stderr).toBe(0);
    // Not there: a usage error that says how to give it; wrong: the server's refusal.
    const missing = await login([], `${PASSWORD}\n`);
    expect([missing.code, missing.stderr]).toEqual([2, expect.stringContaining('--code')]);
    const wrong = await login(['--code', wrongTotpAt(secret, clock.now())], `${PASSWORD}\n`);
    expect([wrong.code, wrong.stderr]).toEqual([1, expect.stringContaining('UNAUTHENTICATED')]);

    // The session of registration, and the two logins; the last one saved is the current one.
    const { sessions } = await boss.run('sessions');
    expect(sessions.map((session: { isCurrent: boolean }) => session.isCurrent)).toEqual([true, false, false]);
    expect((await boss.run('end-session', sessions[2].id)).endSession).toBe(true);
    expect((await boss.run('sessions')).sessions).toHaveLength(2);
    const table = await runCli(['--server', server.url, 'sessions'], boss);
    expect(table.stdout.split('\n')[1]).toMatch(/^\S+\s+\*\s/);

    // Off with the password and a recovery code, on the lines of stdin.
    const off = await runCli(['--server', server.url, '--json', '2fa', 'disable', '--password-stdin'], {
      ...boss,
      input: `${PASSWORD}\n${recoveryCodes[0]}\n`,
    });
    expect([off.code, JSON.parse(off.stdout)]).toEqual([0, { disableTwoFactor: true }]);

    // A forgotten password: an admin's code, and a new password with it.
    const viewer = await registered('viewer');
    const { passwordReset } = await boss.run('reset-code', (await boss.run('user', 'viewer')).user.id);
    const reset = await runCli(
      ['--server', server.url, '--json', 'reset-password', 'viewer', passwordReset.code, '--password-stdin'],
      { ...viewer, input: 'a new password\n' },
    );
    expect([reset.code, JSON.parse(reset.stdout).user]).toEqual([0, { name: 'viewer', role: 'USER' }]);
    expect((await viewer.run('whoami')).me.name).toBe('viewer');
  });

  it('warns on stderr when the server finds no video in an uploaded file, and not otherwise', async () => {
    server = await startServer(kind);
    const admin = await registered('boss');
    await writeFile(join(admin.cwd!, 'x.mp4'), videoBytes(20_000, 21));
    await copyFile(CLIP, join(admin.cwd!, 'clip.mp4'));
    const upload = (file: string) => runCli(['--server', server.url, '--json', 'upload', file], admin);

    const noVideo = await upload('x.mp4');
    expect(noVideo.code, noVideo.stderr).toBe(0);
    expect(noVideo.stderr).toContain('warning: the server found no video in x.mp4');
    expect(JSON.parse(noVideo.stdout).movie).toMatchObject({ name: 'x', isPlayable: false });

    const video = await upload('clip.mp4');
    expect(video.code, video.stderr).toBe(0);
    expect(video.stderr).not.toContain('warning');
    expect(JSON.parse(video.stdout).movie).toMatchObject({ name: 'clip', isPlayable: true });
  });
});

describe('the command-line client on sqlite', () => {
  let server: TestServer;
  let proxy: FreezableProxy | undefined;
  afterEach(async () => {
    await proxy?.close();
    proxy = undefined;
    await server?.close();
  });

  async function folders(name: string): Promise<CliOptions> {
    const home = join(server.dir, name);
    await mkdir(join(home, 'work'), { recursive: true });
    return { configHome: home, cwd: join(home, 'work') };
  }

  async function login(name: string, serverUrl = server.url): Promise<CliOptions> {
    const options = await folders(name);
    const run = await runCli(['register', name, '--password-stdin', '--server', serverUrl], {
      ...options,
      input: `${PASSWORD}\n`,
    });
    expect(run.code, run.stderr).toBe(0);
    return options;
  }

  it('resumes a download killed half-way, with Range, to identical bytes and one ticket', async () => {
    server = await startServer('sqlite', { DOWNLOAD_WAIT_SECONDS: '0' });
    proxy = await FreezableProxy.start({ host: '127.0.0.1', port: Number(new URL(server.url).port) });
    const viaProxy = `http://127.0.0.1:${proxy.port}`;
    const admin = await login('boss', viaProxy);
    const bytes = videoBytes(8 * 1024 * 1024, 5);
    await writeFile(join(admin.cwd!, 'big.mp4'), bytes);
    const { movie } = await cliJson(['--server', viaProxy, 'upload', 'big.mp4'], admin);
    const viewer = await login('viewer', viaProxy);

    proxy.freezeAfter('down', 2 * 1024 * 1024);
    const first = spawnCli(['--server', viaProxy, 'download', movie.id], viewer);
    const firstRun = finished(first);
    const part = join(viewer.cwd!, 'big.mp4.part');
    while (((await stat(part).catch(() => undefined))?.size ?? 0) === 0) await sleep(20);
    first.kill('SIGKILL');
    await firstRun;
    const kept = (await stat(part)).size;
    expect(kept).toBeGreaterThan(0);
    expect(kept).toBeLessThan(bytes.length);

    proxy.thaw();
    const before = proxy.forwarded.down;
    const { download } = await cliJson(['--server', viaProxy, 'download', movie.id], viewer);
    expect(download.sha256).toBe(sha256(bytes));
    expect(sha256(await readFile(join(viewer.cwd!, 'big.mp4')))).toBe(sha256(bytes));
    expect(await readdir(viewer.cwd!)).toEqual(['big.mp4']);
    // Only the rest travelled the second time, on the ticket of the first run.
    expect(proxy.forwarded.down - before).toBeLessThan(bytes.length - kept + 64 * 1024);
    expect(await server.rows('download_records')).toBe(1);
  });

  it('asks for a new ticket when the one of an unfinished download has expired, and resumes', async () => {
    server = await startServer('sqlite', { DOWNLOAD_WAIT_SECONDS: '0', TICKET_TTL_SECONDS: '1' });
    proxy = await FreezableProxy.start({ host: '127.0.0.1', port: Number(new URL(server.url).port) });
    const viaProxy = `http://127.0.0.1:${proxy.port}`;
    const admin = await login('boss', viaProxy);
    const bytes = videoBytes(8 * 1024 * 1024, 6);
    await writeFile(join(admin.cwd!, 'big.mp4'), bytes);
    const { movie } = await cliJson(['--server', viaProxy, 'upload', 'big.mp4'], admin);
    const viewer = await login('viewer', viaProxy);

    proxy.freezeAfter('down', 2 * 1024 * 1024);
    const first = spawnCli(['--server', viaProxy, 'download', movie.id], viewer);
    const firstRun = finished(first);
    while (!proxy.isFrozen) await sleep(20);
    first.kill('SIGKILL');
    await firstRun;
    proxy.thaw();
    const [ticket] = Object.values(
      JSON.parse(await readFile(join(viewer.configHome, 'youku', 'downloads.json'), 'utf8')),
    );
    while ((await fetch((ticket as { url: string }).url, { method: 'HEAD' })).status !== 410) await sleep(100);

    const { download } = await cliJson(['--server', viaProxy, 'download', movie.id], viewer);
    expect(download.sha256).toBe(sha256(bytes));
    expect(sha256(await readFile(join(viewer.cwd!, 'big.mp4')))).toBe(sha256(bytes));
    expect(await server.rows('download_records')).toBe(2);
  });

  it('resumes an upload interrupted half-way (Ctrl-C) when the same command runs again', async () => {
    server = await startServer('sqlite');
    proxy = await FreezableProxy.start({ host: '127.0.0.1', port: Number(new URL(server.url).port) });
    const viaProxy = `http://127.0.0.1:${proxy.port}`;
    const admin = await login('boss', viaProxy);
    const bytes = videoBytes(24 * 1024 * 1024, 11);
    await writeFile(join(admin.cwd!, 'long.mp4'), bytes);

    proxy.freezeAfter('up', 10 * 1024 * 1024);
    const first = spawnCli(['--server', viaProxy, 'upload', 'long.mp4', '--paid', '--name', '长片'], admin);
    const firstRun = finished(first);
    while (!proxy.isFrozen) await sleep(20);
    first.kill('SIGINT');
    const interrupted = await firstRun;
    expect(interrupted.code).toBe(130);
    expect(interrupted.stderr).toMatch(/same command again to resume.*--discard/s);
    expect(await server.rows('movies')).toBe(0);
    // The upload keeps what the video is to be, for any client to show.
    const boss = new Client(
      server.url,
      (await new Client(server.url).ok(LOGIN, { name: 'boss', password: PASSWORD })).login.token,
    );
    const { resumableUploads } = await boss.ok<{ resumableUploads: ResumableUploadShape[] }>(RESUMABLE_UPLOADS);
    expect(resumableUploads).toEqual([
      expect.objectContaining({
        name: '长片',
        isFree: false,
        filename: 'long.mp4',
        size: bytes.length,
        fingerprint: await fingerprintOfFile(join(admin.cwd!, 'long.mp4')),
      }),
    ]);

    proxy.thaw();
    const before = proxy.forwarded.up;
    const { movie } = await cliJson(['--server', viaProxy, 'upload', 'long.mp4', '--paid', '--name', '长片'], admin);
    expect(movie).toMatchObject({ name: '长片', isFree: false, size: bytes.length, sha256: sha256(bytes) });
    // The second run sent the rest (from what the server had kept of the first 10 MiB), not the whole file.
    expect(proxy.forwarded.up - before).toBeLessThan(bytes.length - 2 * 1024 * 1024);
    expect(JSON.parse(await readFile(join(admin.configHome, 'youku', 'uploads.json'), 'utf8'))).toEqual({});
  });

  it('refuses a duplicate before sending any of its bytes, naming the video already there', async () => {
    server = await startServer('sqlite');
    proxy = await FreezableProxy.start({ host: '127.0.0.1', port: Number(new URL(server.url).port) });
    const viaProxy = `http://127.0.0.1:${proxy.port}`;
    const admin = await login('boss', viaProxy);
    const bytes = videoBytes(1024 * 1024, 9);
    await writeFile(join(admin.cwd!, 'one.mp4'), bytes);
    await writeFile(join(admin.cwd!, 'same.mp4'), bytes);
    await cliJson(['--server', viaProxy, 'upload', 'one.mp4', '--name', '第一部'], admin);

    const before = proxy.forwarded.up;
    const again = await runCli(['--server', viaProxy, 'upload', 'same.mp4'], admin);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/CONFLICT.*第一部/);
    expect(proxy.forwarded.up - before).toBeLessThan(64 * 1024);
    expect(await server.rows('movies')).toBe(1);
  });

  it('answers usage errors with 2, refusals with 1 and the code, and help with 0', async () => {
    server = await startServer('sqlite');
    const admin = await login('boss');
    const at = ['--server', server.url];

    const wrong = await runCli([...at, 'login', 'boss', '--password-stdin'], { ...admin, input: 'not the password\n' });
    expect([wrong.code, wrong.stdout]).toEqual([1, '']);
    expect(wrong.stderr).toMatch(/^error \(UNAUTHENTICATED\): .+\n$/);

    const viewer = await login('viewer');
    await writeFile(join(viewer.cwd!, 'mine.mp4'), videoBytes(1000, 1));
    const notAdmin = await runCli([...at, 'upload', 'mine.mp4'], viewer);
    expect([notAdmin.code, notAdmin.stderr]).toEqual([1, expect.stringMatching(/^error \(FORBIDDEN\): /m)]);

    const missing = await runCli([...at, 'upload', 'nowhere.mp4'], admin);
    expect([missing.code, missing.stderr]).toEqual([1, expect.stringContaining('nowhere.mp4')]);

    expect((await runCli([...at, 'rewind'], admin)).code).toBe(2);
    expect((await runCli([...at, 'download'], admin)).code).toBe(2);
    expect((await runCli([...at, 'movies', '--type', 'cheap'], admin)).code).toBe(2);
    expect((await runCli([...at, 'credit', 'VXNlcjox', 'ten'], admin)).code).toBe(2);
    // A password is never an argument: without a terminal it must come on stdin.
    expect((await runCli([...at, 'login', 'boss'], admin)).code).toBe(2);

    const help = await runCli(['download', '--help'], admin);
    expect([help.code, help.stdout]).toEqual([0, expect.stringContaining('--yes')]);
  });
});
