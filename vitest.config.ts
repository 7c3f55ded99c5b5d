import { createRequire } from 'node:module';
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
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
