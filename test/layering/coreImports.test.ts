/** Proves the core/ boundary check fails: planted Node, DOM and Electron uses are refused. */
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const plantDir = join(root, 'core', `__planted_${process.pid}__`);

function run(cmd: string, args: string[]): { ok: boolean; output: string } {
  try {
    const output = execFileSync(cmd, args, { cwd: root, encoding: 'utf8', stdio: 'pipe' });
    return { ok: true, output };
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string };
    return { ok: false, output: `${e.stdout ?? ''}${e.stderr ?? ''}` };
  }
}

function plant(name: string, source: string): string {
  mkdirSync(plantDir, { recursive: true });
  const file = join(plantDir, name);
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

afterAll(() => rmSync(plantDir, { recursive: true, force: true }));

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
