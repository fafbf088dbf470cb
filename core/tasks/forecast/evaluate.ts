/** Forecast batches and evaluation: model inputs per target mode, forecasts back in original units, the model's errors beside the naive, seasonal naive and Holt-Winters baselines, MAE per step ahead. */

import { forecastErrors, naiveForecast } from '../../metrics/forecast.ts';
import { scaleFreeErrors } from '../../metrics/scaleFree.ts';
import { maeByStep } from '../../metrics/seasonal.ts';
import type { EvaluationProgress } from '../common/batching.ts';
import type { EvaluationReport } from '../task.ts';
import { type BaselineForecasts, baselineMaes } from './baselines.ts';
import type { ForecastModel } from './model.ts';
import {
  actualsOf,
  type ForecastWindows,
  frameOf,
  lastsOf,
  rangeBatch,
  windowEnd,
} from './windows.ts';

export type { ForecastBatch } from './windows.ts';

/** Windows a forward pass of the final evaluation takes at once. */
export const EVAL_BATCH = 256;

/**
 * Model outputs `[windows·H]` → forecasts in original units: each window's frame
 * (scaled = out · spread + base), then the target's scaler.
 */
export function toOriginal(
  out: ArrayLike<number>,
  frames: { base: ArrayLike<number>; spread: ArrayLike<number> },
  target: { offset: number; scale: number; horizon: number },
): Float64Array {
  const H = target.horizon;
  const res = new Float64Array(out.length);
  for (let i = 0; i < out.length; i++) {
    const k = Math.floor(i / H);
    const scaled = (out[i] as number) * (frames.spread[k] as number) + (frames.base[k] as number);
    res[i] = scaled * target.scale + target.offset;
  }
  return res;
}

/**
 * The model's forecasts for every window of a part, in original units, and the mean squared loss
 * in model units: consecutive windows in batches of {@link EVAL_BATCH}, forward only on the
 * kernels ({@link ForecastModel.predict}: no autograd records, no per-step states kept).
 */
export function forecastPart(
  model: ForecastModel,
  w: ForecastWindows,
  target: { offset: number; scale: number },
  onProgress?: EvaluationProgress,
): { predicted: Float64Array; loss: number } {
  model.eval();
  const H = w.horizon;
  const predicted = new Float64Array(w.count * H);
  let sq = 0;
  for (let from = 0; from < w.count; from += EVAL_BATCH) {
    const to = Math.min(w.count, from + EVAL_BATCH);
    const b = rangeBatch(w, from, to);
    const out = model.predict(b.x, b.shape, b.future);
    for (let i = 0; i < out.length; i++) sq += ((out[i] as number) - (b.y[i] as number)) ** 2;
    for (let k = from; k < to; k++) {
      const frame = frameOf(w, k);
      for (let h = 0; h < H; h++) {
        const i = k * H + h;
        const scaled = (out[i - from * H] as number) * frame.spread + frame.base;
        predicted[i] = scaled * target.scale + target.offset;
      }
    }
    onProgress?.(to, w.count);
  }
  return { predicted, loss: sq / Math.max(1, w.count * H) };
}

/** The naive last-value forecast's MAE on a part: the scale of MASE when it is the training part. */
export function naiveMaeOf(w: ForecastWindows): number {
  if (w.count === 0) return Number.NaN;
  const H = w.horizon;
  let abs = 0;
  for (let k = 0; k < w.count; k++) {
    const end = windowEnd(w, k);
    const last = w.target[end] as number;
    for (let h = 1; h <= H; h++) abs += Math.abs(last - (w.target[end + h] as number));
  }
  return abs / (w.count * H);
}

/**
 * The model's report on a part: loss (model units), MAE and RMSE in the target's units, MAPE (%)
 * or MASE as {@link scaleFreeErrors} decides with `scaleMae` (the training part's naive MAE), the
 * baselines' MAE (`naiveMae`, `seasonalNaiveMae` with `seasonalPeriod`, `holtWintersMae`; naive
 * RMSE and MAPE or MASE too) and MAE per step ahead.
 */
export function partReport(
  predicted: Float64Array,
  loss: number,
  w: ForecastWindows,
  baselines: {
    forecasts: BaselineForecasts;
    seasonalPeriod: number | null;
    scaleMae: number;
  },
): EvaluationReport {
  if (w.count === 0) {
    const nan = Number.NaN;
    return { examples: 0, metrics: { loss: nan, mae: nan, rmse: nan, naiveMae: nan } };
  }
  const actual = actualsOf(w);
  const e = forecastErrors(predicted, actual);
  const naive = forecastErrors(baselines.forecasts.naive, actual);
  const maes = baselineMaes(baselines.forecasts, actual);
  const scaleFree = scaleFreeErrors(
    { model: predicted, naive: baselines.forecasts.naive },
    actual,
    baselines.scaleMae,
  );
  return {
    examples: w.count,
    metrics: {
      loss,
      mae: e.mae,
      rmse: e.rmse,
      naiveMae: naive.mae,
      naiveRmse: naive.rmse,
      ...scaleFree,
      seasonalNaiveMae: maes['seasonal-naive'],
      ...(baselines.seasonalPeriod === null ? {} : { seasonalPeriod: baselines.seasonalPeriod }),
      holtWintersMae: maes['holt-winters'],
    },
    maeByStep: maeByStep(predicted, actual, w.horizon),
  };
}

/** The naive last-value forecast's report on a part (the task's trivial baseline); MAPE or MASE as the model's report. */
export function naiveBaseline(w: ForecastWindows, scaleMae: number): EvaluationReport {
  const description =
    'naive last-value forecast (every future step equals the last observed value)';
  if (w.count === 0) {
    const nan = Number.NaN;
    return { examples: 0, metrics: { mae: nan, rmse: nan }, description };
  }
  const actual = actualsOf(w);
  const naive = naiveForecast(lastsOf(w), w.horizon);
  const e = forecastErrors(naive, actual);
  const scaleFree = scaleFreeErrors({ model: naive, naive }, actual, scaleMae);
  const { mape, mase } = scaleFree;
  return {
    examples: w.count,
    metrics: {
      mae: e.mae,
      rmse: e.rmse,
      ...(mape === undefined ? {} : { mape }),
      ...(mase === undefined ? {} : { mase }),
    },
    description,
  };
}
