/**
 * Uploads a generated multi-gigabyte stream twice, as one GraphQL multipart request and over tus in
 * 8 MiB chunks (then finishUpload, which reads the bytes back for their SHA-256), and reports for
 * each the server's peak RSS growth (limit: 100 MB for 2 GiB) and its throughput as a ratio of a
 * plain disk write of the same bytes, with fsync, in this run. BENCH_UPLOAD_BYTES sets the size
 * (default 2 GiB).
 */
import { createWriteStream } from 'node:fs';
import { mkdtemp, open, rm } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import * as tus from 'tus-js-client';
import { patternChunks, patternFingerprint } from './pattern.js';
import { startServerProcess, type ServerProcess } from './server-process.js';

const SIZE = Number(process.env.BENCH_UPLOAD_BYTES ?? 2 * 1024 ** 3);
const RSS_LIMIT = 100 * 1024 * 1024;
const MB = 1024 * 1024;
const TUS_CHUNK = 8 * MB;

const UPLOAD =
  'mutation($file: Upload!, $fingerprint: String!) { uploadMovie(file: $file, isFree: true, fingerprint: $fingerprint) { id } }';
const FINISH =
  'mutation($uploadId: String!, $fingerprint: String!) { finishUpload(uploadId: $uploadId, isFree: true, fingerprint: $fingerprint) { id } }';
const DELETE = 'mutation($id: ID!) { deleteMovie(id: $id) { id } }';

async function gql(url: string, query: string, token?: string, variables: object = {}): Promise<any> {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const result = await response.json();
  if (result.errors) throw new Error(`refused: ${JSON.stringify(result.errors)}`);
  return result.data;
}

interface Timed {
  seconds: number;
  movieId: string;
}

/** A GraphQL multipart request whose file part is generated as it is sent. */
async function multipartUpload(url: string, token: string, size: number): Promise<Timed> {
  const boundary = 'bench-boundary';
  const operations = JSON.stringify({
    query: UPLOAD,
    variables: { file: null, fingerprint: await patternFingerprint(size) },
  });
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="operations"\r\n\r\n${operations}\r\n` +
      `--${boundary}\r\nContent-Disposition: form-data; name="map"\r\n\r\n{"0":["variables.file"]}\r\n` +
      `--${boundary}\r\nContent-Disposition: form-data; name="0"; filename="bench.mp4"\r\nContent-Type: video/mp4\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  const started = performance.now();
  const body = await new Promise<string>((resolve, reject) => {
    const req = request(`${url}/graphql`, {
      method: 'POST',
      headers: {
        'content-type': `multipart/form-data; boundary=${boundary}`,
        'content-length': String(head.length + size + tail.length),
        'x-graphql-yoga-csrf': '1',
        authorization: `Bearer ${token}`,
      },
    });
    req.on('response', (res) => {
      let text = '';
      res
        .setEncoding('utf8')
        .on('data', (chunk) => (text += chunk))
        .on('end', () => resolve(text));
    });
    req.on('error', reject);
    pipeline(
      Readable.from(
        (function* () {
          yield head;
          yield* patternChunks(size);
          yield tail;
        })(),
      ),
      req,
    ).catch(reject);
  });
  const seconds = (performance.now() - started) / 1000;
  const result = JSON.parse(body);
  if (result.errors) throw new Error(`upload refused: ${body}`);
  return { seconds, movieId: result.data.uploadMovie.id };
}

/** The reference tus client sends the stream in 8 MiB PATCH requests; then finishUpload. */
async function tusUpload(url: string, token: string, size: number): Promise<Timed> {
  const started = performance.now();
  const uploadUrl = await new Promise<string>((resolve, reject) => {
    const upload: tus.Upload = new tus.Upload(Readable.from(patternChunks(size)), {
      endpoint: `${url}/uploads`,
      uploadSize: size,
      chunkSize: TUS_CHUNK,
      headers: { authorization: `Bearer ${token}`, 'x-graphql-yoga-csrf': '1' },
      metadata: { filename: 'bench.mp4' },
      retryDelays: [],
      onSuccess: () => resolve(upload.url!),
      onError: reject,
    });
    upload.start();
  });
  const uploadId = uploadUrl.split('/').pop()!;
  const data = await gql(url, FINISH, token, { uploadId, fingerprint: await patternFingerprint(size) });
  return { seconds: (performance.now() - started) / 1000, movieId: data.finishUpload.id };
}

async function plainDiskWrite(dir: string, size: number): Promise<number> {
  const path = join(dir, 'baseline.bin');
  const started = performance.now();
  await pipeline(Readable.from(patternChunks(size)), createWriteStream(path));
  const handle = await open(path, 'r+');
  await handle.sync().finally(() => handle.close());
  const seconds = (performance.now() - started) / 1000;
  await rm(path);
  return seconds;
}

type Upload = (url: string, token: string, size: number) => Promise<Timed>;

/** One upload of SIZE bytes: its time and the server's peak RSS growth; the movie is deleted after, so the next may repeat its bytes. */
async function measure(server: ServerProcess, token: string, send: Upload) {
  const warm = await send(server.url, token, 8 * MB); // code paths loaded, pools filled
  await gql(server.url, DELETE, token, { id: warm.movieId });
  const before = server.peakRss();
  const { seconds, movieId } = await send(server.url, token, SIZE);
  const growth = server.peakRss() - before;
  await gql(server.url, DELETE, token, { id: movieId });
  return { seconds, before, growth };
}

function report(label: string, run: { seconds: number; before: number; growth: number }, diskSeconds: number) {
  console.log(
    `  ${label}: ${(SIZE / MB / run.seconds).toFixed(0)} MiB/s, ratio to disk write ${(diskSeconds / run.seconds).toFixed(2)}`,
  );
  console.log(
    `    server peak RSS ${(run.before / MB).toFixed(1)} MiB before, +${(run.growth / MB).toFixed(1)} MiB during (limit +${RSS_LIMIT / MB} MiB)`,
  );
  if (run.growth > RSS_LIMIT) {
    console.log(`    FAIL: memory grew with the size of the ${label} upload`);
    process.exitCode = 1;
  }
}

const dir = await mkdtemp(join(tmpdir(), 'bench-upload-'));
const server = await startServerProcess({
  DATABASE_URL: `sqlite:${join(dir, 'app.db')}`,
  MEDIA_DIR: join(dir, 'media'),
});
try {
  const data = await gql(server.url, 'mutation { register(name: "bench", password: "bench-password") { token } }');
  const token: string = data.register.token;
  const multipart = await measure(server, token, multipartUpload);
  const resumable = await measure(server, token, tusUpload);
  const diskSeconds = await plainDiskWrite(dir, SIZE);

  console.log(
    `upload-throughput of ${(SIZE / MB).toFixed(0)} MiB; plain disk write with fsync ${(SIZE / MB / diskSeconds).toFixed(0)} MiB/s`,
  );
  report('multipart', multipart, diskSeconds);
  report(`tus (${TUS_CHUNK / MB} MiB chunks, SHA-256 read back at finish)`, resumable, diskSeconds);
  console.log(`  ratio tus / multipart: ${(multipart.seconds / resumable.seconds).toFixed(2)}`);
} finally {
  await server.stop();
  await rm(dir, { recursive: true, force: true });
}
