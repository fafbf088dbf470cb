/** Vite config of web mode (`npm run web`, and in mode 'e2e' the end-to-end tests' build with their hooks): the renderer with the trainer in a Web Worker. */
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { generatedKernelsPlugin } from './build/scripts/generatedKernels.mjs';
import { webCspPlugin } from './build/vite/cspPlugin.ts';
import { e2eHooksPlugin } from './build/vite/e2eHooksPlugin.ts';

const root = fileURLToPath(new URL('./renderer', import.meta.url));

export default defineConfig(({ mode }) => ({
  root,
  // NOTE: relative asset URLs, so the bundle can be served from any path.
  base: './',
  // NOTE: web mode downloads gallery files in the page, so its CSP adds the gallery's origins to
  // connect-src; the Electron build keeps 'self' (main downloads).
  // NOTE: the test hooks (renderer/app/testHooks.ts) enter the bundle only in mode 'e2e'.
  plugins: [generatedKernelsPlugin(), react(), webCspPlugin(), e2eHooksPlugin(mode)],
  worker: { format: 'es' },
  build: {
    outDir: fileURLToPath(new URL('./out/web', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
  },
}));
