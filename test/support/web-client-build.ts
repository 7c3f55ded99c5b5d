import { buildWhenStale } from '../../web/build-when-stale.js';

/**
 * Vitest's global setup: builds the web client, GraphiQL and the command-line client when stale,
 * once, before any suite starts a server or the client, so that suites running in parallel never
 * build them at the same time (a build empties its folder first) and run the client as installed.
 */
export default async function setup(): Promise<void> {
  await buildWhenStale();
}
