/** Builds the web-mode bundle once for the end-to-end suite and provides its folder as `webDir`. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Folder holding the built web-mode bundle (index.html, assets/). */
    webDir: string;
  }
}

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const webDir = await mkdtemp(join(tmpdir(), 'rnn-studio-web-'));
  await build({
    configFile: join(repoRoot, 'vite.web.config.ts'),
    root: join(repoRoot, 'renderer'),
    build: { outDir: webDir, emptyOutDir: true, sourcemap: false },
    logLevel: 'warn',
  });
  project.provide('webDir', webDir);
  return () => rm(webDir, { recursive: true, force: true });
}
