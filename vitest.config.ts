import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Builds dist/ once per run: the end-to-end tests run the built bin/baton.
    globalSetup: ['test/support/build.ts'],
    // The end-to-end tests mostly wait on the CLI processes they start, so test files run
    // side by side even on a two-core machine.
    maxWorkers: Math.max(2, availableParallelism()),
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
