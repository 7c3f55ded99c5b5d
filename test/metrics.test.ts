import { afterEach, describe, expect, it } from 'vitest';
import { movieJob } from '../domain/media/movie-jobs.js';
import { readConfig } from '../server/config/read-config.js';
import { adminAndUser, type Account } from './support/accounts.js';
import { Client, sendRaw } from './support/client.js';
import { databases } from './support/databases.js';
import { download, fetchMedia } from './support/downloads.js';
import { scrape } from './support/metrics.js';
import { fingerprintOfBytes, uploadVideo, videoBytes } from './support/movies.js';
import { FINISH_UPLOAD, tusHeaders, tusRequest, tusUpload, uploadIdOf } from './support/resumable.js';
import { setupCodeOf, startServer, type TestServer } from './support/server.js';

const REQUESTS = 'youku_http_requests_total';

describe.each(databases)('GET /metrics on %s', (kind) => {
  let server: TestServer;
  let admin: Account;
  let user: Account;
  afterEach(() => server?.close());

  async function start(env: Record<string, string> = {}) {
    server = await startServer(kind, { DOWNLOAD_WAIT_SECONDS: '0', ...env });
    ({ admin, user } = await adminAndUser(new Client(server.url), setupCodeOf(server)));
  }

  it('answers Prometheus text from loopback by default: the process, the pool and the jobs', async () => {
    await start();
    const page = await scrape(server.url);
    expect(page.status).toBe(200);
    expect(page.contentType).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(page.text).toContain('process_cpu_user_seconds_total');
    expect(page.text).toContain('nodejs_eventloop_lag_seconds');
    expect(page.value('youku_db_pool_connections', { state: 'max' })).toBeGreaterThan(0);
    expect(page.text).toContain('youku_jobs{state="queued"}');
    expect(page.text).toContain('youku_jobs{state="failed"}');
    expect(page.value('youku_uploads_in_flight')).toBe(0);
  });

  it('counts requests by operation, uploads and downloads with their bytes, and queued and failed jobs', async () => {
    // No worker: the probe job an upload queues stays queued, so the count is exact.
    await start({ JOB_CONCURRENCY: '0' });
    const before = await scrape(server.url);
    await user.client.ok(`query WhoAmI { me { name } }`);

    const bytes = videoBytes(300_000, 7);
    const movie = await uploadVideo(admin, { bytes });
    const ticket = await download(user.client, movie.id);
    const media = await fetchMedia(server.url, ticket);
    expect(Buffer.from(await media.arrayBuffer()).length).toBe(bytes.length);

    const resumable = videoBytes(200_000, 8);
    const url = await tusUpload(admin.client, { bytes: resumable, chunkSize: 64 * 1024 });
    await admin.client.ok(FINISH_UPLOAD, {
      uploadId: uploadIdOf(url),
      isFree: true,
      fingerprint: await fingerprintOfBytes(resumable),
    });
    await server
      .db('jobs')
      .update({ failed_at: new Date() })
      .where(
        'unique_key',
        movieJob('probe', Number(Buffer.from(movie.id, 'base64').toString().split(':')[1]), 1).uniqueKey,
      );

    const after = await scrape(server.url);
    const grew = (name: string, labels: Record<string, string>) =>
      after.value(name, labels) - before.value(name, labels);
    expect(grew(REQUESTS, { route: 'graphql', operation: 'query me', status: '200' })).toBe(1);
    expect(grew('youku_http_request_duration_seconds_count', { route: 'graphql', operation: 'query me' })).toBe(1);
    expect(grew(REQUESTS, { route: 'graphql', operation: 'mutation uploadMovie', status: '200' })).toBe(1);
    expect(grew(REQUESTS, { route: 'graphql', operation: 'mutation downloadMovie', status: '200' })).toBe(1);
    expect(grew(REQUESTS, { route: 'graphql', operation: 'mutation finishUpload', status: '200' })).toBe(1);
    expect(grew(REQUESTS, { route: 'media', operation: '', status: '200' })).toBe(1);
    expect(grew(REQUESTS, { route: 'uploads', operation: '', status: '204' })).toBe(4);
    expect(grew('youku_http_received_bytes_total', { route: 'graphql' })).toBeGreaterThan(bytes.length);
    expect(grew('youku_http_received_bytes_total', { route: 'uploads' })).toBeGreaterThan(resumable.length);
    expect(grew('youku_http_sent_bytes_total', { route: 'media' })).toBeGreaterThan(bytes.length);
    expect(after.value('youku_jobs', { state: 'queued' })).toBe(1);
    expect(after.value('youku_jobs', { state: 'failed' })).toBe(1);
    expect(after.value('youku_uploads_in_flight')).toBe(0);
  });

  it('shows an upload in flight while its body arrives', async () => {
    await start();
    const created = await tusRequest(`${server.url}/uploads`, 'POST', {
      ...tusHeaders(admin.client),
      'upload-length': '20',
      'upload-metadata': `filename ${Buffer.from('slow.mp4').toString('base64')}`,
    });
    const body = new TransformStream<Uint8Array, Uint8Array>();
    const writer = body.writable.getWriter();
    const sending = fetch(new URL(created.headers.get('location')!, server.url), {
      method: 'PATCH',
      headers: {
        ...tusHeaders(admin.client),
        'tus-resumable': '1.0.0',
        'content-type': 'application/offset+octet-stream',
        'upload-offset': '0',
      },
      body: body.readable,
      duplex: 'half',
    } as RequestInit);
    await writer.write(new Uint8Array(10));
    let page = await scrape(server.url);
    while (page.value('youku_uploads_in_flight') !== 1) page = await scrape(server.url);
    await writer.write(new Uint8Array(10));
    await writer.close();
    expect((await sending).status).toBe(204);
    while (page.value('youku_uploads_in_flight') !== 0) page = await scrape(server.url);
  });

  it('keeps labels bounded: no client-chosen operation name, no ticket, no upload id', async () => {
    await start();
    await user.client.ok(`query Whatever_${'x'.repeat(40)} { me { name } }`);
    await user.client.request(`query { nonsense }`);
    await sendRaw(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{',
    });
    const movie = await uploadVideo(admin, { bytes: videoBytes(1000, 3) });
    const ticket = await download(user.client, movie.id);
    await fetchMedia(server.url, ticket);
    await sendRaw(`${server.url}/media/not-a-ticket-abcdef`);

    const page = await scrape(server.url);
    expect(page.text).not.toMatch(/Whatever_|nonsense|not-a-ticket/);
    expect(page.text).not.toContain(ticket.url.split('/').pop()!);
    expect(page.value(REQUESTS, { route: 'graphql', operation: 'query me', status: '200' })).toBe(1);
    // A request that never ran an operation (invalid, unparsable) counts under `none`.
    expect(page.value(REQUESTS, { route: 'graphql', operation: 'none', status: '400' })).toBe(2);
    expect(page.value(REQUESTS, { route: 'media', operation: '', status: '404' })).toBe(1);
  });

  it('refuses addresses METRICS does not list, also behind a trusted proxy', async () => {
    await start({ METRICS: '10.0.0.0/8' });
    const refused = await scrape(server.url);
    expect(refused.status).toBe(403);
    expect(JSON.parse(refused.text).errors[0].extensions.code).toBe('FORBIDDEN');
    expect(refused.text).not.toContain('youku_');
    await server.close();

    // Through a proxy on loopback, the client's own address decides, not the proxy's.
    await start({ TRUST_PROXY: 'loopback' });
    expect((await scrape(server.url, { 'x-forwarded-for': '203.0.113.7' })).status).toBe(403);
    expect((await scrape(server.url, { 'x-forwarded-for': '127.0.0.1' })).status).toBe(200);
    await server.close();

    // Untrusted, a forwarded address is ignored: the connection's loopback address decides.
    await start();
    expect((await scrape(server.url, { 'x-forwarded-for': '10.1.2.3' })).status).toBe(200);
  });

  it('METRICS=off: 404, as for any path the server does not have; METRICS=on: anyone', async () => {
    await start({ METRICS: 'off' });
    const off = await scrape(server.url, { accept: 'text/html' });
    expect(off.status).toBe(404);
    expect(JSON.parse(off.text).errors[0].extensions.code).toBe('NOT_FOUND');
    await server.close();

    await start({ METRICS: 'on', TRUST_PROXY: 'loopback' });
    expect((await scrape(server.url, { 'x-forwarded-for': '203.0.113.7' })).status).toBe(200);
  });
});

