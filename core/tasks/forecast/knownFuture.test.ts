/** Tests of known-future inputs: a flag known in advance (a holiday calendar) that drives the target is learnt only when its future values are fed; predictions need them; only feature columns qualify. */
import { describe, expect, it } from 'vitest';
import { trainedTask } from '../../../test/support/taskTesting.ts';
import { Random } from '../../random.ts';
import { presetSpec } from '../presets.ts';
import type { RunSpec } from '../spec.ts';
import type { ForecastPrediction } from '../task.ts';
import { forecastTask } from './index.ts';

/** Daily sales = 20 on a holiday, 5 otherwise, plus noise; holidays fall at random (known from the calendar). */
function holidaySales(): Uint8Array {
  const r = new Random(7);
  const day = 86_400_000;
  const lines: string[] = [];
  for (let t = 0; t < 600; t++) {
    const holiday = r.next() < 0.3 ? 1 : 0;
    const sales = (holiday ? 20 : 5) + 0.3 * r.normal();
    const date = new Date(Date.UTC(2020, 0, 1) + t * day).toISOString().slice(0, 10);
    lines.push(`${date},${sales.toFixed(3)},${holiday}`);
  }
  return new TextEncoder().encode(`date,sales,holiday\n${lines.join('\n')}\n`);
}

function spec(known: string[]): RunSpec {
  const s = presetSpec('forecast');
  s.data = {
    ...s.data,
    targetColumn: 'sales',
    dateColumn: 'date',
    featureColumns: ['holiday'],
    knownFutureColumns: known,
    window: 7,
    horizon: 2,
    targetMode: 'level',
  };
  s.model.recurrent = { ...s.model.recurrent, cell: 'gru', hiddenSize: 8 };
  s.train = { ...s.train, batchSize: 32, lr: 1e-2 };
  return s;
}

const train = (known: string[], steps: number) =>
  trainedTask(forecastTask, {
    spec: spec(known),
    fileName: 'sales.csv',
    bytes: holidaySales(),
    steps,
  });

describe('known-future inputs', () => {
  it("learns a holiday effect only when the calendar's future values are fed", async () => {
    const withCalendar = (await train(['holiday'], 300)).evaluate('test').metrics;
    const without = (await train([], 300)).evaluate('test').metrics;
    // Unknown holidays leave about the flag's spread in the error; known ones leave the noise.
    expect(without.mae).toBeGreaterThan(4);
    expect(withCalendar.mae).toBeLessThan(1.5);
  }, 60_000);

  it('needs the next H rows of the known columns to predict, and uses them', async () => {
    const task = await train(['holiday'], 300);
    const predictor = task.predictor();
    expect(() => predictor.predict({})).toThrow(
      "forecast: input.future must hold the next 2 rows of 'holiday' (known in advance), got none.",
    );
    const holidays = predictor.predict({ future: [[1], [1]] }) as ForecastPrediction;
    const workdays = predictor.predict({ future: [[0], [0]] }) as ForecastPrediction;
    for (const v of holidays.values) expect(v).toBeGreaterThan(15);
    for (const v of workdays.values) expect(v).toBeLessThan(10);
  }, 60_000);

  it("counts the head's inputs with the future values in the model description", async () => {
    const task = await train(['holiday'], 0);
    const head = task.describeModel().layers.find((l) => l.kind === 'head');
    // Hidden 8 + horizon 2 × 1 known column = 10 inputs, 2 outputs.
    expect(head?.module).toBe('nn.Linear(10, 2)');
    expect(head?.inputs.map((s) => s.dims)).toEqual([
      ['N', 8],
      ['N', 2],
    ]);
    const weights = task.model.stateDict()['head.weight'];
    expect([...(weights?.shape ?? [])]).toEqual([2, 10]);
  });

  it('refuses a known-future column that is not a feature column', async () => {
    await expect(
      forecastTask.prepare({
        spec: spec(['sales']),
        fileName: 'sales.csv',
        bytes: holidaySales(),
        random: new Random(0),
      }),
    ).rejects.toThrow(
      "forecast: a known-future column must be one of the feature columns (holiday), got 'sales'.",
    );
  });
});
