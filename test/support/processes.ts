import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import knex, { type Knex } from 'knex';
import { dropDatabase, knexConfig, parseDatabaseUrl } from '../../db/connection.js';
import { databaseUrlFor, type DatabaseKind } from './databases.js';
import { newBucket, s3Endpoint } from './s3.js';
import {
  spawnWorker,
  startingProcess,
  waitForStderr,
  WORKER_READY,
  type Child,
  type ServerProcess,
  type StartingProcess,
} from './server-process.js';

/** How the processes share their files: the settings that point every process at them, and their removal. */
export interface SharedStorage {
  name: string;
  open(dir: string): { env: Record<string, string>; remove(): Promise<void> };
}

export const mediaFolder: SharedStorage = {
  name: 'one media folder',
  // Removed with `dir`.
  open: (dir) => ({ env: { MEDIA_DIR: join(dir, 'media') }, remove: async () => {} }),
};

const bucket: SharedStorage = {
  name: 'one bucket',
  open: () => {
    const made = newBucket();
    return { env: made.env, remove: () => made.remove() };
  },
};

/** A folder always; a bucket too when an S3-compatible store answers (test/support/s3.ts). */
export const sharedStorages: SharedStorage[] = s3Endpoint ? [mediaFolder, bucket] : [mediaFolder];

/** One database and one storage that several processes share, and the processes started on them. */
export class SharedBackend {
  /** The processes that started and are ready. */
  readonly processes: ServerProcess[] = [];
  /** Every process started, ready or not: each is stopped on close. */
  private readonly running: Child[] = [];

  private constructor(
    readonly dir: string,
    readonly databaseUrl: string,
    readonly env: Record<string, string>,
    private readonly removeStorage: () => Promise<void>,
  ) {}

  /** A fresh database of `kind` and a fresh `storage`, with `env` for every process (which log warnings only). */
  static async create(
    kind: DatabaseKind,
    storage: SharedStorage,
    env: Record<string, string> = {},
  ): Promise<SharedBackend> {
    const dir = await mkdtemp(join(tmpdir(), 'youku-processes-'));
    const databaseUrl = databaseUrlFor(kind, dir);
    const opened = storage.open(dir);
    const shared = { PORT: '0', LOG_LEVEL: 'warn', DATABASE_URL: databaseUrl, ...opened.env, ...env };
    return new SharedBackend(dir, databaseUrl, shared, () => opened.remove());
  }

  /** Starts a process on it (PORT=0: it reports the port it got), not yet ready; `start` waits for it. */
  async starting(env: Record<string, string> = {}): Promise<StartingProcess> {
    // As long as several processes may take to migrate one database together.
    const starting = await startingProcess({ ...this.env, ...env }, { dir: this.dir, readyTimeoutMs: 120_000 });
    this.running.push(starting);
    return starting;
  }

  /** Starts `count` processes at once on it; resolves once every one is ready. */
  async start(count: number, env: Record<string, string> = {}): Promise<ServerProcess[]> {
    const starting = await Promise.all(Array.from({ length: count }, () => this.starting(env)));
    const started = await Promise.allSettled(starting.map((one) => one.ready));
    const failed = started.find((result) => result.status === 'rejected');
    if (failed) throw failed.reason;
    const processes = started.map((result) => (result as PromiseFulfilledResult<ServerProcess>).value);
    this.processes.push(...processes);
    return processes;
  }

  /** Starts a worker (`npm run worker`) on it; resolves once it runs jobs. */
  async startWorker(env: Record<string, string> = {}): Promise<Child> {
    const worker = spawnWorker({ ...this.env, MEDIA_DIR: join(this.dir, 'media'), ...env });
    this.running.push(worker);
    await waitForStderr(worker, WORKER_READY, 120_000);
    return worker;
  }

  /** A Knex of its own on the shared database, to look at what the processes stored. */
  open(): Knex {
    return knex(knexConfig(parseDatabaseUrl(this.databaseUrl)));
  }

  /** Stops every process (SIGKILL after 10 s) and removes the database and the files. */
  async close(): Promise<void> {
    await Promise.all(
      this.running.map(async (one) => {
        const killer = setTimeout(() => one.process.kill('SIGKILL'), 10_000);
        if (one.process.exitCode === null && one.process.signalCode === null) one.process.kill('SIGTERM');
        await one.exited;
        clearTimeout(killer);
      }),
    );
    await dropDatabase(this.databaseUrl);
    await this.removeStorage();
    await rm(this.dir, { recursive: true, force: true });
  }
}
