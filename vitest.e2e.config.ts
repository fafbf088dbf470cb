/** End-to-end tests: the web-mode build in Debian's Chromium, driven by playwright-core. */
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/e2e/**/*.e2e.test.ts'],
    testTimeout: 300_000,
    hookTimeout: 300_000,
    fileParallelism: false,
    // NOTE: an expect.poll waits for behaviour, not for a speed: 1 s (Vitest's default) is a
    // timing assertion that a loaded machine trips (build/scripts/e2eUnderLoad.mjs).
    expect: { poll: { timeout: 30_000 } },
    globalSetup: ['test/e2e/globalSetup.ts'],
  },
});
