import { Agent, get } from 'node:http';

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

/** One ranged GET on a kept-alive connection; its bytes are discarded. */
function rangedOnce(url: string, agent: Agent, start: number, length: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const range = `bytes=${start}-${start + length - 1}`;
    get(url, { agent, headers: { range } }, (res) => {
      if (res.statusCode !== 206) reject(new Error(`${url} answered ${res.statusCode} to ${range}`));
      res.on('data', () => {});
      res.on('end', resolve);
      res.on('error', reject);
    }).on('error', reject);
  });
}

/**
 * Random `length`-byte ranges of a `size`-byte file over `connections` kept-alive connections for
 * `seconds`, as a player seeking: requests per second. Our own client rather than autocannon, which
 * decodes every response body into a string: on bytes that are not text (a video) that decoding,
 * not the server, set the rate (about 300-1,000 req/s against nginx, 7,000-10,000 on zeros).
 */
export async function rangeRate(url: string, size: number, length: number, connections: number, seconds: number) {
  const agent = new Agent({ keepAlive: true, maxSockets: connections });
  const end = performance.now() + seconds * 1000;
  let done = 0;
  const seek = async () => {
    while (performance.now() < end) {
      await rangedOnce(url, agent, Math.floor(Math.random() * (size / length)) * length, length);
      done++;
    }
  };
  const started = performance.now();
  try {
    await Promise.all(Array.from({ length: connections }, seek));
  } finally {
    agent.destroy();
  }
  return done / ((performance.now() - started) / 1000);
}
