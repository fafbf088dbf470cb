/** Tests of the forecast evaluation on Samsung's daily range (the samsung-stock recipe): the batched forward-only pass over a part gives the metrics of scoring every window alone with autograd on, and forecasts kept for the final weights are made again once a weight changes. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { trainedTask } from '../../../test/support/taskTesting.ts';
import { recipeByName, recipeSpec } from '../../recipes/recipes.ts';
import type { RunSpec } from '../spec.ts';
import type { PreparedTask } from '../task.ts';
import { knownColumnIndices, prepareSeries, readForecastSeries } from './data.ts';
import { EVAL_BATCH } from './evaluate.ts';
import type { ForecastState } from './index.ts';
import { forecastTask } from './index.ts';
import type { ForecastModel } from './model.ts';
import { modelInputs, windowFrame } from './targetMode.ts';
import type { ForecastWindows } from './windows.ts';

const repoRoot = join(import.meta.dirname, '..', '..', '..');
const fileName = '005930.KS.csv';
const bytes = new Uint8Array(
  readFileSync(join(repoRoot, '..', 'shared', 'data', 'samsung-005930-daily', fileName)),
);

function samsungSpec(changes: Partial<RunSpec['data']> = {}): RunSpec {
  const recipe = recipeByName('samsung-stock');
  if (recipe === undefined) throw new Error('the samsung-stock recipe must exist, got none.');
  // NOTE: a copy: the recipe's spec object is shared.
  const spec = structuredClone(recipeSpec(recipe, 'en'));
  spec.data = { ...spec.data, ...changes };
  return spec;
}

/** The test part's windows, prepared again from the file exactly as the task prepared them. */
async function testWindows(spec: RunSpec): Promise<ForecastWindows> {
  const { series } = await readForecastSeries(bytes, {
    fileName,
    reading: spec.data.reading,
    target: spec.data.targetColumn,
    features: spec.data.featureColumns,
    date: spec.data.dateColumn,
    missing: spec.data.missing,
    derived: spec.data.derivedColumns,
  });
  const known = knownColumnIndices(series.columns, spec.data.knownFutureColumns ?? []);
  const { window = 30, horizon = 1 } = spec.data;
  return prepareSeries(series, spec, { window, horizon, dateColumn: null, known }).parts.test;
}

/**
 * MAE, RMSE and MAE per step of every window scored alone (batch of one, autograd on), the
 * plain way: its rows copied, its frame, the model, back to original units.
 */
function scoredAlone(model: ForecastModel, w: ForecastWindows, state: ForecastState) {
  const { window: L, features: F, horizon: H, known } = w;
  const offset = state.scaler.offset[0] as number;
  const scale = state.scaler.scale[0] as number;
  let abs = 0;
  let sq = 0;
  const byStep = new Array<number>(H).fill(0);
  model.eval();
  for (let k = 0; k < w.count; k++) {
    const start = w.from + k;
    const x = w.scaled.slice(start * F, (start + L) * F);
    const frame = windowFrame(w.mode, x, 0, L, F);
    modelInputs(w.mode, x, 1, L, F);
    const future = new Float32Array(H * known.length);
    for (let h = 0; h < H; h++) {
      known.forEach((c, j) => {
        future[h * known.length + j] = w.scaled[(start + L + h) * F + c] as number;
      });
    }
    const out = model.forward(x, [1, L, F], future).data;
    for (let h = 0; h < H; h++) {
      const predicted = ((out[h] as number) * frame.spread + frame.base) * scale + offset;
      const e = predicted - (w.target[start + L + h] as number);
      abs += Math.abs(e);
      sq += e * e;
      byStep[h] = (byStep[h] as number) + Math.abs(e) / w.count;
    }
  }
  return { mae: abs / (w.count * H), rmse: Math.sqrt(sq / (w.count * H)), byStep };
}

function expectRelativelyClose(actual: number | undefined, expected: number): void {
  expect(Math.abs((actual as number) - expected) / Math.abs(expected)).toBeLessThan(1e-5);
}

async function trained(spec: RunSpec): Promise<PreparedTask> {
  return trainedTask(forecastTask, { spec, fileName, bytes, steps: 10 });
}

describe('forecast evaluation', () => {
  // NOTE: one trained task for the recipe's tests (each leaves its weights as it found them).
  const recipe = trained(samsungSpec());

  it('gives the metrics of scoring each test window alone (the recipe: changes, H = 1)', async () => {
    const spec = samsungSpec();
    const task = await recipe;
    const w = await testWindows(spec);
    const report = task.evaluate('test');
    expect(report.examples).toBe(w.count);
    expect(w.count).toBeGreaterThan(200);
    const alone = scoredAlone(task.model as ForecastModel, w, task.state as ForecastState);
    expectRelativelyClose(report.metrics.mae, alone.mae);
    expectRelativelyClose(report.metrics.rmse, alone.rmse);
  }, 300_000);

  it('gives them with window-norm, three steps ahead and a known-future column', async () => {
    const spec = samsungSpec({
      targetMode: 'window-norm',
      horizon: 3,
      knownFutureColumns: ['Volume'],
    });
    const task = await trained(spec);
    const w = await testWindows(spec);
    const report = task.evaluate('test');
    const alone = scoredAlone(task.model as ForecastModel, w, task.state as ForecastState);
    expectRelativelyClose(report.metrics.mae, alone.mae);
    expectRelativelyClose(report.metrics.rmse, alone.rmse);
    (report.maeByStep ?? []).forEach((v, h) => {
      expectRelativelyClose(v, alone.byStep[h] as number);
    });
  }, 300_000);

  it("reports the test part's progress while finalize scores it, and once at the end when the evaluation takes the kept forecasts", async () => {
    // NOTE: a task of its own: nothing of it scored yet.
    const task = await trained(samsungSpec());
    const calls: [number, number][] = [];
    const progress = (examples: number, total: number) => {
      calls.push([examples, total]);
    };
    task.finalize?.('test', progress);
    const total = task.sizes.test;
    expect(calls.length).toBe(Math.ceil(total / EVAL_BATCH));
    expect(calls.at(-1)).toEqual([total, total]);
    task.evaluate('test', progress);
    expect(calls.length).toBe(Math.ceil(total / EVAL_BATCH));
    const later: [number, number][] = [];
    task.evaluate('test', (examples, all) => later.push([examples, all]));
    expect(later).toEqual([[total, total]]);
  }, 300_000);

  it('scores again once a weight changes, and gives the kept forecasts while none does', async () => {
    const spec = samsungSpec();
    const task = await recipe;
    const w = await testWindows(spec);
    const first = task.evaluate('test');
    expect(task.evaluate('test')).toEqual(first);
    const weight = task.model.parameters()[0]?.data as Float32Array;
    const before = weight[0] as number;
    weight[0] = before + 0.5;
    const changed = task.evaluate('test');
    expect(changed.metrics.mae).not.toBe(first.metrics.mae);
    const alone = scoredAlone(task.model as ForecastModel, w, task.state as ForecastState);
    expectRelativelyClose(changed.metrics.mae, alone.mae);
    weight[0] = before;
    expect(task.evaluate('test')).toEqual(first);
  }, 300_000);
});
