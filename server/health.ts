import type { RequestHandler } from 'express';

const TIMEOUT_MS = 2000;

/** `200` while the database serves (`check`), `503` otherwise (the cause goes to the log, not the caller). */
export function healthRoute(check: () => Promise<void>): RequestHandler {
  return async (req, res) => {
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        check(),
        new Promise((_resolve, reject) => {
          timer = setTimeout(() => reject(new Error(`no answer within ${TIMEOUT_MS} ms`)), TIMEOUT_MS);
        }),
      ]);
      res.set('Cache-Control', 'no-store').json({ status: 'ok', database: 'up' });
    } catch (err) {
      req.log.warn({ err }, 'health check: the database does not serve');
      res
        .status(503)
        .set('Cache-Control', 'no-store')
        .json({ status: 'unavailable', database: 'down', reason: 'The database is not available.' });
    } finally {
      clearTimeout(timer);
    }
  };
}
