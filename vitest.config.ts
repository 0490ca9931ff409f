import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // Tests that start bin/overlaysim.js run dist/: build it from the current sources first.
    globalSetup: ['src/test-support/build-before-tests.ts'],
    testTimeout: 120_000,
    pool: 'forks',
  },
});
