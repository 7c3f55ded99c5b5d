import { mkdtemp, rm } from 'node:fs/promises';
import express from 'express';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makePoster } from '../domain/media/poster.js';
import { probeFile } from '../domain/media/probe.js';
import { findMediaTools, type MediaTools } from '../domain/media/tools.js';
import { makeVideo } from './support/media.js';

/** A store's pre-signed GET stands in as a plain HTTP server with Range, on loopback. */
describe('ffprobe and ffmpeg read a video from a URL, as from an object store', () => {
  let dir: string;
  let server: Server;
  let tools: MediaTools;
  let url: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tool-input-'));
    await makeVideo(dir, 'clip.mp4', { width: 320, height: 240, seconds: 2 });
    ({ tools } = await findMediaTools({
      ffprobePath: 'ffprobe',
      ffmpegPath: 'ffmpeg',
      timeoutSeconds: 30,
      memoryLimitMb: 0,
    }));
    const app = express().use(express.static(dir));
    await new Promise<void>((resolve) => (server = app.listen(0, '127.0.0.1', () => resolve())));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/clip.mp4?X-Amz-Signature=abc`;
  });
  afterAll(async () => {
    server.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('probes the video behind the URL', async () => {
    const info = await probeFile(tools, url, AbortSignal.timeout(30_000));
    expect(info).toMatchObject({ width: 320, height: 240, videoCodec: 'h264', mimeType: 'video/mp4' });
  });

  it('takes a poster from the video behind the URL', async () => {
    const jpeg = await makePoster(tools, url, 1, AbortSignal.timeout(30_000));
    expect(jpeg?.subarray(0, 2)).toEqual(Buffer.from([0xff, 0xd8]));
  });

  it('still reads a local path as a file', async () => {
    const info = await probeFile(tools, join(dir, 'clip.mp4'), AbortSignal.timeout(30_000));
    expect(info).toMatchObject({ width: 320, height: 240 });
  });
});
