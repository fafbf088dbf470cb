/** `npm run bench:app`'s harness: every workload runs in the browser edition's trainer worker (two kernel threads, relaxed SIMD, cross-origin isolated) and in the CLI, on the same model and data. */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { formatAppBenchTable, runAppBench } from '../../bench/appBench.ts';
import { WORKLOAD_NAMES } from '../../bench/workloads.ts';
import { recipeByName } from '../../core/recipes/index.ts';
import { sharedDataDir } from './helpers.ts';

describe('bench:app', () => {
  it('returns a row per workload from the app and the CLI, on the same first loss', async () => {
    const report = await runAppBench({
      workloads: WORKLOAD_NAMES,
      steps: 1,
      warmup: 0,
      webDir: inject('webDir'),
    });
    expect(report.rows.map((r) => r.workload)).toEqual([...WORKLOAD_NAMES]);
    for (const r of report.rows) {
      expect(r.app).toMatchObject({
        workload: r.workload,
        steps: 1,
        backend: 'wasm',
        threads: 2,
        variant: 'relaxed-simd',
        crossOriginIsolated: true,
      });
      expect(r.cli).toMatchObject({ workload: r.workload, backend: 'wasm', threads: 2 });
      expect(r.cli.variant).toBe('relaxed-simd');
      // Same seed, same kernels: the worker trained the very model the CLI trained.
      expect(r.app.loss.first).toBeCloseTo(r.cli.loss.first, 4);
      expect(r.ratio).toBeCloseTo(r.app.msPerStep.median / r.cli.msPerStep.median, 6);
    }
    expect(report.rows.filter((r) => r.inferenceRatio !== null).map((r) => r.workload)).toEqual([
      'W1',
      'W4',
    ]);
    const table = formatAppBenchTable(report);
    expect(table).toContain(
      'Kernels: app wasm×2 relaxed-simd (cross-origin isolated: yes), CLI wasm×2 relaxed-simd',
    );
    expect(table.split('\n').filter((l) => l.includes('app (Chromium)'))).toHaveLength(4);
  });

  it("trains a recipe's epoch in the worker through the trainer protocol and in the CLI, the same steps", async () => {
    const dir = await mkdtemp(join(tmpdir(), 'bench-app-recipe-'));
    try {
      const conllu = await readFile(
        join(sharedDataDir, 'ud-english-ewt', 'en_ewt-ud-dev.conllu'),
        'utf8',
      );
      const small = join(dir, 'small.conllu');
      await writeFile(small, `${conllu.split('\n\n').slice(0, 60).join('\n\n')}\n\n`);
      const recipe = recipeByName('ud-english-pos');
      if (recipe === undefined) throw new Error('test: the ud-english-pos recipe must exist.');
      const report = await runAppBench({
        workloads: [],
        recipes: [{ recipe, dataFiles: [small] }],
        steps: 1,
        warmup: 0,
        webDir: inject('webDir'),
      });
      expect(report.rows).toEqual([]);
      const [row] = report.recipes;
      // 60 sentences, 80 % to training, batches of 16: 3 steps on each side.
      expect(row?.app.steps).toBe(3);
      expect(row?.cli.steps).toBe(3);
      expect(row?.app.events['training-progress']).toBeGreaterThanOrEqual(1);
      expect(row?.app.events['training-finished']).toBe(1);
      expect(row?.app.stepsSeconds).toBeGreaterThan(0);
      expect(row?.app.epochSeconds).toBeGreaterThanOrEqual(row?.app.stepsSeconds ?? 0);
      expect(formatAppBenchTable(report)).toContain('recipe ud-english-pos, one epoch');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
