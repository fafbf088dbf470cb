/** Checks the installer configuration offline: electron-builder's own schema, and what each OS must get. */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const repoRoot = join(import.meta.dirname, '..', '..');
const require = createRequire(import.meta.url);
// NOTE: js-yaml and the schema validator ship with electron-builder; nothing is downloaded.
const yaml = require('js-yaml') as { load(text: string): unknown };
const { validateConfiguration } = require('app-builder-lib/out/util/config/config.js') as {
  validateConfiguration(config: unknown, log: unknown): Promise<void>;
};
const { DebugLogger } = require('builder-util') as {
  DebugLogger: new (enabled: boolean) => unknown;
};

interface Target {
  target: string;
  arch: string[];
}
const config = yaml.load(readFileSync(join(repoRoot, 'build', 'electron-builder.yml'), 'utf8')) as {
  appId: string;
  productName: string;
  files: string[];
  asarUnpack: string[];
  fileAssociations: { ext: string }[];
  win: { icon: string; target: Target[] };
  mac: { icon: string; target: Target[]; hardenedRuntime: boolean; entitlements: string };
  linux: { icon: string; target: Target[] };
};
const targets = (list: Target[]) => list.map((t) => `${t.target}:${t.arch.join('+')}`);

describe('build/electron-builder.yml', () => {
  it("passes electron-builder's configuration schema", async () => {
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
  });

  it('names the app and packs the electron-vite output with .wasm unpacked', () => {
    expect(config.productName).toBe('RNN Studio');
    expect(config.appId).toBe('org.rnnstudio.desktop');
    expect(config.files).toEqual(
      expect.arrayContaining(['out/main/**', 'out/preload/**', 'out/renderer/**']),
    );
    expect(config.asarUnpack).toContain('**/*.wasm');
    expect(config.fileAssociations.map((a) => a.ext)).toEqual(['rnnmodel', 'rnnproj']);
  });

  it('targets NSIS on Windows, dmg + zip on macOS with hardened runtime, AppImage + deb on Linux', () => {
    expect(targets(config.win.target)).toEqual(['nsis:x64+arm64']);
    expect(targets(config.mac.target)).toEqual(['dmg:x64+arm64', 'zip:x64+arm64']);
    expect(config.mac.hardenedRuntime).toBe(true);
    expect(targets(config.linux.target)).toEqual(['AppImage:x64', 'deb:x64']);
  });

  it('points at icons and entitlements that exist', () => {
    for (const path of [config.win.icon, config.mac.icon, config.mac.entitlements]) {
      expect(existsSync(join(repoRoot, path)), path).toBe(true);
    }
    for (const size of [16, 32, 48, 64, 128, 256, 512, 1024]) {
      expect(existsSync(join(repoRoot, config.linux.icon, `${size}x${size}.png`))).toBe(true);
    }
  });
});

describe('.github/workflows/installers.yml', () => {
  it('builds on the native runner of each OS', () => {
    const workflow = yaml.load(
      readFileSync(join(repoRoot, '.github', 'workflows', 'installers.yml'), 'utf8'),
    ) as {
      jobs: { installers: { strategy: { matrix: { include: { os: string; target: string }[] } } } };
    };
    expect(workflow.jobs.installers.strategy.matrix.include.map((m) => [m.os, m.target])).toEqual([
      ['windows-latest', '--win'],
      ['macos-latest', '--mac'],
      ['ubuntu-latest', '--linux'],
    ]);
  });
});
