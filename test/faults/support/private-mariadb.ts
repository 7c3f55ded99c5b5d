import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chown, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from '../../support/free-port.js';
import { sleep } from '../../support/server-process.js';

const run = promisify(execFile);

const MARIADBD = '/usr/sbin/mariadbd';

/** Whether this machine can run a MariaDB server of our own (the CI machine installs one). */
export const canRunMariaDb = existsSync(MARIADBD) && process.getuid?.() === 0;

/**
 * A MariaDB server of this suite's own, in a temporary folder on a port of its own, that a test may
 * stop, freeze and start again: never the shared one on 3306, which other suites use meanwhile.
 */
export class PrivateMariaDb {
  private process: ChildProcess | undefined;

  private constructor(
    private readonly dir: string,
    readonly port: number,
  ) {}

  /** Creates the data folder (mariadb-install-db), starts the server and adds the user test/test. */
  static async start(): Promise<PrivateMariaDb> {
    const dir = await mkdtemp(join(tmpdir(), 'youku-mariadb-'));
    const { uid, gid } = await mysqlAccount();
    await chown(dir, uid, gid);
    await run('mariadb-install-db', [
      '--no-defaults',
      `--datadir=${join(dir, 'data')}`,
      '--user=mysql',
      '--skip-test-db',
      '--auth-root-authentication-method=socket',
    ]);
    const db = new PrivateMariaDb(dir, await freePort());
    await db.resume();
    await db.asRoot(
      `CREATE USER 'test'@'127.0.0.1' IDENTIFIED BY 'test'; GRANT ALL PRIVILEGES ON *.* TO 'test'@'127.0.0.1';`,
    );
    return db;
  }

  /** A URL of a database on this server, as DATABASE_URL takes it (the server creates the database). */
  url(database: string): string {
    return `mysql://test:test@127.0.0.1:${this.port}/${database}`;
  }

  private get socket(): string {
    return join(this.dir, 'mariadb.sock');
  }

  /** Starts the server over its data folder (again) and waits until it answers. */
  async resume(): Promise<void> {
    this.process = spawn(
      '/usr/sbin/mariadbd',
      [
        '--no-defaults',
        `--datadir=${join(this.dir, 'data')}`,
        `--port=${this.port}`,
        '--bind-address=127.0.0.1',
        `--socket=${this.socket}`,
        `--pid-file=${join(this.dir, 'mariadb.pid')}`,
        `--log-error=${join(this.dir, 'error.log')}`,
        '--user=mysql',
        '--skip-log-bin',
        '--innodb-buffer-pool-size=32M',
      ],
      { stdio: 'ignore' },
    );
    for (let i = 0; i < 300; i++) {
      if (
        await this.asRoot('SELECT 1').then(
          () => true,
          () => false,
        )
      )
        return;
      await sleep(100);
    }
    throw new Error(`the private MariaDB on port ${this.port} did not start (see ${join(this.dir, 'error.log')})`);
  }

  /** Stops the server as an operator or a crash would: `SIGTERM` (a clean stop) or `SIGKILL`. */
  async stop(signal: 'SIGTERM' | 'SIGKILL' = 'SIGTERM'): Promise<void> {
    const child = this.process;
    if (!child || child.exitCode !== null) return;
    const gone = new Promise((resolve) => child.once('exit', resolve));
    child.kill(signal);
    await gone;
    this.process = undefined;
  }

  /** Freezes the server (`SIGSTOP`): it holds every connection and answers nothing, as a hung host. */
  freeze(): void {
    this.process?.kill('SIGSTOP');
  }

  thaw(): void {
    this.process?.kill('SIGCONT');
  }

  /** Stops the server and removes its folder. */
  async remove(): Promise<void> {
    this.thaw();
    await this.stop('SIGKILL');
    await rm(this.dir, { recursive: true, force: true });
  }

  private async asRoot(sql: string): Promise<void> {
    await run('mariadb', ['--no-defaults', `--socket=${this.socket}`, '-uroot', '-e', sql], { timeout: 5000 });
  }
}

async function mysqlAccount(): Promise<{ uid: number; gid: number }> {
  const [uid, gid] = await Promise.all([run('id', ['-u', 'mysql']), run('id', ['-g', 'mysql'])]);
  return { uid: Number(uid.stdout), gid: Number(gid.stdout) };
}
