import type { RequestHandler } from 'express';
import type { Knex } from 'knex';

const TIMEOUT_MS = 2000;

/** `200` once the database answers a query, `503` with the reason otherwise. */
export function healthRoute(db: Knex): RequestHandler {
  return async (_req, res) => {
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
      res
        .status(503)
        .set('Cache-Control', 'no-store')
        .json({ status: 'unavailable', database: 'down', reason: (err as Error).message });
    } finally {
      clearTimeout(timer);
    }
  };
}
