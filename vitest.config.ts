/** Unit and cross-process tests (everything but the Chromium end-to-end suite), and the parity suites again on the wasm backend. */
import { defineConfig } from 'vitest/config';
import { generatedKernelsPlugin } from './build/scripts/generatedKernels.mjs';

const exclude = ['test/e2e/**', 'node_modules/**'];

/** The suites every backend must pass (the compute core's parity suite and the training loop). */
const PARITY = [
  'core/nn/**/*.test.ts',
  'core/tensor/**/*.test.ts',
  'core/optim/**/*.test.ts',
  'core/kernels/**/*.test.ts',
  'test/train/**/*.test.ts',
];

export default defineConfig({
  // A missing or stale core/kernels/wasm/kernels.generated.ts stops the run with the command to run.
  plugins: [generatedKernelsPlugin()],
  test: {
    testTimeout: 60_000,
    pool: 'forks',
    projects: [
      {
        extends: true,
        test: {
          name: 'js',
          include: [
            'core/**/*.test.ts',
            'cli/**/*.test.ts',
            'node/**/*.test.ts',
            'build/**/*.test.ts',
            'bench/**/*.test.ts',
            'electron/**/*.test.ts',
            'renderer/**/*.test.{ts,tsx}',
            'test/**/*.test.ts',
          ],
          exclude,
          env: { RNN_STUDIO_BACKEND: 'js' },
          setupFiles: ['test/setup/backend.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'wasm',
          include: PARITY,
          exclude,
          env: { RNN_STUDIO_BACKEND: 'wasm' },
          setupFiles: ['test/setup/backend.ts'],
        },
      },
    ],
  },
});
