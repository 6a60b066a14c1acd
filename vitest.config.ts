import { defineConfig } from 'vitest/config';

// Unit and integration tests of the core, the shared rules and the doors (no browser).
// The browser suite has its own config: test/e2e/vitest.e2e.config.ts.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/e2e/**', 'node_modules/**'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // a throwaway PostgreSQL cluster for the tests that run on both backends
    globalSetup: ['test/support/pg-global-setup.ts'],
  },
});
