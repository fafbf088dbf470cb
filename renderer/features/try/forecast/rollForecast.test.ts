/** Tests of rolling a forecast beyond the horizon by feeding forecasts back. */
import { describe, expect, it } from 'vitest';
import { forecastStateOf, rollForecast } from './rollForecast.ts';

describe('rollForecast', () => {
  it('feeds each forecast back as input until enough steps are forecast', async () => {
    const seen: number[][][] = [];
    // A "model" that forecasts the last value + 1 for two steps.
    const predict = async (rows: number[][]) => {
      seen.push(rows);
      const last = rows.at(-1)?.[0] as number;
      return { kind: 'forecast' as const, values: [last + 1, last + 2] };
    };
    const out = await rollForecast([[1], [2], [3]], { steps: 5, horizon: 2, predict });
    expect(out).toEqual({ values: [4, 5, 6, 7, 8] });
    expect(seen[1]).toEqual([[3], [4], [5]]);
  });

  it("keeps the first request's interval, cut to the steps asked, and none for rolled steps", async () => {
    const predict = async (rows: number[][]) => {
      const last = rows.at(-1)?.[0] as number;
      const values = [last + 1, last + 2];
      const interval = {
        level: 0.9,
        lower: values.map((v) => v - 1),
        upper: values.map((v) => v + 1),
      };
      return { kind: 'forecast' as const, values, interval };
    };
    const one = await rollForecast([[1]], { steps: 1, horizon: 2, predict });
    expect(one.interval).toEqual({ level: 0.9, lower: [1], upper: [3] });
    const rolled = await rollForecast([[1]], { steps: 4, horizon: 2, predict });
    expect(rolled.values).toEqual([2, 3, 4, 5]);
    expect(rolled.interval).toEqual({ level: 0.9, lower: [1, 2], upper: [3, 4] });
  });

  it('refuses to roll a multivariate series past its horizon', async () => {
    const predict = async () => ({ kind: 'forecast' as const, values: [0] });
    await expect(rollForecast([[1, 2]], { steps: 3, horizon: 1, predict })).rejects.toThrow(
      'rollForecast: steps must be at most the horizon 1 for 2 input columns, got 3.',
    );
  });
});

describe('forecastStateOf', () => {
  it('refuses a state without forecast fields', () => {
    expect(() => forecastStateOf({ kind: 'classify' })).toThrow(
      'Forecast demo: the model state must be a forecast state, got another.',
    );
  });
});