describe('METRICS and TRUST_PROXY settings', () => {
  it('take a flag or addresses and ranges, and name the variable when a value is wrong', () => {
    expect(readConfig({}).metrics).toEqual(['loopback']);
    expect(readConfig({ METRICS: 'off' }).metrics).toBe(false);
    expect(readConfig({ METRICS: 'on' }).metrics).toBe(true);
    expect(readConfig({ METRICS: '127.0.0.1, 10.0.0.0/8,::1' }).metrics).toEqual(['127.0.0.1', '10.0.0.0/8', '::1']);
    expect(readConfig({}).trustProxy).toBe(false);
    expect(readConfig({ TRUST_PROXY: 'true' }).trustProxy).toBe(true);
    expect(readConfig({ TRUST_PROXY: 'loopback' }).trustProxy).toEqual(['loopback']);
    expect(readConfig({ TRUST_PROXY: 'loopback' }).clients.maxConnectionsPerAddress).toBe(0);
    for (const [name, value] of [
      ['METRICS', 'sometimes'],
      ['METRICS', '10.0.0.0/99'],
      ['METRICS', 'loopback,'],
      ['TRUST_PROXY', 'nginx.internal'],
      ['TRUST_PROXY', '300.1.1.1'],
    ] as const) {
      expect(() => readConfig({ [name]: value }), `${name}=${value}`).toThrow(new RegExp(`^${name} must be`));
    }
  });
});
