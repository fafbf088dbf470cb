/** electron-vite build of the desktop app: main + trainer (utility process), the sandboxed preload, and the renderer. */
import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import { generatedKernelsPlugin } from './build/scripts/generatedKernels.mjs';
import { rendererCspPlugin } from './build/vite/cspPlugin.ts';

const root = import.meta.dirname;

export default defineConfig({
  main: {
    // The trainer embeds the generated wasm kernels: a missing or stale module stops the build
    // with the command to run.
    plugins: [generatedKernelsPlugin()],
    resolve: {
      // NOTE: fflate's Node build declares its own `var require`, which collides with the
      // `const require` electron-vite's CommonJS shim adds to the same chunk: the bundle then fails
      // to load ("Identifier 'require' has already been declared"; caught by test/desktop/boot.test.ts).
      // Core uses only fflate's synchronous functions, which the plain-JS build has too.
      alias: [{ find: /^fflate$/, replacement: 'fflate/browser' }],
    },
    build: {
      // NOTE: dependencies (zod, electron-log, electron-updater, …) are bundled, so the packaged
      // app needs no node_modules (electron/packaging/mainBundle.test.ts checks it).
      externalizeDeps: false,
      outDir: resolve(root, 'out/main'),
      rolldownOptions: {
        input: {
          main: resolve(root, 'electron/main/main.ts'),
          trainer: resolve(root, 'electron/trainer/trainer.ts'),
          // The wasm kernels' helper thread, started by the trainer as a worker thread.
          kernelHelper: resolve(root, 'electron/trainer/kernelHelper.ts'),
          // The thread that reads a big forecast file's second half, started by the trainer.
          seriesRangeWorker: resolve(root, 'node/ranges/seriesRangeWorker.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      // NOTE: a sandboxed preload cannot require() anything but a few Electron modules, so it
      // must be one CommonJS file with every dependency bundled in.
      externalizeDeps: false,
      outDir: resolve(root, 'out/preload'),
      rolldownOptions: {
        input: { preload: resolve(root, 'electron/preload/preload.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(root, 'renderer'),
    plugins: [generatedKernelsPlugin(), react(), rendererCspPlugin()],
    worker: { format: 'es' },
    build: {
      outDir: resolve(root, 'out/renderer'),
      rolldownOptions: { input: { index: resolve(root, 'renderer/index.html') } },
    },
  },
});
