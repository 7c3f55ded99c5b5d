import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { fingerprintOfFile } from '../domain/catalogue/file-fingerprint.js';
import { PASSWORD, registerAs } from './support/accounts.js';
import { Client } from './support/client.js';
import { databases } from './support/databases.js';
import { startServer, type TestServer } from './support/server.js';

const GUIDE = new URL('../docs/api.md', import.meta.url);

interface Example {
  script: string;
  /** The `text` block right after the example: what it must print. */
  expected?: string;
}

/** The guide's `sh` blocks, each with the `text` block that follows it directly, if any. */
function examplesOf(markdown: string): Example[] {
  const blocks = [...markdown.matchAll(/^```(\w*)\n([\s\S]*?)^```\n(\s*)/gm)];
  const examples: Example[] = [];
  blocks.forEach((block, index) => {
    if (block[1] !== 'sh') return;
    const next = blocks[index + 1];
    const adjacent = next && next.index === block.index + block[0].length && next[1] === 'text';
    examples.push({ script: block[2]!, expected: adjacent ? next[2] : undefined });
  });
  return examples;
}

/** One bash script running every example in order, in one shell, each one's stdout to `<n>.out`. */
function scriptOf(examples: Example[]): string {
  const steps = examples.map((example, n) => `{\n${example.script}} > ${n}.out\n`);
  return ['set -euo pipefail', ...steps].join('\n');
}

describe.each(databases)('the API guide on %s', (kind) => {
  let server: TestServer;
  afterEach(() => server?.close());

  it('runs every shell example as written, printing what the guide says it prints', async () => {
    server = await startServer(kind, { DOWNLOAD_WAIT_SECONDS: '2' });
    await registerAs(new Client(server.url), 'admin', PASSWORD);
    const examples = examplesOf(await readFile(GUIDE, 'utf8'));
    expect(examples.length).toBeGreaterThan(8);
    await writeFile(join(server.dir, 'guide.sh'), scriptOf(examples));

    const run = await promisify(execFile)('bash', ['guide.sh'], {
      cwd: server.dir,
      env: { PATH: process.env.PATH, SERVER: server.url, NAME: 'admin', PASSWORD, LANG: 'C.UTF-8' },
    }).then(
      () => ({ code: 0, stderr: '' }),
      (error: { code: number; stderr: string }) => error,
    );
    const outputs = await Promise.all(
      examples.map((_, n) => readFile(join(server.dir, `${n}.out`), 'utf8').catch(() => undefined)),
    );
    const reached = outputs.filter((output) => output !== undefined).length;
    expect(run.code, `example ${reached} failed:\n${examples[reached - 1]?.script}\n${run.stderr}`).toBe(0);
    examples.forEach((example, n) => {
      if (example.expected !== undefined)
        expect(outputs[n]?.trimEnd(), example.script).toBe(example.expected.trimEnd());
    });
  });
});

it("gives the fingerprint of its worked example as the server's own function computes it", async () => {
  const dir = await mkdtemp(join(tmpdir(), 'youku-guide-'));
  try {
    const worked = examplesOf(await readFile(GUIDE, 'utf8')).find((example) => /^fingerprint /m.test(example.script))!;
    await promisify(execFile)('bash', ['-c', worked.script.replace(/^fingerprint .*$/m, '')], { cwd: dir });
    expect(worked.expected).toBe(`${await fingerprintOfFile(join(dir, 'sample.bin'))}\n`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
