import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import knex, { type Knex } from 'knex';
import { dropDatabase, knexConfig, parseDatabaseUrl } from '../../db/connection.js';
import type { DatabaseKind } from './databases.js';
import { newBucket, s3Endpoint } from './s3.js';
import { spawnServer, waitForStderr, type Child } from './server-process.js';
import { databaseUrlFor } from './server.js';

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

export interface ServerProcess extends Child {
  /** Where it listens, e.g. http://127.0.0.1:40123. */
  url: string;
  /** SIGTERM, then the exit code. */
  stop(): Promise<number | string>;
}

/** A server process starting (not yet listening): its output so far and its exit. */
export interface StartingProcess extends Omit<ServerProcess, 'url'> {
  /** The URL it listens at, once its "Ready:" line came; rejects if it exits first. */
  ready: Promise<string>;
}

const READY = /^Ready: open (http:\/\/\S+?)\/ /m;

/** Spawns `server/main.ts` with exactly `env` (PORT=0 unless given: it reports the port it got). */
export function startingServer(env: Record<string, string>): StartingProcess {
  const child = spawnServer({ PORT: '0', LOG_LEVEL: 'warn', ...env });
  // As long as several processes may take to migrate one database together.
  const ready = waitForStderr(child, READY, 120_000).then((found) => found[1]!);
  const stop = async () => {
    if (child.process.exitCode === null && child.process.signalCode === null) child.process.kill('SIGTERM');
    return child.exited;
  };
  return { ...child, ready, stop };
}

/** One database and one storage that several processes share, and the processes started on them. */
export class SharedBackend {
  readonly processes: ServerProcess[] = [];

  private constructor(
    readonly dir: string,
    readonly databaseUrl: string,
    readonly env: Record<string, string>,
    private readonly removeStorage: () => Promise<void>,
  ) {}

  /** A fresh database of `kind` and a fresh `storage`, with `env` for every process. */
  static async create(
    kind: DatabaseKind,
    storage: SharedStorage,
    env: Record<string, string> = {},
  ): Promise<SharedBackend> {
    const dir = await mkdtemp(join(tmpdir(), 'youku-processes-'));
    const databaseUrl = databaseUrlFor(kind, dir);
    const opened = storage.open(dir);
    return new SharedBackend(dir, databaseUrl, { DATABASE_URL: databaseUrl, ...opened.env, ...env }, opened.remove);
  }

  /** Starts `count` processes at once on it; resolves once every one is ready. */
  async start(count: number, env: Record<string, string> = {}): Promise<ServerProcess[]> {
    const starting = Array.from({ length: count }, () => startingServer({ ...this.env, ...env }));
    const started = await Promise.allSettled(starting.map((one) => one.ready));
    const processes = starting.map(({ ready: _ready, ...one }, i) => {
      const result = started[i]!;
      return { ...one, url: result.status === 'fulfilled' ? result.value : '' };
    });
    this.processes.push(...processes);
    const failed = started.find((result) => result.status === 'rejected');
    if (failed) throw (failed as PromiseRejectedResult).reason;
    return processes;
  }

  /** A Knex of its own on the shared database, to look at what the processes stored. */
  open(): Knex {
    return knex(knexConfig(parseDatabaseUrl(this.databaseUrl)));
  }

  /** Stops every process (SIGKILL after 10 s) and removes the database and the files. */
  async close(): Promise<void> {
    await Promise.all(
      this.processes.map(async (one) => {
        const killer = setTimeout(() => one.process.kill('SIGKILL'), 10_000);
        await one.stop();
        clearTimeout(killer);
      }),
    );
    await dropDatabase(this.databaseUrl);
    await this.removeStorage();
    await rm(this.dir, { recursive: true, force: true });
  }
}
