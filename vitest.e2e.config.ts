/** End-to-end tests: the web-mode build in Debian's Chromium, driven by playwright-core. */
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/e2e/**/*.e2e.test.ts'],
    testTimeout: 300_000,
    hookTimeout: 300_000,
    fileParallelism: false,
    globalSetup: ['test/e2e/globalSetup.ts'],
  },
});
