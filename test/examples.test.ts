import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { adminAndUser, credit, ME, registerAs } from './support/accounts.js';
import { Client } from './support/client.js';
import { databases } from './support/databases.js';
import { download } from './support/downloads.js';
import { uploadVideo, videoBytes } from './support/movies.js';
import { startServer, type TestServer } from './support/server.js';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** Runs an example script as its header says, against `server` with `token`. */
async function example(script: string, server: TestServer, token: string, ...args: string[]): Promise<string> {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', `examples/${script}`, ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, VIDEO_SERVER: server.url, VIDEO_TOKEN: token },
  });
  return stdout;
}

it('the example scripts type-check on their own', async () => {
  await expect(run('npx', ['tsc', '--noEmit', '-p', 'examples/tsconfig.json'], { cwd: ROOT })).resolves.toBeDefined();
});

describe.each(databases)('the example scripts on %s', (kind) => {
  let server: TestServer;
  afterEach(() => server?.close());

  it('list the free videos, and refund every buyer of a video', async () => {
    server = await startServer(kind, { DOWNLOAD_WAIT_SECONDS: '0', PRICE_REGULAR: '10' });
    const { admin, user: buyer } = await adminAndUser(new Client(server.url));
    const other = await registerAs(new Client(server.url), 'other');
    const free = await uploadVideo(admin, { bytes: videoBytes(1000, 1), name: '免费 one', isFree: true });
    const paid = await uploadVideo(admin, { bytes: videoBytes(1000, 2), name: 'paid one', isFree: false });
    await credit(admin, buyer, 25);
    await credit(admin, other, 25);
    await download(buyer.client, paid.id);
    await download(other.client, free.id);

    expect(await example('list-free-videos.ts', server, buyer.token)).toBe(`${free.id}\t1000\t免费 one\n`);

    expect(await example('refund-buyers.ts', server, admin.token, paid.id)).toBe('viewer\t+10\t25\n');
    const balanceOf = async (client: Client) => (await client.ok(ME)).me.balance;
    expect([await balanceOf(buyer.client), await balanceOf(other.client)]).toEqual([25, 25]);
  });
});
