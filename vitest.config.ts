import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { configDefaults, defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

export default defineConfig({
  resolve: {
    // One graphql module for every importer: otherwise Vite's ESM copy and the CommonJS copy that
    // Node gives the dependencies are two realms, and `instanceof GraphQLError` fails between them.
    alias: { graphql: require.resolve('graphql') },
  },
  test: {
    include: ['test/**/*.test.ts'],
    // The faults suite (crashes, soak, fuzzing) runs apart: npm run test:faults.
    exclude: [...configDefaults.exclude, 'test/faults/**'],
    globalSetup: ['test/support/web-client-build.ts', 'test/support/s3-notice.ts'],
    // The browser journeys wait on what a page shows; on two busy cores a second can pass first.
    expect: { poll: { timeout: 10_000 } },
    pool: 'forks',
    // Vitest's default is a file per core but one: one at a time on two cores. The files spend most
    // of their time waiting on server processes, ffmpeg and Chromium, and each has its own database
    // and folders, so a file per core, at least two, halves the run without their fighting.
    maxWorkers: Math.max(2, availableParallelism()),
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
