/**
 * Uploads a generated multi-gigabyte stream and reports the server's peak RSS growth (limit: 100 MB
 * for 2 GiB) and its throughput as a ratio of a plain disk write of the same bytes in this run.
 * BENCH_UPLOAD_BYTES sets the size (default 2 GiB).
 */
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { patternChunks, patternFingerprint } from './pattern.js';
import { startServerProcess } from './server-process.js';

const SIZE = Number(process.env.BENCH_UPLOAD_BYTES ?? 2 * 1024 ** 3);
const RSS_LIMIT = 100 * 1024 * 1024;
const MB = 1024 * 1024;

const UPLOAD =
  'mutation($file: Upload!, $fingerprint: String!) { uploadMovie(file: $file, isFree: true, fingerprint: $fingerprint) { size sha256 } }';

async function gql(url: string, query: string, token?: string): Promise<any> {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query }),
  });
  return response.json();
}

/** A GraphQL multipart request whose file part is generated as it is sent. */
async function upload(url: string, token: string, size: number): Promise<number> {
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
  return seconds;
}

async function plainDiskWrite(dir: string, size: number): Promise<number> {
  const started = performance.now();
  await pipeline(Readable.from(patternChunks(size)), createWriteStream(join(dir, 'baseline.bin')));
  return (performance.now() - started) / 1000;
}

const dir = await mkdtemp(join(tmpdir(), 'bench-upload-'));
const server = await startServerProcess({
  DATABASE_URL: `sqlite:${join(dir, 'app.db')}`,
  MEDIA_DIR: join(dir, 'media'),
});
try {
  const { data } = await gql(server.url, 'mutation { register(name: "bench", password: "bench-password") { token } }');
  const token: string = data.register.token;
  await upload(server.url, token, 8 * MB); // warm-up: code paths loaded, pools filled
  const before = server.peakRss();
  const uploadSeconds = await upload(server.url, token, SIZE);
  const growth = server.peakRss() - before;
  const diskSeconds = await plainDiskWrite(dir, SIZE);

  console.log(`upload of ${(SIZE / MB).toFixed(0)} MiB`);
  console.log(
    `  server peak RSS: ${(before / MB).toFixed(1)} MiB before, +${(growth / MB).toFixed(1)} MiB during (limit +${RSS_LIMIT / MB} MiB)`,
  );
  console.log(
    `  upload ${(SIZE / MB / uploadSeconds).toFixed(0)} MiB/s; plain disk write ${(SIZE / MB / diskSeconds).toFixed(0)} MiB/s`,
  );
  console.log(`  ratio upload / disk write: ${(diskSeconds / uploadSeconds).toFixed(2)}`);
  if (growth > RSS_LIMIT) {
    console.log('  FAIL: memory grew with the size of the upload');
    process.exitCode = 1;
  } else {
    console.log('  PASS: memory stays flat');
  }
} finally {
  await server.stop();
  await rm(dir, { recursive: true, force: true });
}
