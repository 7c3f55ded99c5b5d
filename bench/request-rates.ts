import autocannon from 'autocannon';

/** One kind of request for autocannon; `setup` may change each request (a range, a user). */
export interface Load {
  url: string;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
  /** Called before each request with the connection's own context object. */
  setup?: (request: autocannon.Request, context: Record<string, unknown>) => autocannon.Request;
  /** Its answer is a 404 (which autocannon counts as not 2xx). */
  answersNotFound?: boolean;
}

export interface Rate {
  rps: number;
  p99Ms: number;
}

async function run(load: Load, connections: number, seconds: number): Promise<Rate> {
  const result = await autocannon({
    url: load.url,
    connections,
    duration: seconds,
    requests: [
      {
        method: load.method ?? 'GET',
        headers: load.headers,
        body: load.body,
        ...(load.setup ? { setupRequest: load.setup as autocannon.Request['setupRequest'] } : {}),
      },
    ],
  });
  const failed = result.errors + result.timeouts + (load.answersNotFound ? 0 : result.non2xx);
  if (failed > 0) {
    throw new Error(
      `${load.url}: ${failed} of ${result.requests.total} requests failed (${result.errors} errors, ${result.non2xx} not 2xx)`,
    );
  }
  return { rps: result.requests.total / result.duration, p99Ms: result.latency.p99 };
}

/**
 * `load` and `baseline` at `connections`, each for `seconds` in two halves in the order load,
 * baseline, baseline, load (after a second of each to warm up), so that a neighbour's burst on
 * this shared machine weighs on both alike.
 */
export async function compareRates(
  load: Load,
  baseline: Load,
  connections: number,
  seconds: number,
): Promise<{ load: Rate; baseline: Rate }> {
  await run(load, connections, 1);
  await run(baseline, connections, 1);
  const half = Math.max(1, seconds / 2);
  const a1 = await run(load, connections, half);
  const b1 = await run(baseline, connections, half);
  const b2 = await run(baseline, connections, half);
  const a2 = await run(load, connections, half);
  const mean = (x: Rate, y: Rate) => ({ rps: (x.rps + y.rps) / 2, p99Ms: Math.max(x.p99Ms, y.p99Ms) });
  return { load: mean(a1, a2), baseline: mean(b1, b2) };
}
