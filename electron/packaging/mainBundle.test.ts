/** Build check for shipping without node_modules: electron-vite's main build (main, trainer, kernels helper, the series range reader) imports nothing but `electron` and Node's built-ins. */
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfigFromFile, MainConfigFactory } from 'electron-vite';
import { build, type InlineConfig } from 'vite';
import { afterAll, describe, expect, it } from 'vitest';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
let outDir = '';

afterAll(async () => {
  if (outDir !== '') await rm(outDir, { recursive: true, force: true });
});

/** Module specifiers a built file loads at run time: static and dynamic imports, and require() calls. */
function loadedSpecifiers(code: string): string[] {
  const patterns = [
    /\bimport\s*(?:[\w*{}\s,$]+\s*from\s*)?["']([^"']+)["']/g,
    /\bexport\s*[\w*{}\s,$]+\s*from\s*["']([^"']+)["']/g,
    /\bimport\s*\(\s*["']([^"']+)["']\s*\)/g,
    /\brequire\s*\(\s*["']([^"']+)["']\s*\)/g,
  ];
  return patterns.flatMap((re) => [...code.matchAll(re)].map((m) => m[1] as string));
}

/** True for what a packaged app without node_modules can load: electron, Node built-ins, files beside it. */
function loadableWithoutNodeModules(specifier: string): boolean {
  if (specifier.startsWith('./') || specifier.startsWith('../')) return true;
  if (specifier === 'electron' || specifier.startsWith('electron/')) return true;
  const name = specifier.replace(/^node:/, '');
  return builtinModules.includes(name) || builtinModules.includes(name.split('/')[0] as string);
}

function jsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.js'))
    .map((e) => join(e.parentPath, e.name));
}

describe('loadedSpecifiers', () => {
  it('finds static, dynamic and require() loads', () => {
    const code = `import a from "zod"; import "./x.js"; import { b } from 'node:fs';
      const c = await import("electron-log"); const d = require("fs"); export * from "./y.js";`;
    expect(loadedSpecifiers(code).sort()).toEqual(
      ['./x.js', './y.js', 'electron-log', 'fs', 'node:fs', 'zod'].sort(),
    );
    expect(['zod', 'electron-log'].filter(loadableWithoutNodeModules)).toEqual([]);
  });
});

describe('the main-process bundles', () => {
  it('load only electron, Node built-ins and their own chunks', async () => {
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
    const files = jsFiles(outDir);
    expect(files.map((f) => relative(outDir, f))).toEqual(
      expect.arrayContaining(['main.js', 'trainer.js', 'kernelHelper.js', 'seriesRangeWorker.js']),
    );
    const strays = files.flatMap((f) =>
      loadedSpecifiers(readFileSync(f, 'utf8'))
        .filter((s) => !loadableWithoutNodeModules(s))
        .map((s) => `${relative(outDir, f)}: ${s}`),
    );
    expect(strays).toEqual([]);
  }, 120_000);
});
