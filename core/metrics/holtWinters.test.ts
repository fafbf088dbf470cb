/** Tests of the Holt-Winters baseline: it tracks a seasonal series with a trend far better than the last value, and forecasts a pure trend exactly. */
import { describe, expect, it } from 'vitest';
import { Random } from '../random.ts';
import { FIT_STEPS, fitHoltWinters, holtWintersForecast } from './holtWinters.ts';
import { maeWhereDefined, seasonalNaiveForecast } from './seasonal.ts';

describe('Holt-Winters', () => {
  it('beats naive and seasonal naive on a trending seasonal series', () => {
    const r = new Random(4);
    const y = Array.from(
      { length: 600 },
      (_, t) => 0.5 * t + 20 * Math.sin((2 * Math.PI * t) / 12) + r.normal(),
    );
    const params = fitHoltWinters(y.slice(0, 400), 12, 2);
    expect(params.period).toBe(12);
    const ends = Array.from({ length: 190 }, (_, k) => 400 + k);
    const actual = ends.flatMap((t) => [y[t + 1] as number, y[t + 2] as number]);
    const hw = maeWhereDefined(holtWintersForecast(y, ends, { params, horizon: 2 }), actual);
    const naive = maeWhereDefined(
      ends.flatMap((t) => [y[t] as number, y[t] as number]),
      actual,
    );
    const seasonal = maeWhereDefined(
      seasonalNaiveForecast(y, ends, { period: 12, horizon: 2 }),
      actual,
    );
    expect(hw).toBeLessThan(2);
    expect(hw).toBeLessThan(naive / 5);
    expect(hw).toBeLessThan(seasonal / 2);
  });

  it('keeps the season moving for a multi-step horizon where one-step error alone would pick α = 1', () => {
    // A smooth series whose daily shape changes half-way: the last value is an excellent one-step
    // forecast (α = 1), but 24 steps ahead only an updated season helps.
    const y = Array.from({ length: 24 * 60 }, (_, t) => {
      const phase = (2 * Math.PI * t) / 24;
      return t < 24 * 30 ? 10 * Math.sin(phase) : 10 * Math.cos(phase);
    });
    const oneStep = fitHoltWinters(y, 24, 1);
    const dayAhead = fitHoltWinters(y, 24, 24);
    const ends = Array.from({ length: 200 }, (_, k) => 24 * 45 + k);
    const actual = ends.flatMap((t) =>
      Array.from({ length: 24 }, (_, h) => y[t + 1 + h] as number),
    );
    const mae = (p: typeof oneStep) =>
      maeWhereDefined(holtWintersForecast(y, ends, { params: p, horizon: 24 }), actual);
    expect(mae(dayAhead)).toBeLessThan(mae(oneStep));
    expect(mae(dayAhead)).toBeLessThan(0.5);
  });

  it('chooses the parameters on the latest FIT_STEPS steps of a long training part', () => {
    const r = new Random(9);
    // Erratic jumps first, then a clean daily shape: only the latest steps decide.
    const y = Array.from({ length: FIT_STEPS + 30_000 }, (_, t) =>
      t < 30_000 ? 50 * r.normal() : 10 * Math.sin((2 * Math.PI * t) / 24) + 0.1 * r.normal(),
    );
    const params = fitHoltWinters(y, 24, 24);
    expect(params).toEqual(fitHoltWinters(y.slice(-FIT_STEPS), 24, 24));
    expect(params.period).toBe(24);
  });

  it('drops the season when the training part holds fewer than three', () => {
    expect(fitHoltWinters([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14], 7).period).toBe(0);
  });

  it('forecasts a noiseless line with the damped trend close to the line', () => {
    const y = Array.from({ length: 200 }, (_, t) => 3 + 2 * t);
    const params = fitHoltWinters(y, 0);
    const f = holtWintersForecast(y, [199], { params, horizon: 1 });
    expect(f[0]).toBeCloseTo(3 + 2 * 200, 0);
  });
});
