import { buildWhenStale } from '../../web/build-when-stale.js';

/**
 * Vitest's global setup: builds the web client and GraphiQL once, before any suite starts a server,
 * so that suites running in parallel never build them at the same time (a build empties its folder
 * first).
 */
export default async function setup(): Promise<void> {
  await buildWhenStale();
}
