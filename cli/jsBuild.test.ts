/** The CLI's JavaScript build (build/scripts/buildCli.mjs, what the npm `bin` runs): it bundles every dependency, needs no TypeScript loader, and runs the commands with the wasm helper thread beside it. */
import { execFileSync } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryByteSource } from '../core/data/byteSource.ts';
import { inspectForReading } from '../core/data/recordStream.ts';
import type { RowRangeRequest, RowRangeResult } from '../core/data/rowRanges.ts';
import type { SeriesRangeRequest, SeriesRangeResult } from '../core/data/seriesRanges.ts';
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
      'seriesRangeWorker.js',
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

  it('reads a forecast file’s second half on the thread seriesRangeWorker.js runs, which the command starts from beside it', async () => {
    const rows = ['t,load'];
    for (let i = 0; i < 2000; i++) rows.push(`${i},${i % 7}`);
    const path = join(outDir, 'series.csv');
    const bytes = new TextEncoder().encode(`${rows.join('\n')}\n`);
    writeFileSync(path, bytes);
    const source = memoryByteSource(path, bytes);
    const inspection = await inspectForReading(source, { fileName: path, reading: undefined });
    const request: SeriesRangeRequest = {
      from: bytes.length >> 1,
      to: bytes.length,
      inspection,
      plan: { fileName: path, numeric: ['load'], dates: [], orders: {}, derived: [] },
    };
    const worker = new Worker(join(outDir, 'seriesRangeWorker.js'), { workerData: { path } });
    worker.postMessage(request);
    const [result] = (await once(worker, 'message')) as [SeriesRangeResult];
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const linesBefore = bytes.subarray(0, result.split).filter((b) => b === 10).length;
    expect(result.lines.length).toBe(2000 - (linesBefore - 1));
    expect([...(result.columns[0] ?? [])].slice(0, 3)).toEqual(
      [0, 1, 2].map((k) => (linesBefore - 1 + k) % 7),
    );
    const starts = readdirSync(outDir)
      .filter((name) => name.endsWith('.js'))
      .some((name) =>
        readFileSync(join(outDir, name), 'utf8').includes('"./seriesRangeWorker.js"'),
      );
    expect(starts).toBe(true);
  });

  it('tokenizes a classify file’s second half on the same thread, with ids of its own', async () => {
    const rows = ['review,rating'];
    for (let i = 0; i < 2000; i++)
      rows.push(`"word${i % 50} Word${i % 7}, again",${i % 2 ? 'pos' : 'neg'}`);
    const path = join(outDir, 'reviews.csv');
    const bytes = new TextEncoder().encode(`${rows.join('\n')}\n`);
    writeFileSync(path, bytes);
    const inspection = await inspectForReading(memoryByteSource(path, bytes), {
      fileName: path,
      reading: undefined,
    });
    const request: RowRangeRequest = {
      kind: 'rows',
      from: bytes.length >> 1,
      to: bytes.length,
      inspection,
      fileName: path,
      fields: [0, 1],
      tokenizer: { kind: 'word', lowercase: true },
      maxLength: 10,
    };
    const worker = new Worker(join(outDir, 'seriesRangeWorker.js'), { workerData: { path } });
    worker.postMessage(request);
    const [result] = (await once(worker, 'message')) as [RowRangeResult];
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const first = bytes.subarray(0, result.split).filter((b) => b === 10).length - 1;
    expect(result.lengths.length).toBe(2000 - first);
    const ids = [...result.ids.subarray(0, result.lengths[0])];
    expect(ids.map((id) => result.tokens[id])).toEqual([
      `word${first % 50}`,
      `word${first % 7}`,
      ',',
      'again',
    ]);
    expect(result.labels[result.labelOf[0] as number]).toBe(first % 2 ? 'pos' : 'neg');
    expect(result.counts).toEqual({
      rows: 2000 - first,
      used: 2000 - first,
      anyText: true,
      anyLabel: true,
    });
  });
});
