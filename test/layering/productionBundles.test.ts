/** No production bundle holds test-only code: the web edition as `npm run web` builds it has none of the names test/support/ and the e2e hooks export or install (out/ and the CLI build are checked where their tests build them: test/desktop/boot.test.ts, cli/jsBuild.test.ts); planted names are found. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testHelperNames, testHelpersIn } from '../support/bundleScan.ts';

const root = join(import.meta.dirname, '..', '..');
const temp = mkdtempSync(join(tmpdir(), 'rnn-studio-bundles-'));
const webDir = join(temp, 'web');

beforeAll(async () => {
  // NOTE: vitest sets NODE_ENV=test, which Vite would keep (React's development build); this is
  // the build `npm run web` makes (build/scripts/web.mjs), mode production.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({
      configFile: join(root, 'vite.web.config.ts'),
      root: join(root, 'renderer'),
      mode: 'production',
      build: { outDir: webDir, emptyOutDir: true },
      logLevel: 'error',
    });
  } finally {
    if (nodeEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = nodeEnv;
  }
}, 120_000);

afterAll(() => rmSync(temp, { recursive: true, force: true }));

function plant(files: Record<string, string>): string {
  const dir = mkdtempSync(join(temp, 'planted-'));
  for (const [name, source] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), source);
  }
  return dir;
}

describe('the production web build', () => {
  it('holds no test helper and no e2e hook', () => {
    expect(testHelpersIn(webDir)).toEqual([]);
  });
});

describe('test helper names', () => {
  it('cover test/support, the fake Electron classes and the e2e hooks', () => {
    expect(testHelperNames()).toEqual(
      expect.arrayContaining([
        'quickTrain',
        'toyTaskDefinition',
        'startNodeTrainer',
        'FakeBrowserWindow',
        'syntheticRun',
        '__studioTest',
        '__studioTestDesktop',
        'e2e-hooks',
        'e2e-desktop',
      ]),
    );
    // Electron's own API names (mirrored by the fake) are what main really uses.
    expect(testHelperNames()).not.toContain('ipcMain');
  });
});

describe('bundle scan (positive control)', () => {
  it('finds a helper function, a hook property and a URL switch in any script of a build', () => {
    const dir = plant({
      'main/main.js': 'function quickTrain(task) { return task; }\n',
      'renderer/assets/index-x.js':
        'const s=new URLSearchParams(location.search).has("e2e-hooks");window.__studioTest={};\n',
      'preload/preload.cjs': 'exports.toyTaskDefinition = 1;\n',
    });
    expect(testHelpersIn(dir)).toEqual([
      'main/main.js: quickTrain',
      'preload/preload.cjs: toyTaskDefinition',
      'renderer/assets/index-x.js: __studioTest',
      'renderer/assets/index-x.js: e2e-hooks',
    ]);
  });

  it('ignores longer names that merely contain one', () => {
    const dir = plant({
      'a.js': 'const quickTrainer = 1; const __studioTestsDone = 2; "e2e-hooks-off";\n',
    });
    expect(testHelpersIn(dir)).toEqual([]);
  });
});
