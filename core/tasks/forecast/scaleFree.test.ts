/** The forecast task reports MAPE only for a series away from zero and MASE (scaled by the training part's naive MAE) for one that crosses zero, for the model and its naive baseline alike. */
import { describe, expect, it } from 'vitest';
import { Random } from '../../random.ts';
import { presetSpec } from '../presets.ts';
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
