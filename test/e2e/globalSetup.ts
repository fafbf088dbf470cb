/** Builds the web-mode bundle once for the end-to-end suite (in mode 'e2e', so its test hooks are in) and provides its folder as `webDir`. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import type { TestProject } from 'vitest/node';
import { E2E_MODE } from '../../build/vite/e2eHooksPlugin.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Folder holding the built web-mode bundle (index.html, assets/). */
    webDir: string;
  }
}

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const webDir = await mkdtemp(join(tmpdir(), 'rnn-studio-web-'));
  // NOTE: vitest sets NODE_ENV=test, and Vite keeps an existing NODE_ENV, which would bundle
  // React's development build; the suite must test what `npm run web` ships.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({
      configFile: join(repoRoot, 'vite.web.config.ts'),
      root: join(repoRoot, 'renderer'),
      // NOTE: mode 'e2e' adds renderer/app/testHooks.ts; NODE_ENV keeps React's production build.
      mode: E2E_MODE,
      build: { outDir: webDir, emptyOutDir: true, sourcemap: false },
      logLevel: 'warn',
    });
  } finally {
    if (nodeEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = nodeEnv;
  }
  project.provide('webDir', webDir);
  return () => rm(webDir, { recursive: true, force: true });
}
