import { createHash } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerAs, type Account } from '../support/accounts.js';
import { Client } from '../support/client.js';
import { download } from '../support/downloads.js';
import { uploadVideo, videoBytes, type MovieShape } from '../support/movies.js';
import { cleanUpProcesses, sleep, startProcess, type ServerProcess } from '../support/server-process.js';

// The database plays no part here: SQLite only.

/** Larger than every buffer between the server and a reader, so that a slow reader holds the server's stream. */
const SIZE = 8 * 1024 * 1024;
/** The idle connections come from these loopback addresses, 50 each, under the default cap of 64 per address. */
const IDLE_ADDRESSES = Array.from({ length: 20 }, (_, i) => `127.0.0.${10 + i}`);
const IDLE_PER_ADDRESS = 50;

let server: ServerProcess;
let admin: Account;
let movie: MovieShape;
let sha256: string;
const sockets: Socket[] = [];

beforeAll(async () => {
  server = await startProcess();
  admin = await registerAs(new Client(server.url), 'admin');
  const bytes = videoBytes(SIZE, 9);
  sha256 = createHash('sha256').update(bytes).digest('hex');
  movie = await uploadVideo(admin, { bytes });
});

afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  await cleanUpProcesses();
});

function open(localAddress?: string): Promise<Socket> {
  const url = new URL(server.url);
  const socket = connect({ host: url.hostname, port: Number(url.port), localAddress });
  sockets.push(socket);
  socket.on('error', () => undefined);
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('error', reject);
  });
}

function openDescriptors(): Promise<number> {
  return readdir(`/proc/${server.child.process.pid}/fd`).then((entries) => entries.length);
}

/** A download of the movie by a new ticket, read whole: its SHA-256. */
async function downloadedSha256(): Promise<string> {
  const ticket = await download(admin.client, movie.id);
  const response = await fetch(new URL(ticket.url, server.url));
  expect(response.status).toBe(200);
  return createHash('sha256')
    .update(Buffer.from(await response.arrayBuffer()))
    .digest('hex');
}

/** Asks for the movie and then reads 1 KiB every tenth of a second (10 KiB/s); resolves with the bytes read so far. */
async function slowReader(): Promise<() => number> {
  const ticket = await download(admin.client, movie.id);
  const socket = await open();
  const path = new URL(ticket.url, server.url).pathname;
  socket.write(`GET ${path} HTTP/1.1\r\nHost: ${new URL(server.url).host}\r\n\r\n`);
  let received = 0;
  const timer = setInterval(() => {
    const chunk = socket.read(1024) as Buffer | null;
    if (chunk) received += chunk.length;
  }, 100);
  socket.once('close', () => clearInterval(timer));
  return () => received;
}

describe('clients that hold the server', () => {
  it('a reader at 10 KiB/s does not keep others from their downloads', async () => {
    const readSoFar = await slowReader();
    const others = await Promise.all(Array.from({ length: 4 }, () => downloadedSha256()));
    expect(others).toEqual(Array(4).fill(sha256));
    // The slow reader is still reading, far from the end: it held its download throughout.
    expect(readSoFar()).toBeGreaterThan(0);
    expect(readSoFar()).toBeLessThan(SIZE);
  });

  it('1,000 idle connections (20 addresses × 50, under the cap of 64 per address) leave room for a new client', async () => {
    for (const address of IDLE_ADDRESSES) {
      await Promise.all(Array.from({ length: IDLE_PER_ADDRESS }, () => open(address)));
    }
    const idle = sockets.filter((socket) => !socket.destroyed && socket.localAddress !== '127.0.0.1');
    expect(idle).toHaveLength(IDLE_ADDRESSES.length * IDLE_PER_ADDRESS);
    // The server holds them all (one descriptor each), not only the kernel's queue of connections.
    for (let i = 0; i < 100 && (await openDescriptors()) < idle.length; i++) await sleep(100);
    expect(await openDescriptors()).toBeGreaterThanOrEqual(idle.length);
    const me = await admin.client.ok<{ me: { name: string } }>('{ me { name } }');
    expect(me.me.name).toBe('admin');
    expect(await downloadedSha256()).toBe(sha256);
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    expect(server.child.process.exitCode).toBeNull();
    expect(idle.filter((socket) => socket.destroyed)).toEqual([]);
  });
});
