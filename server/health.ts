import type { RequestHandler } from 'express';
import type { Knex } from 'knex';

const TIMEOUT_MS = 2000;

/** `200` once the database answers a query, `503` otherwise (the cause goes to the log, not the caller). */
export function healthRoute(db: Knex): RequestHandler {
  return async (req, res) => {
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        db.raw('select 1'),
        new Promise((_resolve, reject) => {
          timer = setTimeout(() => reject(new Error(`no answer within ${TIMEOUT_MS} ms`)), TIMEOUT_MS);
        }),
      ]);
      res.set('Cache-Control', 'no-store').json({ status: 'ok', database: 'up' });
    } catch (err) {
      req.log.warn({ err }, 'health check: the database does not answer');
      res
        .status(503)
        .set('Cache-Control', 'no-store')
        .json({ status: 'unavailable', database: 'down', reason: 'The database does not answer.' });
    } finally {
      clearTimeout(timer);
    }
  };
}
