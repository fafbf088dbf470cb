/** Forecast windows as views over the one scaled series and the target column: a part is its first step and its count; targets, frames, actuals and batches are computed from the series when asked. */

import { windowView } from '../../data/windows.ts';
import type { TaskBatch } from '../task.ts';
import {
  modelInputs,
  type TargetMode,
  toModelUnits,
  type WindowFrame,
  windowFrame,
} from './targetMode.ts';

/**
 * The windows of one part. Window k reads its L inputs from rows from + k … from + k + L − 1 of
 * `scaled` and its H targets from the steps after them; nothing per window is stored, so a part
 * costs the same whatever its length (the series and the target column are shared by the parts).
 */
export interface ForecastWindows {
  /** The scaled series `[steps, F]`, row-major, the target in column 0. */
  readonly scaled: Float32Array;
  /** The target column in original units `[steps]`. */
  readonly target: Float32Array;
  /** The first step of window 0. */
  readonly from: number;
  readonly count: number;
  readonly window: number;
  readonly horizon: number;
  readonly features: number;
  readonly mode: TargetMode;
  /** Column indices of the known-future features (their values at the H forecast steps feed the head). */
  readonly known: readonly number[];
}

/** A training or evaluation batch: model inputs and targets in the target mode's units. */
export interface ForecastBatch extends TaskBatch {
  readonly x: Float32Array;
  readonly y: Float32Array;
  /** Known-future columns' values [N, H·K] (empty without them). */
  readonly future: Float32Array;
  readonly shape: [number, number, number];
}

/**
 * The windows of `window` steps followed by `horizon` targets over steps [from, to).
 * @param target the target column in original units, as long as the series.
 * @throws ConfigError from windowView for bad sizes.
 */
export function windowsOf(
  target: Float32Array,
  scaled: Float32Array,
  options: {
    features: number;
    window: number;
    horizon: number;
    from: number;
    to: number;
    targetMode: TargetMode;
    known?: readonly number[];
  },
): ForecastWindows {
  const { features, window, horizon } = options;
  const view = windowView(scaled, {
    features,
    window,
    horizon,
    stride: 1,
    target: 0,
    from: options.from,
    to: options.to,
  });
  return {
    scaled,
    target,
    from: view.from,
    count: view.count,
    window,
    horizon,
    features,
    mode: options.targetMode,
    known: options.known ?? [],
  };
}

/** The series index of window `k`'s last observed step. */
export function windowEnd(w: ForecastWindows, k: number): number {
  return w.from + k + w.window - 1;
}

/** Window `k`'s scaled inputs [L, F]: a view into the series, not a copy. */
export function windowInputs(w: ForecastWindows, k: number): Float32Array {
  const start = (w.from + k) * w.features;
  return w.scaled.subarray(start, start + w.window * w.features);
}

/**
 * Window `k`'s frame (scaled target = model output · spread + base), rounded to float32 as the
 * frames of a batch are kept.
 */
export function frameOf(w: ForecastWindows, k: number): WindowFrame {
  const f = windowFrame(w.mode, w.scaled, (w.from + k) * w.features, w.window, w.features);
  return { base: Math.fround(f.base), spread: Math.fround(f.spread) };
}

/** The series index of each window's last observed step `[count]` (for the baselines). */
export function endsOf(w: ForecastWindows): Int32Array {
  const out = new Int32Array(w.count);
  for (let k = 0; k < w.count; k++) out[k] = windowEnd(w, k);
  return out;
}

/** The targets `[count·H]` in original units, windows `[from, to)` (all by default). */
export function actualsOf(w: ForecastWindows, from = 0, to = w.count): Float64Array {
  const H = w.horizon;
  const out = new Float64Array((to - from) * H);
  for (let k = from; k < to; k++) {
    const next = windowEnd(w, k) + 1;
    for (let h = 0; h < H; h++) out[(k - from) * H + h] = w.target[next + h] as number;
  }
  return out;
}

/** Each window's last observed target `[count]`, original units (the naive forecast). */
export function lastsOf(w: ForecastWindows): Float64Array {
  const out = new Float64Array(w.count);
  for (let k = 0; k < w.count; k++) out[k] = w.target[windowEnd(w, k)] as number;
  return out;
}

/**
 * The batch of windows `indexAt(0) … indexAt(n − 1)`: inputs transformed for the target mode
 * (window-norm normalises each window), targets in the mode's units, known-future values.
 */
function fill(w: ForecastWindows, n: number, indexAt: (i: number) => number): ForecastBatch {
  const { window: L, features: F, horizon: H, known } = w;
  const K = known.length;
  const x = new Float32Array(n * L * F);
  const y = new Float32Array(n * H);
  const future = new Float32Array(n * H * K);
  for (let i = 0; i < n; i++) {
    const k = indexAt(i);
    x.set(windowInputs(w, k), i * L * F);
    const frame = windowFrame(w.mode, w.scaled, (w.from + k) * F, L, F);
    const next = windowEnd(w, k) + 1;
    for (let h = 0; h < H; h++) {
      const row = (next + h) * F;
      y[i * H + h] = toModelUnits(w.scaled[row] as number, frame);
      for (let j = 0; j < K; j++) {
        future[(i * H + h) * K + j] = w.scaled[row + (known[j] as number)] as number;
      }
    }
  }
  modelInputs(w.mode, x, n, L, F);
  return { x, y, future, shape: [n, L, F], examples: n, tokens: n * H };
}

/** The batch of windows `idx` (a training batch, in the shuffled order). */
export function batchOf(w: ForecastWindows, idx: ArrayLike<number>): ForecastBatch {
  return fill(w, idx.length, (i) => idx[i] as number);
}

/** The batch of windows [from, to) (evaluation: consecutive windows, no index arrays). */
export function rangeBatch(w: ForecastWindows, from: number, to: number): ForecastBatch {
  return fill(w, to - from, (i) => from + i);
}
