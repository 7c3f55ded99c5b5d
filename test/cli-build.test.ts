import { execFile } from 'node:child_process';
import { copyFile, mkdir, rm, symlink, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUILT_CLIENT, builtClientIsCurrent } from '../cli/built-client.mjs';
import { cleanUpProcesses, tempDir } from './support/server-process.js';

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, '..');

/** Runs a Node script to its end: its exit code and what it printed. */
async function node(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    return { code: 0, ...(await run(process.execPath, args, { cwd: ROOT })) };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe('the command-line client built to JavaScript', () => {
  it('runs from dist/cli as the sources do: help, and a usage error with 2', async () => {
    // The test run's global setup built it (web/build-when-stale.ts), as `npm start` and `npm ci` do.
    expect(builtClientIsCurrent()).toBe(true);
    const help = await node([BUILT_CLIENT, '--help']);
    expect(help).toMatchObject({ code: 0, stdout: expect.stringContaining('Usage: youku [options] [command]') });
    expect(help.stdout).toContain('create-admin');
    const upload = await node([BUILT_CLIENT, 'upload', '--help']);
    expect(upload.stdout).toContain('--discard');
    const unknown = await node([BUILT_CLIENT, 'no-such-command']);
    expect(unknown).toMatchObject({ code: 2, stderr: expect.stringContaining("unknown command 'no-such-command'") });
  });

  describe('the bin, cli/youku.mjs, in a checkout', () => {
    let root: string;
    const source = () => join(root, 'cli/source.ts');
    const bin = () => node([join(root, 'cli/youku.mjs')]);
    /** Makes the "build" (it says so when run) older than nothing, and names the one source it was made from. */
    async function build(): Promise<void> {
      await writeFile(join(root, BUILT_CLIENT), "console.log('the build');\n");
      await writeFile(join(root, 'dist/cli/inputs.json'), JSON.stringify(['cli/source.ts']));
    }

    beforeAll(async () => {
      // A checkout of its own: the bin, its check, a main that says it ran (TypeScript), and the packages.
      root = await tempDir();
      await mkdir(join(root, 'cli'));
      await mkdir(join(root, 'dist/cli'), { recursive: true });
      for (const file of ['youku.mjs', 'built-client.mjs'])
        await copyFile(join(ROOT, 'cli', file), join(root, 'cli', file));
      await writeFile(join(root, 'package.json'), JSON.stringify({ type: 'module' }));
      await writeFile(join(root, 'cli/main.ts'), "const ran: string = 'the sources';\nconsole.log(ran);\n");
      await writeFile(source(), 'export {};\n');
      await symlink(join(ROOT, 'node_modules'), join(root, 'node_modules'));
    });
    afterAll(cleanUpProcesses);

    it('runs the build while it is current, and the sources through tsx once one changed or it is gone', async () => {
      await build();
      const past = new Date(Date.now() - 60_000);
      await utimes(source(), past, past);
      expect((await bin()).stdout).toBe('the build\n');

      await utimes(source(), new Date(), new Date(Date.now() + 60_000));
      expect((await bin()).stdout).toBe('the sources\n');

      await build();
      await utimes(source(), past, past);
      await rm(source());
      expect((await bin()).stdout).toBe('the sources\n');

      await writeFile(source(), 'export {};\n');
      await utimes(source(), past, past);
      expect((await bin()).stdout).toBe('the build\n');
      await rm(join(root, BUILT_CLIENT));
      expect((await bin()).stdout).toBe('the sources\n');
    });
  });
});
