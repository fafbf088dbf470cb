/** Checks the installer configuration offline: electron-builder's own schema, what each OS must get, the Electron fuses, and that no node_modules ships. */
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
/** electron-builder's own file matching: the same code decides what goes into app.asar. */
const { FileMatcher, getNodeModuleFileMatcher } = require('app-builder-lib/out/fileMatcher.js') as {
  FileMatcher: new (
    from: string,
    to: string,
    expand: (s: string) => string,
    patterns: string[],
  ) => FileFilterSource;
  getNodeModuleFileMatcher(
    appDir: string,
    to: string,
    expand: (s: string) => string,
    platformOptions: object,
    packager: { config: { files: string[] }; debugLogger: { isEnabled: boolean } },
  ): FileFilterSource;
};
type FileFilter = (file: string, stat: FileStat) => boolean;
interface FileFilterSource {
  createFilter(): FileFilter;
}
interface FileStat {
  isDirectory(): boolean;
  /** Set by electron-builder for a dependency's file: its path inside the app. */
  moduleFullFilePath?: string;
}

interface Target {
  target: string;
  arch: string[];
}
interface Association {
  ext: string;
  role?: string;
  rank?: string;
  mimeType?: string;
}
const config = yaml.load(readFileSync(join(repoRoot, 'build', 'electron-builder.yml'), 'utf8')) as {
  appId: string;
  productName: string;
  files: string[];
  asarUnpack: string[];
  fileAssociations: Association[];
  electronFuses: Record<string, boolean>;
  win: { icon: string; target: Target[]; fileAssociations?: Association[] };
  nsis: { include: string };
  mac: {
    icon: string;
    target: Target[];
    hardenedRuntime: boolean;
    entitlements: string;
    fileAssociations: Association[];
  };
  linux: {
    icon: string;
    target: Target[];
    mimeTypes: string[];
    fileAssociations: Association[];
  };
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

describe('what ships', () => {
  const appDir = join(repoRoot, 'app');
  const identity = (text: string) => text;
  const file: FileStat = { isDirectory: () => false };

  /** Whether electron-builder would copy a production dependency's file, given `files`. */
  function shipsDependencyFile(files: string[], path: string): boolean {
    const matcher = getNodeModuleFileMatcher(
      appDir,
      '/packed',
      identity,
      {},
      {
        config: { files },
        debugLogger: { isEnabled: false },
      },
    );
    return matcher.createFilter()(join(appDir, path), { ...file, moduleFullFilePath: path });
  }

  it('packs no node_modules: the bundles carry their dependencies (electron-vite)', () => {
    for (const path of [
      'node_modules/zod/package.json',
      'node_modules/electron-log/src/main/index.js',
      'node_modules/electron-updater/out/main.js',
      'node_modules/electron-updater/node_modules/semver/index.js',
    ]) {
      expect(shipsDependencyFile(config.files, path), path).toBe(false);
    }
    // Control: the same matcher without the exclusion would copy them.
    const withoutExclusion = config.files.filter((p) => !p.includes('node_modules'));
    expect(shipsDependencyFile(withoutExclusion, 'node_modules/zod/package.json')).toBe(true);
  });

  it('packs the electron-vite output, not the web bundle or source maps', () => {
    const filter = new FileMatcher(appDir, '/packed', identity, config.files).createFilter();
    const packed = (path: string) => filter(join(appDir, path), file);
    expect(packed('out/main/main.js')).toBe(true);
    expect(packed('out/preload/preload.cjs')).toBe(true);
    expect(packed('out/renderer/index.html')).toBe(true);
    expect(packed('out/web/index.html')).toBe(false);
    expect(packed('out/main/main.js.map')).toBe(false);
  });

  it('flips the Electron fuses: no run-as-node, NODE_OPTIONS or inspector; app.asar only, integrity-checked', () => {
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      onlyLoadAppFromAsar: true,
      enableEmbeddedAsarIntegrityValidation: true,
    });
  });

  it('offers to open data files on macOS and Linux without becoming their default app', () => {
    const data = ['csv', 'tsv', 'jsonl', 'conllu', 'xlsx'];
    expect(config.mac.fileAssociations.map((a) => [a.ext, a.role, a.rank])).toEqual(
      data.map((ext) => [ext, 'Viewer', 'Alternate']),
    );
    expect(config.linux.mimeTypes).toEqual(
      expect.arrayContaining([
        'text/csv',
        'text/tab-separated-values',
        'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      ]),
    );
    // No shared-mime-info type exists for these two: the package defines its own.
    expect(config.linux.fileAssociations.map((a) => [a.ext, a.mimeType])).toEqual([
      ['jsonl', 'application/x-jsonlines'],
      ['conllu', 'text/x-conllu'],
    ]);
    // NOTE: electron-builder's NSIS association makes the app the default handler, so Windows
    // (and the all-OS list) keeps to RNN Studio's own documents in fileAssociations.
    expect(config.win.fileAssociations).toBeUndefined();
    expect(config.fileAssociations.map((a) => a.ext)).toEqual(['rnnmodel', 'rnnproj']);
  });

  it('adds RNN Studio to Windows’ Open with for data files, and removes it on uninstall', () => {
    const script = readFileSync(join(repoRoot, config.nsis.include), 'utf8');
    const inMacro = (name: string) =>
      script.slice(
        script.indexOf(`!macro ${name}\n`),
        script.indexOf('!macroend', script.indexOf(`!macro ${name}\n`)),
      );
    for (const ext of ['csv', 'tsv', 'jsonl', 'conllu', 'xlsx']) {
      expect(inMacro('customInstall')).toContain(`!insertmacro rnnStudioOpenWith "${ext}"`);
      expect(inMacro('customUnInstall')).toContain(`!insertmacro rnnStudioForgetOpenWith "${ext}"`);
    }
    // Only the Open-with list: the extension's default value (its default app) is never written.
    expect(script).toMatch(/\\OpenWithProgids" "RNNStudio\.DataFile" ""/);
    expect(script).not.toMatch(/Classes\\\.[\w${}]+" ""/);
  });
});

describe('.github/workflows/installers.yml', () => {
  const workflow = yaml.load(
    readFileSync(join(repoRoot, '.github', 'workflows', 'installers.yml'), 'utf8'),
  ) as {
    on: Record<string, unknown>;
    jobs: {
      installers: {
        strategy: { matrix: { include: { os: string; target: string }[] } };
        steps: { name?: string; uses?: string; run?: string; with?: { 'node-version'?: number } }[];
      };
    };
  };
  const steps = workflow.jobs.installers.steps;
  const stepIndex = (name: string) => steps.findIndex((s) => s.name === name);

  it('builds on the native runner of each OS', () => {
    expect(workflow.jobs.installers.strategy.matrix.include.map((m) => [m.os, m.target])).toEqual([
      ['windows-latest', '--win'],
      ['macos-latest', '--mac'],
      ['ubuntu-latest', '--linux'],
    ]);
  });

  it('runs for pull requests as well as version tags', () => {
    expect(Object.keys(workflow.on)).toEqual(
      expect.arrayContaining(['pull_request', 'push', 'workflow_dispatch']),
    );
  });

  it('uses the Node that Electronʼs tooling asks for (22)', () => {
    expect(steps.find((s) => s.with?.['node-version'] !== undefined)?.with?.['node-version']).toBe(
      22,
    );
  });

  it('smoke-tests the packaged app after building the installers, before uploading them', () => {
    const build = stepIndex('Build installers');
    const smoke = stepIndex('Smoke-test the packaged app');
    expect(build).toBeGreaterThanOrEqual(0);
    expect(smoke).toBeGreaterThan(build);
    expect(steps[smoke]?.run).toBe('node build/scripts/smokePackaged.mjs');
    const upload = steps.findIndex((s) => s.uses?.startsWith('actions/upload-artifact'));
    expect(upload).toBeGreaterThan(smoke);
  });
});
