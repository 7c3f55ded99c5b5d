import type { RequestHandler } from 'express';

const TIMEOUT_MS = 2000;

/** What `/healthz` asks: each throws, or does not answer in time, when its part cannot serve. */
export interface HealthChecks {
  database: () => Promise<void>;
  storage: () => Promise<void>;
}

type Part = keyof HealthChecks;

const REASONS: Record<Part, string> = {
  database: 'The database is not available.',
  storage: 'The storage is not available.',
};

/** Resolves with the error, or null when `check` answered within the timeout. */
async function failureOf(check: () => Promise<void>): Promise<unknown> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      check(),
      new Promise((_resolve, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${TIMEOUT_MS} ms`)), TIMEOUT_MS);
      }),
    ]);
    return null;
  } catch (err) {
    return err ?? new Error('failed');
  } finally {
    clearTimeout(timer);
  }
}

/**
 * `200` while the database and the storage serve, `503` naming the part that does not (the cause
 * goes to the log, not the caller). Both are asked at once.
 */
export function healthRoute(checks: HealthChecks): RequestHandler {
  const parts = Object.keys(checks) as Part[];
  return async (req, res) => {
    const failures = await Promise.all(parts.map((part) => failureOf(checks[part])));
    const down = parts.filter((_part, i) => failures[i] !== null);
    const states = Object.fromEntries(parts.map((part) => [part, down.includes(part) ? 'down' : 'up']));
    res.set('Cache-Control', 'no-store');
    if (down.length === 0) return void res.json({ status: 'ok', ...states });
    for (const part of down)
      req.log.warn({ err: failures[parts.indexOf(part)] }, `health check: the ${part} does not serve`);
    res.status(503).json({ status: 'unavailable', ...states, reason: down.map((part) => REASONS[part]).join(' ') });
  };
}
