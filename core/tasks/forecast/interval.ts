/** The forecast's prediction interval: per step ahead, empirical quantiles of the final model's validation errors (split-conformal style), and how often it held on the test split. */
import type { PredictionInterval } from '../forecastOutcome.ts';

export { type PredictionInterval, predictionIntervalSchema } from '../forecastOutcome.ts';

/** The share of errors the interval covers (a 90 % interval: the 5th and 95th error percentiles). */
export const INTERVAL_LEVEL = 0.9;
/** Fewer validation windows than this state no interval: its quantiles would be guesses. */
export const MIN_RESIDUALS = 20;

/** The q-quantile of sorted values with linear interpolation (numpy's default, Hyndman & Fan type 7). */
export function quantileSorted(sorted: readonly number[], q: number): number {
  const at = (sorted.length - 1) * q;
  const lo = Math.floor(at);
  const hi = Math.min(sorted.length - 1, lo + 1);
  const a = sorted[lo] as number;
  return a + ((sorted[hi] as number) - a) * (at - lo);
}

/**
 * Per-step error quantiles of forecasts against actual values ([windows·H] row-major both), or
 * null with fewer than {@link MIN_RESIDUALS} windows.
 */
export function residualQuantiles(
  predicted: ArrayLike<number>,
  actual: ArrayLike<number>,
  o: { horizon: number; level: number },
): { lower: number[]; upper: number[]; residuals: number } | null {
  const H = o.horizon;
  const windows = Math.floor(actual.length / H);
  if (windows < MIN_RESIDUALS) return null;
  const lower: number[] = [];
  const upper: number[] = [];
  for (let h = 0; h < H; h++) {
    const errors: number[] = [];
    for (let w = 0; w < windows; w++)
      errors.push((actual[w * H + h] as number) - (predicted[w * H + h] as number));
    errors.sort((a, b) => a - b);
    lower.push(quantileSorted(errors, (1 - o.level) / 2));
    upper.push(quantileSorted(errors, (1 + o.level) / 2));
  }
  return { lower, upper, residuals: windows };
}

/** The share of actual values within [forecast + lower_h, forecast + upper_h]; null for none. */
export function intervalCoverage(
  predicted: ArrayLike<number>,
  actual: ArrayLike<number>,
  interval: { lower: readonly number[]; upper: readonly number[] },
): number | null {
  const H = interval.lower.length;
  if (actual.length === 0 || H === 0) return null;
  let inside = 0;
  for (let i = 0; i < actual.length; i++) {
    const e = (actual[i] as number) - (predicted[i] as number);
    if (e >= (interval.lower[i % H] as number) && e <= (interval.upper[i % H] as number)) inside++;
  }
  return inside / actual.length;
}

/**
 * The interval from validation forecasts, with its coverage on the test forecasts; null when
 * validation has too few windows.
 */
export function fitInterval(
  val: { predicted: ArrayLike<number>; actual: ArrayLike<number> },
  test: { predicted: ArrayLike<number>; actual: ArrayLike<number> },
  horizon: number,
): PredictionInterval | null {
  const q = residualQuantiles(val.predicted, val.actual, { horizon, level: INTERVAL_LEVEL });
  if (q === null) return null;
  return {
    level: INTERVAL_LEVEL,
    ...q,
    coverage: intervalCoverage(test.predicted, test.actual, q),
  };
}
