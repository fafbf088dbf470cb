/** The forecast's baselines on each part: naive (last value), seasonal naive (period from the time step, chosen on validation) and Holt-Winters, their errors, and the warning when the model loses to the best of them. */
import { z } from 'zod';
import type { Series } from '../../data/timeSeries.ts';
import {
  fitHoltWinters,
  type HoltWintersParams,
  holtWintersForecast,
} from '../../metrics/holtWinters.ts';
import { maeWhereDefined, seasonalNaiveForecast, seasonalPeriods } from '../../metrics/seasonal.ts';
import type { BaselineName, ForecastWarning } from '../forecastOutcome.ts';
import type { EvaluationReport } from '../task.ts';
import { actualsOf, endsOf, type ForecastWindows, windowEnd } from './windows.ts';

/** Baseline settings fitted on the training data, saved with the model. */
export const fittedBaselinesSchema = z
  .object({
    /** The seasonal naive forecast's period in steps, or null when the time step implies none. */
    seasonalPeriod: z.number().int().min(1).nullable(),
    /** Holt-Winters parameters fitted on the training part. */
    holtWinters: z
      .object({
        alpha: z.number(),
        beta: z.number(),
        gamma: z.number(),
        phi: z.number(),
        period: z.number().int().min(0),
      })
      .strict(),
  })
  .strict();
/** Baseline settings fitted on the training data. */
export type FittedBaselines = z.infer<typeof fittedBaselinesSchema>;

/** The baselines' forecasts for one part, `[windows·horizon]` in original units. */
export interface BaselineForecasts {
  naive: Float64Array;
  seasonal: Float64Array | null;
  holtWinters: Float64Array;
}

export type { BaselineName };

function naiveOf(w: ForecastWindows, horizon: number): Float64Array {
  const out = new Float64Array(w.count * horizon);
  for (let k = 0; k < w.count; k++) {
    out.fill(w.target[windowEnd(w, k)] as number, k * horizon, (k + 1) * horizon);
  }
  return out;
}

/** The seasonal periods worth trying for a series: {@link seasonalPeriods} of its time step and times. */
export function seasonalCandidates(series: Series): number[] {
  return seasonalPeriods(series.report.stepMs, series.times);
}

/**
 * Fits the baselines on the training data: the seasonal period is the candidate (of
 * {@link seasonalCandidates}) with the lowest seasonal-naive MAE on the validation windows
 * (training windows when there are none), and Holt-Winters is fitted on the training part with
 * that period.
 */
export function fitBaselines(
  candidates: readonly number[],
  target: Float32Array,
  options: { trainEnd: number; horizon: number; val: ForecastWindows; train: ForecastWindows },
): FittedBaselines {
  const judge = options.val.count > 0 ? options.val : options.train;
  const ends = candidates.length > 0 ? endsOf(judge) : new Int32Array(0);
  const actual = candidates.length > 0 ? actualsOf(judge) : new Float64Array(0);
  let period: number | null = null;
  let best = Number.POSITIVE_INFINITY;
  for (const m of candidates) {
    const f = seasonalNaiveForecast(target, ends, { period: m, horizon: options.horizon });
    const mae = maeWhereDefined(f, actual);
    if (mae < best) {
      best = mae;
      period = m;
    }
  }
  const holtWinters = fitHoltWinters(
    target.subarray(0, options.trainEnd),
    period ?? 0,
    options.horizon,
  );
  return { seasonalPeriod: period, holtWinters };
}

/** Every baseline's forecasts for the windows of one part. */
export function baselineForecasts(
  target: Float32Array,
  w: ForecastWindows,
  fitted: FittedBaselines,
  horizon: number,
): BaselineForecasts {
  const m = fitted.seasonalPeriod;
  const ends = endsOf(w);
  return {
    naive: naiveOf(w, horizon),
    seasonal: m === null ? null : seasonalNaiveForecast(target, ends, { period: m, horizon }),
    holtWinters: holtWintersForecast(target, ends, {
      params: fitted.holtWinters as HoltWintersParams,
      horizon,
    }),
  };
}

/** Each baseline's MAE on a part (NaN for one that does not apply). */
export function baselineMaes(
  f: BaselineForecasts,
  actual: Float64Array,
): Record<BaselineName, number> {
  return {
    naive: maeWhereDefined(f.naive, actual),
    'seasonal-naive': f.seasonal === null ? Number.NaN : maeWhereDefined(f.seasonal, actual),
    'holt-winters': maeWhereDefined(f.holtWinters, actual),
  };
}

/** The baseline with the lowest MAE (ignoring NaN), and that MAE. */
export function bestBaseline(maes: Record<BaselineName, number>): {
  name: BaselineName;
  mae: number;
} {
  let name: BaselineName = 'naive';
  for (const n of Object.keys(maes) as BaselineName[]) {
    if (maes[n] < maes[name] || Number.isNaN(maes[name])) name = n;
  }
  return { name, mae: maes[name] };
}

/**
 * The best baseline on `judged` (validation windows, or training windows without them) and its
 * forecast from the end of the series, for the predictor to offer beside the model's.
 */
export function endBaselineForecast(
  target: Float32Array,
  judged: BaselineForecasts,
  options: { actual: Float64Array; fitted: FittedBaselines; horizon: number },
): { name: BaselineName; values: number[] } {
  const { fitted, horizon } = options;
  const best = bestBaseline(baselineMaes(judged, options.actual));
  const end = Int32Array.of(target.length - 1);
  const m = fitted.seasonalPeriod;
  const values =
    best.name === 'seasonal-naive' && m !== null
      ? seasonalNaiveForecast(target, end, { period: m, horizon })
      : best.name === 'holt-winters'
        ? holtWintersForecast(target, end, {
            params: fitted.holtWinters as HoltWintersParams,
            horizon,
          })
        : new Float64Array(horizon).fill(target[target.length - 1] as number);
  return { name: best.name, values: [...values] };
}

/** The warning when the model's MAE exceeds the best baseline's: on validation, else on test. */
export function lossWarning(
  reports: { val: EvaluationReport; test: EvaluationReport },
  seasonalPeriod: number | null,
): ForecastWarning | undefined {
  for (const split of ['val', 'test'] as const) {
    const m = reports[split].metrics;
    if (reports[split].examples === 0) continue;
    const best = bestBaseline({
      naive: m.naiveMae ?? Number.NaN,
      'seasonal-naive': m.seasonalNaiveMae ?? Number.NaN,
      'holt-winters': m.holtWintersMae ?? Number.NaN,
    });
    const mae = m.mae ?? Number.NaN;
    if (mae > best.mae) {
      return {
        code: 'forecast-worse-than-baseline',
        split,
        baseline: best.name,
        modelMae: mae,
        baselineMae: best.mae,
        seasonalPeriod: best.name === 'seasonal-naive' ? seasonalPeriod : null,
      };
    }
  }
  return undefined;
}
