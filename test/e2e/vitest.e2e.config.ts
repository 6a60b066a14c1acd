import { defineConfig } from 'vitest/config';

// The browser suite: the built UI (dist-web) served by the real loopback door, driven in
// Debian's Chromium. `npm run test:e2e` builds the UI first.
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.e2e.test.ts'],
    environment: 'node',
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    fileParallelism: false,
    // a save goes through the real core over loopback: on a loaded CI machine it can take more
    // than expect.poll's default second to show in the cell
    expect: { poll: { timeout: 10_000 } },
  },
});
