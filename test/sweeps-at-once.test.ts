import { mkdir, mkdtemp, readdir, rm, utimes, writeFile } from 'node:fs/promises';
import { randomBytes, randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Upload } from '@tus/utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LocalStorage } from '../domain/storage/local-storage.js';

/** Every process sweeps the shared media folder on its own clock: here two at the same instant. */
describe('two processes sweeping one media folder at once', () => {
  const HOUR = 3600 * 1000;
  let root: string;
  let first: LocalStorage;
  let second: LocalStorage;
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'sweeps-'));
    first = new LocalStorage(root, { uploadExpirySeconds: 60 });
    second = new LocalStorage(root, { uploadExpirySeconds: 60 });
    await Promise.all([first.prepare(), second.prepare()]);
  });
  afterEach(() => rm(root, { recursive: true, force: true }));

  it('remove the staging folders another host left, each once, without failing', async () => {
    for (let i = 0; i < 40; i++) {
      const folder = join(root, '.staging', `${1000 + i}@another-host~${randomUUID()}`);
      await mkdir(folder, { recursive: true });
      const files = [1, 2, 3].map((n) => join(folder, `${n}.part`));
      await Promise.all(files.map((file) => writeFile(file, 'x')));
      const anHourAgo = new Date(Date.now() - HOUR);
      for (const path of [...files, folder]) await utimes(path, anHourAgo, anHourAgo);
    }
    const [one, two] = await Promise.all([first.removeLeftovers(), second.removeLeftovers()]);
    expect(one + two).toBeGreaterThanOrEqual(40);
    const left = await readdir(join(root, '.staging'));
    expect(left.sort()).toEqual([first.stagingDir, second.stagingDir].map((dir) => dir.split('/').pop()).sort());
  });

  it('remove the same expired resumable uploads without failing, and keep live ones', async () => {
    const ids = Array.from({ length: 30 }, () => randomBytes(16).toString('hex'));
    for (const id of ids) {
      await first.resumable.datastore.create(
        new Upload({ id, size: 10, offset: 0, creation_date: new Date(Date.now() - HOUR).toISOString() }),
      );
    }
    const live = randomBytes(16).toString('hex');
    await first.resumable.datastore.create(
      new Upload({ id: live, size: 10, offset: 0, creation_date: new Date().toISOString() }),
    );
    const [one, two] = await Promise.all([first.resumable.sweepExpired(), second.resumable.sweepExpired()]);
    expect(one + two).toBeGreaterThanOrEqual(30);
    expect((await readdir(join(root, '.uploads'))).sort()).toEqual([live, `${live}.json`]);
  });
});
