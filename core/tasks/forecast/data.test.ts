/** Tests of forecast preparation: over 2 M rows every part is a view of the one scaled series and target column (nothing stored per window), a batch's inputs and targets are that series' rows, and a host's inspection is read by instead of inspecting again. */
import { describe, expect, it } from 'vitest';
import { inspectForReading } from '../../data/recordStream.ts';
import type { Series } from '../../data/timeSeries.ts';
import { presetSpec } from '../presets.ts';
import { prepareSeries, readForecastSeries } from './data.ts';
import { actualsOf, batchOf, windowEnd, windowInputs } from './windows.ts';

const STEPS = 2_000_000;
const F = 2;
const L = 48;
const H = 3;

function bigSeries(): Series {
  const values = new Float32Array(STEPS * F);
  for (let t = 0; t < STEPS; t++) {
    values[t * F] = 500 + (t % 1000);
    values[t * F + 1] = (t % 7) * 3;
  }
  return {
    columns: ['load', 'weekday'],
    values,
    steps: STEPS,
    features: F,
    times: null,
    report: {
      sorted: false,
      badDates: 0,
      missing: { load: 0, weekday: 0 },
      missingPolicy: 'ffill',
      filledCells: 0,
      droppedRows: 0,
      stepMs: null,
      gaps: 0,
    },
  };
}

/** Every typed array reachable from `root`. */
function typedArrays(root: unknown, seen = new Set<unknown>()): ArrayBufferView[] {
  if (root === null || typeof root !== 'object' || seen.has(root)) return [];
  seen.add(root);
  if (ArrayBuffer.isView(root)) return [root];
  return Object.values(root).flatMap((v) => typedArrays(v, seen));
}

describe('forecast preparation over 2 M rows', () => {
  const series = bigSeries();
  const spec = presetSpec('forecast');
  spec.data = { ...spec.data, window: L, horizon: H, scaling: 'zscore', targetMode: 'level' };
  spec.train = { ...spec.train, valSplit: 0.1, testSplit: 0.1 };
  const prepared = prepareSeries(series, spec, { window: L, horizon: H, dateColumn: null });
  const { train, val, test } = prepared.parts;

  it('reads every window from one shared scaled series and target column: no part holds an array per window', () => {
    expect(train.count).toBe(1_600_000 - L - H + 1);
    expect(val.scaled).toBe(train.scaled);
    expect(test.scaled).toBe(train.scaled);
    expect(test.target).toBe(train.target);
    expect(train.scaled.length).toBe(STEPS * F);
    expect(train.target.length).toBe(STEPS);
    for (const part of [train, val, test]) {
      // NOTE: identity, not toEqual: comparing millions of values element by element takes minutes.
      const arrays = typedArrays(part);
      expect(arrays.length).toBe(2);
      expect(arrays[0] === part.scaled && arrays[1] === part.target).toBe(true);
    }
  });

  it("gives a window's inputs as that series' rows, scaled", () => {
    const k = test.count - 1;
    const x = windowInputs(test, k);
    expect(x.buffer).toBe(test.scaled.buffer);
    const start = test.from + k;
    const { offset, scale } = prepared.scaler;
    const scaled = (t: number, f: number) =>
      Math.fround(
        ((series.values[t * F + f] as number) - (offset[f] as number)) / (scale[f] as number),
      );
    expect(x[0]).toBe(scaled(start, 0));
    expect(x[(L - 1) * F + 1]).toBe(scaled(start + L - 1, 1));
    expect(windowEnd(test, k)).toBe(start + L - 1);
    expect(actualsOf(test)[k * H + 2]).toBe(series.values[(start + L + 2) * F]);
    // NOTE: level mode on a z-scored series: a batch's targets are the scaled target's next H values.
    const batch = batchOf(test, [k, 0]);
    expect(Array.from(batch.x.subarray(0, L * F))).toEqual(Array.from(x));
    expect(batch.y[2]).toBe(scaled(start + L + 2, 0));
    expect(batch.y[H]).toBe(scaled(test.from + L, 0));
  });
});

describe("reading by the host's inspection", () => {
  const csv = [
    'day,load,temp',
    ...Array.from(
      { length: 40 },
      (_, t) =>
        `2024-01-${String(1 + (t % 28)).padStart(2, '0')}T${String(t % 24).padStart(2, '0')}:00:00,${100 + t},${(t % 5) + 0.5}`,
    ),
  ].join('\n');
  const bytes = new TextEncoder().encode(csv);
  const read = (inspection?: Awaited<ReturnType<typeof inspectForReading>>) =>
    readForecastSeries(bytes, {
      fileName: 'h.csv',
      reading: undefined,
      inspection,
      target: undefined,
      features: undefined,
      date: undefined,
      missing: 'forward-fill',
    });

  it('reads the same series as inspecting again, and takes its roles from the inspection given', async () => {
    const inspection = await inspectForReading(bytes, { fileName: 'h.csv' });
    const own = await read();
    const hosts = await read(inspection);
    expect(hosts.series.columns).toEqual(own.series.columns);
    expect(hosts.series.values).toEqual(own.series.values);
    // NOTE: a host whose inspection suggests 'temp' as the target: the task follows it.
    const swapped = {
      ...inspection,
      roles: { ...inspection.roles, target: 'temp', features: ['load'] },
    };
    const followed = await read(swapped);
    expect(own.series.columns[0]).toBe('load');
    expect(followed.series.columns[0]).toBe('temp');
  });
});
