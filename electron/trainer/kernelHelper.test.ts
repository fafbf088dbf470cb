/** Build check: electron-vite's main build emits the kernels' helper entry beside the trainer, and the trainer starts it from there. */
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfigFromFile, MainConfigFactory } from 'electron-vite';
import { build, type InlineConfig } from 'vite';
import { afterAll, describe, expect, it } from 'vitest';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
let outDir = '';

afterAll(async () => {
  if (outDir !== '') await rm(outDir, { recursive: true, force: true });
});

describe('the Electron kernels helper entry', () => {
  it('is emitted by the main build as kernelHelper.js, which trainer.js starts as a worker thread', async () => {
    outDir = await mkdtemp(join(tmpdir(), 'rnn-studio-main-'));
    const { config } = await loadConfigFromFile(
      { command: 'build', mode: 'production' },
      join(repoRoot, 'electron.vite.config.ts'),
    );
    const main = (await new MainConfigFactory(config.main ?? {}, {}, {}).build()) as InlineConfig;
    await build({
      ...main,
      configFile: false,
      logLevel: 'warn',
      build: { ...main.build, outDir, emptyOutDir: true },
    });
    expect(existsSync(join(outDir, 'trainer.js'))).toBe(true);
    expect(existsSync(join(outDir, 'kernelHelper.js'))).toBe(true);
    const trainer = readFileSync(join(outDir, 'trainer.js'), 'utf8');
    // Resolved beside trainer.js at run time (both land in out/main).
    expect(trainer).toMatch(
      /new Worker\(new URL\(["']\.\/kernelHelper\.js["'], import\.meta\.url\)/,
    );
    const helper = readFileSync(join(outDir, 'kernelHelper.js'), 'utf8');
    expect(helper).toMatch(/runKernelHelper\(workerData\)/);
  }, 120_000);
});
