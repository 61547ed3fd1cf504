import { defineConfig } from 'vitest/config';

// Three projects: pure unit tests, API tests (real PGlite, and PostgreSQL when DATABASE_URL is set),
// and browser tests (real headless Chromium; run by `npm run test:browser`).
export default defineConfig({
  test: {
    projects: [
      // CPU-heavy unit tests (Merkle trees, property tests, PDF set-up) outlast the defaults on a busy 2-core machine.
      {
        test: {
          name: 'unit',
          include: ['src/**/*.test.ts'],
          environment: 'node',
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'api',
          include: ['test/api/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
      {
        test: {
          name: 'browser',
          include: ['test/browser/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
