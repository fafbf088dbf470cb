/** Forecast batches and evaluation: model inputs per target mode, forecasts back in original units, the model's errors beside the naive, seasonal naive and Holt-Winters baselines, MAE per step ahead. */

import { forecastErrors, naiveForecast } from '../../metrics/forecast.ts';
import { scaleFreeErrors } from '../../metrics/scaleFree.ts';
import { maeByStep } from '../../metrics/seasonal.ts';
import { noGrad } from '../../tensor/autograd.ts';
import { chunks, type EvaluationProgress, withProgress } from '../common/batching.ts';
import type { EvaluationReport, TaskBatch } from '../task.ts';
import { type BaselineForecasts, baselineMaes } from './baselines.ts';
import { type ForecastWindows, windowInputs } from './data.ts';
import type { ForecastModel } from './model.ts';
import { modelInputs, type TargetMode } from './targetMode.ts';

/** A training batch: model inputs and targets in the target mode's units. */
export interface ForecastBatch extends TaskBatch {
  readonly x: Float32Array;
  readonly y: Float32Array;
  /** Known-future columns' values [N, H·K] (empty without them). */
  readonly future: Float32Array;
  readonly shape: [number, number, number];
}

const EVAL_BATCH = 256;

/** The batch of windows `idx`, inputs transformed for `mode` (window-norm normalises each window). */
export function batchOf(
  w: ForecastWindows,
  idx: readonly number[],
  dims: { window: number; features: number; horizon: number; mode: TargetMode },
): ForecastBatch {
  const { window: L, features: F, horizon: H } = dims;
  const x = new Float32Array(idx.length * L * F);
  const y = new Float32Array(idx.length * H);
  const HK = w.count === 0 ? 0 : w.future.length / w.count;
  const future = new Float32Array(idx.length * HK);
  idx.forEach((i, k) => {
    x.set(windowInputs(w, i, L, F), k * L * F);
    y.set(w.y.subarray(i * H, (i + 1) * H), k * H);
    future.set(w.future.subarray(i * HK, (i + 1) * HK), k * HK);
  });
  modelInputs(dims.mode, x, idx.length, L, F);
  const shape: [number, number, number] = [idx.length, L, F];
  return { x, y, future, shape, examples: idx.length, tokens: idx.length * H };
}

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

/** The model's forecasts for every window of a part, in original units, and the mean squared loss in model units. */
export function forecastPart(
  model: ForecastModel,
  w: ForecastWindows,
  dims: {
    window: number;
    features: number;
    horizon: number;
    mode: TargetMode;
    offset: number;
    scale: number;
  },
  onProgress?: EvaluationProgress,
): { predicted: Float64Array; loss: number } {
  model.eval();
  const H = dims.horizon;
  const out = new Float32Array(w.count * H);
  let sq = 0;
  noGrad(() => {
    for (const idx of withProgress(chunks(w.count, EVAL_BATCH), onProgress)) {
      const b = batchOf(w, idx, dims);
      const pred = model.forward(b.x, b.shape, b.future);
      out.set(pred.data, (idx[0] as number) * H);
      for (let i = 0; i < b.y.length; i++)
        sq += ((pred.data[i] as number) - (b.y[i] as number)) ** 2;
    }
  });
  const predicted = toOriginal(out, w, { offset: dims.offset, scale: dims.scale, horizon: H });
  return { predicted, loss: sq / Math.max(1, out.length) };
}

/** The naive last-value forecast's MAE on a part: the scale of MASE when it is the training part. */
export function naiveMaeOf(w: ForecastWindows, horizon: number): number {
  if (w.count === 0) return Number.NaN;
  return forecastErrors(naiveForecast(w.last, horizon), w.actual).mae;
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
    horizon: number;
    scaleMae: number;
  },
): EvaluationReport {
  if (w.count === 0) {
    const nan = Number.NaN;
    return { examples: 0, metrics: { loss: nan, mae: nan, rmse: nan, naiveMae: nan } };
  }
  const e = forecastErrors(predicted, w.actual);
  const naive = forecastErrors(baselines.forecasts.naive, w.actual);
  const maes = baselineMaes(baselines.forecasts, w.actual);
  const scaleFree = scaleFreeErrors(
    { model: predicted, naive: baselines.forecasts.naive },
    w.actual,
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
    maeByStep: maeByStep(predicted, w.actual, baselines.horizon),
  };
}

/** The naive last-value forecast's report on a part (the task's trivial baseline); MAPE or MASE as the model's report. */
export function naiveBaseline(
  w: ForecastWindows,
  o: { horizon: number; scaleMae: number },
): EvaluationReport {
  const description =
    'naive last-value forecast (every future step equals the last observed value)';
  if (w.count === 0) {
    const nan = Number.NaN;
    return { examples: 0, metrics: { mae: nan, rmse: nan }, description };
  }
  const naive = naiveForecast(w.last, o.horizon);
  const e = forecastErrors(naive, w.actual);
  const scaleFree = scaleFreeErrors({ model: naive, naive }, w.actual, o.scaleMae);
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
