import { defineConfig } from 'vitest/config';
import base from './vitest.config.js';

/**
 * `npm run test:faults`: crashes, database loss, a full disk, slow and idle clients, shutdown, a
 * soak and fuzzing, against real server processes. Long, so apart from `npm test`; the files run
 * one at a time, so that the load of one does not become another's fault.
 */
export default defineConfig({
  resolve: base.resolve,
  test: {
    include: ['test/faults/**/*.test.ts'],
    pool: 'forks',
    fileParallelism: false,
    testTimeout: 300_000,
    hookTimeout: 120_000,
  },
});
