import { request, type IncomingHttpHeaders } from 'node:http';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { expect } from 'vitest';

export interface RawFile {
  status: number;
  headers: IncomingHttpHeaders;
  /** The bytes as sent, not decoded (fetch would decode them). */
  body: Buffer;
}

/** GETs (or `method`s) `url` with exactly `headers` (no Accept-Encoding unless given), from `localAddress` when given. */
export function getRaw(
  url: string,
  headers: Record<string, string> = {},
  options: { method?: string; localAddress?: string } = {},
): Promise<RawFile> {
  return new Promise((resolve, reject) => {
    request(url, { ...options, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.once('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
      );
      res.once('error', reject);
    })
      .once('error', reject)
      .end();
  });
}

/**
 * Asserts that `url` is sent brotli-compressed to a client that accepts it (whatever order it lists
 * encodings in), gzipped to one that accepts only gzip, and as it is otherwise, the same bytes
 * each time, with `Vary: Accept-Encoding`; returns the plain answer and the sizes sent.
 */
export async function expectPrecompressed(url: string): Promise<{ plain: RawFile; brotli: number; gzip: number }> {
  const plain = await getRaw(url);
  expect(plain.status, url).toBe(200);
  expect(plain.headers['content-encoding'], url).toBeUndefined();
  expect(plain.headers.vary, url).toMatch(/accept-encoding/i);

  const brotli = await getRaw(url, { 'accept-encoding': 'gzip, deflate, br' });
  expect(brotli.headers['content-encoding'], url).toBe('br');
  expect(brotli.headers['content-type'], url).toBe(plain.headers['content-type']);
  expect(brotli.headers.vary, url).toMatch(/accept-encoding/i);
  expect(brotliDecompressSync(brotli.body).equals(plain.body), url).toBe(true);

  const gzip = await getRaw(url, { 'accept-encoding': 'gzip' });
  expect(gzip.headers['content-encoding'], url).toBe('gzip');
  expect(gunzipSync(gzip.body).equals(plain.body), url).toBe(true);

  // Refused encodings are never sent: q=0 is a refusal.
  const refused = await getRaw(url, { 'accept-encoding': 'br;q=0, gzip;q=0' });
  expect(refused.headers['content-encoding'], url).toBeUndefined();
  expect(refused.body.equals(plain.body), url).toBe(true);
  return { plain, brotli: brotli.body.length, gzip: gzip.body.length };
}
