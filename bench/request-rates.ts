import autocannon from 'autocannon';
import { alternately } from './alternation.js';

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

/** `load` and `baseline` at `connections`, each for `seconds` in two halves, alternately. */
export async function compareRates(
  load: Load,
  baseline: Load,
  connections: number,
  seconds: number,
): Promise<{ load: Rate; baseline: Rate }> {
  const half = Math.max(1, seconds / 2);
  const measure = (subject: Load, warmUp: boolean) => run(subject, connections, warmUp ? 1 : half);
  const mean = (x: Rate, y: Rate) => ({ rps: (x.rps + y.rps) / 2, p99Ms: Math.max(x.p99Ms, y.p99Ms) });
  const { ours, theirs } = await alternately(load, baseline, measure, mean);
  return { load: ours, baseline: theirs };
}
