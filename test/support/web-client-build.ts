import { buildWebClientWhenStale } from '../../web/build-when-stale.js';

/**
 * Vitest's global setup: builds the web client once, before any suite starts a server, so that
 * suites running in parallel never build it at the same time (the build empties dist/web first).
 */
export default async function setup(): Promise<void> {
  await buildWebClientWhenStale();
}
