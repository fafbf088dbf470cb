/** The forecast task reports MAPE only for a series away from zero and MASE (scaled by the training part's naive MAE) for one that crosses zero; and its prediction interval, fitted when training ends, travels with the state into predictions and restored models. */
import { describe, expect, it } from 'vitest';
import { writeBundle } from '../../io/bundle.ts';
import { Random } from '../../random.ts';
import { bundleFromTask, restoreBundle } from '../../train/modelBundle.ts';
import { presetSpec } from '../presets.ts';
import type { ForecastPrediction } from '../task.ts';
import { forecastTask } from './index.ts';

/** A noisy sine around `level`, one value per line under a header. */
function series(level: number): Uint8Array {
  const random = new Random(7);
  const lines = ['value'];
  for (let t = 0; t < 240; t++) {
    lines.push((level + 5 * Math.sin(t / 6) + random.uniform(-0.5, 0.5)).toFixed(3));
  }
  return new TextEncoder().encode(`${lines.join('\n')}\n`);
}

async function prepared(level: number) {
  const spec = presetSpec('forecast');
  spec.data = { ...spec.data, targetColumn: 'value', window: 12, horizon: 1 };
  spec.model.recurrent = { ...spec.model.recurrent, cell: 'gru', hiddenSize: 4 };
  return forecastTask.prepare({
    spec,
    fileName: 'sine.csv',
    bytes: series(level),
    random: new Random(1),
  });
}

describe('forecast scale-free error', () => {
  it('reports MAPE in percent for a series that stays away from zero', async () => {
    const task = await prepared(100);
    const model = task.evaluate('test').metrics;
    const baseline = task.baseline('test').metrics;
    expect(Object.keys(model)).toEqual(expect.arrayContaining(['mape', 'naiveMape']));
    expect(model.mase).toBeUndefined();
    expect(baseline.mape).toBeCloseTo(model.naiveMape as number, 10);
  });

  it('reports MASE instead of MAPE for a series that crosses zero', async () => {
    const task = await prepared(0);
    const model = task.evaluate('test').metrics;
    const baseline = task.baseline('test').metrics;
    expect(model.mape).toBeUndefined();
    expect(model.naiveMape).toBeUndefined();
    expect(model.mase).toBeGreaterThan(0);
    // MASE = MAE / the training part's naive MAE, so the ratio of model to naive is the MAEs'.
    expect((model.mase as number) / (model.naiveMase as number)).toBeCloseTo(
      (model.mae as number) / (model.naiveMae as number),
      10,
    );
    expect(baseline.mase).toBeCloseTo(model.naiveMase as number, 10);
  });
});

describe('forecast prediction interval', () => {
  it('is fitted when training ends, saved in the state, and returned around every forecast', async () => {
    const task = await prepared(100);
    expect((task.state as { interval?: unknown }).interval).toBeUndefined();
    task.finalize?.('test', () => {});
    const interval = (task.state as { interval?: { lower: number[]; upper: number[] } }).interval;
    expect(interval?.lower).toHaveLength(1);
    expect(interval?.upper[0]).toBeGreaterThan(interval?.lower[0] as number);
    expect(task.outcome?.().interval).toEqual(interval);
    const p = task.predictor().predict({}) as ForecastPrediction;
    expect(p.interval?.level).toBe(0.9);
    expect(p.interval?.lower[0]).toBeCloseTo(
      (p.values[0] as number) + (interval?.lower[0] as number),
      9,
    );
    expect(p.interval?.upper[0]).toBeCloseTo(
      (p.values[0] as number) + (interval?.upper[0] as number),
      9,
    );
    // Saved in the .rnnmodel: a reopened model forecasts with the same interval.
    const bytes = writeBundle(bundleFromTask(task, { history: [], metrics: {} }));
    const { restored } = restoreBundle(bytes, { tasks: () => forecastTask });
    const again = restored.predict({}) as ForecastPrediction;
    expect(again.interval).toEqual(p.interval);
  });
});
