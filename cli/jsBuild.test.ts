/** The CLI's JavaScript build (build/scripts/buildCli.mjs, what the npm `bin` runs): it bundles every dependency, needs no TypeScript loader, and runs the commands with the wasm helper thread beside it. */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testHelpersIn } from '../test/support/bundleScan.ts';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const outDir = mkdtempSync(join(tmpdir(), 'rnn-studio-cli-build-'));

beforeAll(() => {
  execFileSync(process.execPath, ['build/scripts/buildCli.mjs', '--out-dir', outDir], {
    cwd: repoRoot,
    stdio: 'pipe',
  });
}, 120_000);

afterAll(() => rmSync(outDir, { recursive: true, force: true }));

/** Runs the built command with `args` (outside the repository, so nothing resolves from it). */
function runBuilt(args: string[]): string {
  return execFileSync(process.execPath, [join(outDir, 'rnn-studio.js'), ...args], {
    cwd: tmpdir(),
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, RNN_STUDIO_BACKEND: 'wasm', RNN_STUDIO_THREADS: '2' },
  });
}

describe('the CLI JavaScript build', () => {
  it('emits the command, the kernels helper, bench’s PyTorch scripts and the list of its sources', () => {
    for (const name of [
      'rnn-studio.js',
      'kernelHelper.js',
      'torch_bench.py',
      'torch_cnn_bench.py',
      'inputs.json',
    ]) {
      expect(existsSync(join(outDir, name)), name).toBe(true);
    }
    const inputs = JSON.parse(readFileSync(join(outDir, 'inputs.json'), 'utf8')) as string[];
    expect(inputs).toEqual(
      expect.arrayContaining(['cli/index.ts', 'core/kernels/wasm/kernels.generated.ts']),
    );
  });

  it('holds no test-only code (test/support: toy task, quick training loop, Node trainer host)', () => {
    expect(testHelpersIn(outDir)).toEqual([]);
  });

  it('loads nothing but Node built-ins and its own files (no tsx, no node_modules)', () => {
    // Import and export statements, dynamic imports and require() calls of a bare specifier.
    const bare =
      /^\s*(?:import|export)\b[^;'"]*?\bfrom\s*["']([^"'./][^"']*)["']|\b(?:import|require)\s*\(\s*["']([^"'./][^"']*)["']\s*\)/gm;
    const loaded = readdirSync(outDir)
      .filter((name) => name.endsWith('.js'))
      .flatMap((name) =>
        [...readFileSync(join(outDir, name), 'utf8').matchAll(bare)].map(
          (m) => (m[1] ?? m[2]) as string,
        ),
      );
    const outside = loaded.filter((s) => !builtinModules.includes(s.replace(/^node:/, '')));
    expect(outside).toEqual([]);
  });

  it('prints the version', () => {
    expect(runBuilt(['--version'])).toBe('0.1.0\n');
  });

  it('trains a W1 step on two threads, the helper started from kernelHelper.js', () => {
    const out = runBuilt([
      'bench',
      '--workload',
      'W1',
      '--steps',
      '1',
      '--warmup',
      '1',
      '--no-torch',
    ]);
    expect(out).toMatch(/^W1\s+wasm×2\s/m);
  }, 120_000);
});
