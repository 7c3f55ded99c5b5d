import { get } from 'node:http';

/** Downloads `url` once, reading and discarding its bytes; resolves with how many there were. */
function downloadOnce(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    get(url, (res) => {
      if (res.statusCode !== 200) {
        res.resume();
        return reject(new Error(`${url} answered ${res.statusCode}`));
      }
      let bytes = 0;
      res.on('data', (chunk: Buffer) => (bytes += chunk.length));
      res.on('end', () => resolve(bytes));
      res.on('error', reject);
    }).on('error', reject);
  });
}

/** `concurrent` full downloads of `url` at once: the bytes per second all of them took together. */
export async function downloadThroughput(url: string, concurrent: number, expectedBytes: number): Promise<number> {
  const started = performance.now();
  const sizes = await Promise.all(Array.from({ length: concurrent }, () => downloadOnce(url)));
  const seconds = (performance.now() - started) / 1000;
  if (sizes.some((size) => size !== expectedBytes)) throw new Error(`${url}: a download was cut short`);
  return (expectedBytes * concurrent) / seconds;
}
