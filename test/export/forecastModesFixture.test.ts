/** The core's forecasts in original units against PyTorch's for every target mode and for known-future inputs, from fixtures written by test/fixtures/gen_forecast_modes.py with the export's own model.py and tasks.py (runs without torch). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { StateDict } from '../../core/nn/module.ts';
import { forecastTask } from '../../core/tasks/forecast/index.ts';
import { presetSpec } from '../../core/tasks/presets.ts';
import type { RecurrentSpec } from '../../core/tasks/spec.ts';
import type { ForecastPrediction, TaskState } from '../../core/tasks/task.ts';

interface Case {
  name: string;
  recurrent: RecurrentSpec;
  state: TaskState;
  weights: Record<string, { shape: number[]; data: number[] }>;
  windows: number[][][];
  futures: number[][][] | null;
  values: number[][];
}

const fixture = JSON.parse(
  readFileSync(join(import.meta.dirname, '..', 'fixtures', 'forecast_modes.json'), 'utf8'),
) as { cases: Case[] };

describe('forecasts against the PyTorch export (fixtures)', () => {
  it('covers every target mode, an older bundle and known-future inputs', () => {
    const modes = fixture.cases.map((c) => {
      const s = c.state as {
        targetMode?: string;
        predictChanges?: boolean;
        knownFuture?: string[];
      };
      return `${s.targetMode ?? `predictChanges=${s.predictChanges}`}${s.knownFuture ? '+known' : ''}`;
    });
    expect(new Set(modes)).toEqual(
      new Set([
        'level',
        'change',
        'window-norm',
        'window-norm+known',
        'change+known',
        'predictChanges=true',
      ]),
    );
  });

  for (const c of fixture.cases) {
    it(`matches PyTorch's forecast in original units to 1e-5 (${c.name})`, () => {
      const spec = presetSpec('forecast');
      spec.model = { recurrent: c.recurrent, headDropout: 0 };
      const weights: StateDict = Object.fromEntries(
        Object.entries(c.weights).map(([k, v]) => [
          k,
          { shape: v.shape, data: Float32Array.from(v.data) },
        ]),
      );
      const restored = forecastTask.restore({ spec, state: c.state, weights });
      c.windows.forEach((rows, k) => {
        const future = c.futures?.[k];
        const p = restored.predict({ rows, ...(future ? { future } : {}) }) as ForecastPrediction;
        const expected = c.values[k] as number[];
        expect(p.values).toHaveLength(expected.length);
        p.values.forEach((v, h) => {
          const e = expected[h] as number;
          // Original units (scale 25 around 120): 1e-5 relative to the value's size.
          expect(Math.abs(v - e), `window ${k}, step ${h + 1}: ${v} vs ${e}`).toBeLessThan(
            1e-5 * Math.max(1, Math.abs(e)),
          );
        });
      });
    });
  }
});
