/** Tests of the forecast task on Seattle weather (next-day temp_max): beats the naive forecast, scales on the training part only, restores, and repeats under a seed. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  describedTensors,
  stateDictTensors,
  trainedTask,
} from '../../../test/support/taskTesting.ts';
import { Random } from '../../random.ts';
import { presetSpec } from '../presets.ts';
import type { RunSpec } from '../spec.ts';
import type { ForecastPrediction, PreparedTask } from '../task.ts';
import { forecastTask } from './index.ts';

const repoRoot = join(import.meta.dirname, '..', '..', '..');
const weatherPath = join(
  repoRoot,
  '..',
  'shared',
  'data',
  'seattle-weather',
  'seattle-weather.csv',
);
const weather = new Uint8Array(readFileSync(weatherPath));

function weatherSpec(options: { horizon: number; predictChanges: boolean }): RunSpec {
  const spec = presetSpec('forecast');
  spec.data = {
    ...spec.data,
    targetColumn: 'temp_max',
    dateColumn: 'date',
    featureColumns: ['temp_min', 'precipitation', 'wind'],
    window: 14,
    horizon: options.horizon,
    predictChanges: options.predictChanges,
    scaling: 'zscore',
  };
  spec.model.recurrent = { ...spec.model.recurrent, cell: 'gru', hiddenSize: 32 };
  spec.train = { ...spec.train, batchSize: 32, lr: 5e-3, valSplit: 0.1, testSplit: 0.2 };
  return spec;
}

function trained(spec: RunSpec, steps: number): Promise<PreparedTask> {
  return trainedTask(forecastTask, {
    spec,
    fileName: 'seattle-weather.csv',
    bytes: weather,
    steps,
  });
}

describe('forecast task', () => {
  it('beats the naive last-value forecast on next-day temp_max (test split)', async () => {
    const task = await trained(weatherSpec({ horizon: 1, predictChanges: false }), 400);
    const report = task.evaluate('test');
    const naive = task.baseline('test');
    expect(report.examples).toBe(292);
    expect(report.metrics.naiveMae).toBeCloseTo(naive.metrics.mae as number, 10);
    expect(naive.metrics.mae).toBeGreaterThan(2.3);
    expect(report.metrics.mae).toBeLessThan((naive.metrics.mae as number) * 0.97);
    expect(report.metrics.rmse).toBeLessThan(naive.metrics.rmse as number);

    const prediction = task.predictor().predict({}) as ForecastPrediction;
    expect(prediction.values.length).toBe(1);
    expect(prediction.values[0]).toBeGreaterThan(-10);
    expect(prediction.values[0]).toBeLessThan(40);
    const restored = forecastTask.restore({
      spec: task.spec,
      state: task.state,
      weights: task.model.stateDict(),
    });
    expect(restored.predict({})).toEqual(prediction);
    const whole = await restored.evaluateFile({ fileName: 'seattle-weather.csv', bytes: weather });
    expect(whole.model.examples).toBe(1461 - 14);
    expect(whole.baseline.metrics.mae).toBeGreaterThan(0);
  }, 60_000);

  it('fits the scaler on the training steps only and forecasts H values from given rows', async () => {
    const task = await trained(weatherSpec({ horizon: 3, predictChanges: true }), 20);
    const rows = readFileSync(weatherPath, 'utf8').trim().split('\n').slice(1);
    const trainSteps = 1461 - Math.round(1461 * 0.2) - Math.round(1461 * 0.1);
    const temps = rows.slice(0, trainSteps).map((r) => Number(r.split(',')[2]));
    const mean = temps.reduce((s, v) => s + v, 0) / temps.length;
    const scaler = task.state.scaler as { offset: number[] };
    expect(scaler.offset[0]).toBeCloseTo(mean, 4);
    expect(task.state.columns).toEqual(['temp_max', 'temp_min', 'precipitation', 'wind']);

    const window = Array.from({ length: 14 }, () => [20, 12, 0, 3]);
    const p = task.predictor().predict({ rows: window }) as ForecastPrediction;
    expect(p.values.length).toBe(3);
    expect(() => task.predictor().predict({ rows: window.slice(1) })).toThrow(
      'forecast: the input must have the last 14 rows, got 13.',
    );
    expect(() => task.predictor().predict({ rows: [...window.slice(1), [1, 2, 3]] })).toThrow(
      'forecast: row 14 must have 4 values (temp_max, temp_min, precipitation, wind), got 3.',
    );
  });

  it('sorts by year/month/day columns and keeps that order when a restored model evaluates a file', async () => {
    const births = readFileSync(
      join(repoRoot, '..', 'shared', 'data', 'us-births-daily', 'ssa-us-births-2000-2014.csv'),
      'utf8',
    )
      .trim()
      .split('\n');
    const reversed = new TextEncoder().encode(
      `${[births[0], ...births.slice(1).reverse()].join('\n')}\n`,
    );
    const inOrder = new TextEncoder().encode(`${births.join('\n')}\n`);
    const spec = presetSpec('forecast');
    spec.data = { ...spec.data, targetColumn: 'births', featureColumns: [], window: 7 };
    spec.model.recurrent = { ...spec.model.recurrent, hiddenSize: 8 };
    const task = await forecastTask.prepare({
      spec,
      fileName: 'births.csv',
      bytes: reversed,
      random: new Random(0),
    });
    expect(task.state.dateParts).toEqual({ year: 'year', month: 'month', day: 'date_of_month' });
    const lastRows = task.state.lastRows as number[][];
    const lastLine = (births[births.length - 1] as string).split(',');
    expect(lastRows[lastRows.length - 1]).toEqual([Number(lastLine[4])]);
    const restored = forecastTask.restore({
      spec,
      state: task.state,
      weights: task.model.stateDict(),
    });
    const a = await restored.evaluateFile({ fileName: 'reversed.csv', bytes: reversed });
    const b = await restored.evaluateFile({ fileName: 'births.csv', bytes: inOrder });
    expect(a).toEqual(b);
  });

  it("forecasts a derived column (a stock's daily range, High − Low), naive = the last range, and a restored model derives it again from a file", async () => {
    const text = readFileSync(
      join(repoRoot, '..', 'shared', 'data', 'samsung-005930-daily', '005930.KS.csv'),
      'utf8',
    );
    const spec = presetSpec('forecast');
    spec.data = {
      ...spec.data,
      derivedColumns: [{ name: 'Range', op: 'subtract', left: 'High', right: 'Low' }],
      targetColumn: 'Range',
      dateColumn: 'Date',
      featureColumns: ['Close', 'Volume'],
      window: 10,
      predictChanges: true,
    };
    spec.model.recurrent = { ...spec.model.recurrent, hiddenSize: 8 };
    const bytes = new TextEncoder().encode(text);
    const task = await forecastTask.prepare({
      spec,
      fileName: '005930.KS.csv',
      bytes,
      random: new Random(0),
    });
    expect(task.state.columns).toEqual(['Range', 'Close', 'Volume']);
    // The file's ranges, 'null' rows forward-filled as the spec's missing policy says.
    const ranges: number[] = [];
    for (const line of text.trim().split('\n').slice(1)) {
      const f = line.split(',');
      ranges.push(f[2] === 'null' ? (ranges.at(-1) as number) : Number(f[2]) - Number(f[3]));
    }
    const lastRows = task.state.lastRows as number[][];
    expect(lastRows.map((r) => r[0])).toEqual(ranges.slice(-10));
    const restored = forecastTask.restore({
      spec,
      state: task.state,
      weights: task.model.stateDict(),
    });
    const { baseline } = await restored.evaluateFile({ fileName: 'samsung.csv', bytes });
    let naive = 0;
    for (let t = 10; t < ranges.length; t++) {
      naive += Math.abs((ranges[t] as number) - (ranges[t - 1] as number));
    }
    expect(baseline.metrics.mae).toBeCloseTo(naive / (ranges.length - 10), 6);
  });

  it('names the time-of-day column it joined to the date in its state (the export reads the same timestamps)', async () => {
    const head = readFileSync(join(repoRoot, 'test', 'data', 'wild', 'airquality-uci.csv'), 'utf8')
      .split('\n')
      .slice(0, 80)
      .join('\n');
    const spec = presetSpec('forecast');
    spec.data = { ...spec.data, targetColumn: 'T', featureColumns: [], window: 5 };
    spec.model.recurrent = { ...spec.model.recurrent, hiddenSize: 4 };
    const task = await forecastTask.prepare({
      spec,
      fileName: 'airquality.csv',
      bytes: new TextEncoder().encode(head),
      random: new Random(0),
    });
    expect(task.state.dateColumn).toBe('Date');
    expect(task.state.timeColumn).toBe('Time');
  });

  it('repeats the same metrics under the same seed', async () => {
    const a = await trained(weatherSpec({ horizon: 1, predictChanges: false }), 30);
    const b = await trained(weatherSpec({ horizon: 1, predictChanges: false }), 30);
    expect(b.evaluate('test')).toEqual(a.evaluate('test'));
  });

  it('counts the parameters the model has and names its layers', async () => {
    const task = await trained(weatherSpec({ horizon: 2, predictChanges: false }), 0);
    const d = task.describeModel();
    expect(d.layers.map((l) => l.kind)).toEqual(['encoder', 'pooling', 'head']);
    expect(describedTensors(d)).toEqual(stateDictTensors(task.model));
    expect(d.totalParameters).toBe(task.model.parameters().reduce((s, p) => s + p.size, 0));
  });
});
