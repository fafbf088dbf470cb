/** Proves the layering checks fail: planted Node, DOM and Electron uses in core/ are refused, and node/ (shared by the CLI and main) refuses Electron and the other hosts' folders. */
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const plantDir = join(root, 'core', `__planted_${process.pid}__`);
const nodePlantDir = join(root, 'node', `__planted_${process.pid}__`);

function run(cmd: string, args: string[]): { ok: boolean; output: string } {
  try {
    const output = execFileSync(cmd, args, { cwd: root, encoding: 'utf8', stdio: 'pipe' });
    return { ok: true, output };
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string };
    return { ok: false, output: `${e.stdout ?? ''}${e.stderr ?? ''}` };
  }
}

function plant(name: string, source: string, dir = plantDir): string {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, name);
  writeFileSync(file, source);
  return file;
}

function typecheck(file: string): { ok: boolean; output: string } {
  const config = join(plantDir, `tsconfig.${file.split('/').pop()}.json`);
  writeFileSync(
    config,
    JSON.stringify({ extends: '../tsconfig.json', include: [file], exclude: [] }),
  );
  return run(join(root, 'node_modules', '.bin', 'tsc'), ['-p', config, '--noEmit']);
}

function lint(file: string): { ok: boolean; output: string } {
  return run(join(root, 'node_modules', '.bin', 'biome'), ['lint', file]);
}

afterAll(() => {
  rmSync(plantDir, { recursive: true, force: true });
  rmSync(nodePlantDir, { recursive: true, force: true });
});

describe('core/ layering check', () => {
  it('refuses a planted import of fs (lint) and its Node types (type-check)', () => {
    const file = plant(
      'usesFs.ts',
      "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n",
    );
    const l = lint(file);
    expect(l.ok).toBe(false);
    expect(l.output).toContain('core/ must not use Node APIs');
    expect(typecheck(file).ok).toBe(false);
  });

  it('refuses a planted use of window (lint and type-check)', () => {
    const file = plant('usesWindow.ts', 'export const w = window.innerWidth;\n');
    const l = lint(file);
    expect(l.ok).toBe(false);
    expect(l.output).toContain('core/ must not use DOM globals');
    const t = typecheck(file);
    expect(t.ok).toBe(false);
    expect(t.output).toContain("Cannot find name 'window'");
  });

  it('refuses a planted import of electron (lint and type-check)', () => {
    const file = plant(
      'usesElectron.ts',
      "import { app } from 'electron';\nexport const a = app;\n",
    );
    const l = lint(file);
    expect(l.ok).toBe(false);
    expect(l.output).toContain('core/ must not use Electron');
    expect(typecheck(file).ok).toBe(false);
  });

  it('accepts pure code in the same place (the check is not always failing)', () => {
    const file = plant('pure.ts', 'export const twice = (x: number): number => 2 * x;\n');
    expect(lint(file).ok).toBe(true);
    expect(typecheck(file).ok).toBe(true);
  });
});

describe('node/ layering check', () => {
  it('refuses a planted import of electron or of a host folder (lint)', () => {
    const electron = lint(
      plant(
        'usesElectron.ts',
        "import { app } from 'electron';\nexport const a = app;\n",
        nodePlantDir,
      ),
    );
    expect(electron.ok).toBe(false);
    expect(electron.output).toContain('node/ is shared by the CLI and main');
    const cli = lint(
      plant(
        'usesCli.ts',
        "import { nodeIo } from '../../cli/io.ts';\nexport const n = nodeIo;\n",
        nodePlantDir,
      ),
    );
    expect(cli.ok).toBe(false);
    expect(cli.output).toContain('node/ imports only core/ and Node');
  });

  it('accepts Node and core imports in node/', () => {
    const file = plant(
      'usesNode.ts',
      "import { open } from 'node:fs/promises';\nimport { ConfigError } from '../../core/errors.ts';\nexport const x = [open, ConfigError];\n",
      nodePlantDir,
    );
    expect(lint(file).ok).toBe(true);
  });

  it('refuses node/ from core/ (lint)', () => {
    const file = plant(
      'usesNodeFolder.ts',
      "import { writeFileAtomic } from '../../node/atomicWrite.ts';\nexport const w = writeFileAtomic;\n",
    );
    const l = lint(file);
    expect(l.ok).toBe(false);
    expect(l.output).toContain('core/ imports nothing outside core/');
  });
});
