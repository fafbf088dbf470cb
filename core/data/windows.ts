/** Sliding windows over a multivariate series as index views: L input steps → H future target values, gathered into a batch only when asked. */
import { ConfigError } from '../errors.ts';

/**
 * Windows over `values` `[steps, features]` (row-major, shared, never copied): window k reads
 * steps [start(k), start(k) + window) and its targets are the `target` feature at the `horizon`
 * steps after them. The view holds the series and five numbers, whatever the window count.
 */
export interface WindowView {
  /** The series `[steps, features]`, row-major; the view's own memory is none of it. */
  readonly values: Float32Array;
  readonly features: number;
  readonly window: number;
  readonly horizon: number;
  readonly stride: number;
  /** The target feature's index. */
  readonly target: number;
  /** First step of window 0. */
  readonly from: number;
  /** Windows in the view. */
  readonly count: number;
}

/** Per-feature affine map applied while gathering: x' = (x − offset[f]) / scale[f]. */
export interface GatherScaling {
  readonly offset: readonly number[];
  readonly scale: readonly number[];
}

/**
 * Windows of `window` steps, each followed by `horizon` target values, moving `stride` steps at a
 * time; only steps in [from, to) are used, so a train/validation/test cut made on the series never
 * leaks across parts.
 * @throws ConfigError for window, horizon or stride < 1 or a target index out of range.
 */
export function windowView(
  values: Float32Array,
  options: {
    features: number;
    window: number;
    horizon: number;
    stride: number;
    target: number;
    from?: number;
    to?: number;
  },
): WindowView {
  const { features, window, horizon, stride, target } = options;
  for (const [name, v] of [
    ['window', window],
    ['horizon', horizon],
    ['stride', stride],
  ] as const) {
    if (!Number.isInteger(v) || v < 1)
      throw new ConfigError(`windowView: ${name} must be an integer ≥ 1, got ${v}.`);
  }
  if (!Number.isInteger(target) || target < 0 || target >= features) {
    throw new ConfigError(`windowView: target must be in [0, ${features - 1}], got ${target}.`);
  }
  const steps = values.length / features;
  const from = options.from ?? 0;
  const to = options.to ?? steps;
  const span = to - from - window - horizon;
  const count = span < 0 ? 0 : Math.floor(span / stride) + 1;
  return { values, features, window, horizon, stride, target, from, count };
}

/** The first step of window `k`. */
export function windowStart(view: WindowView, k: number): number {
  return view.from + k * view.stride;
}

/** The target value `h` steps after window `k` (0 ≤ h < horizon), unscaled. */
export function windowTarget(view: WindowView, k: number, h: number): number {
  const s = windowStart(view, k) + view.window + h;
  return view.values[s * view.features + view.target] as number;
}

/** The target feature's value at the last input step of window `k`, unscaled. */
export function windowLast(view: WindowView, k: number): number {
  const s = windowStart(view, k) + view.window - 1;
  return view.values[s * view.features + view.target] as number;
}

/**
 * Copies the windows `indices` into a batch: inputs `[n, window, features]` and targets
 * `[n, horizon]`, both row-major, scaled by `scaling` when given (targets with the target
 * feature's offset and scale).
 * @throws ConfigError for an index outside [0, count).
 */
export function gatherWindows(
  view: WindowView,
  indices: ArrayLike<number>,
  scaling?: GatherScaling,
): { x: Float32Array; y: Float32Array } {
  const { values, features: F, window: L, horizon: H } = view;
  const n = indices.length;
  const x = new Float32Array(n * L * F);
  const y = new Float32Array(n * H);
  for (let b = 0; b < n; b++) {
    const k = indices[b] as number;
    if (!(Number.isInteger(k) && k >= 0 && k < view.count)) {
      throw new ConfigError(`gatherWindows: index must be in [0, ${view.count}), got ${k}.`);
    }
    const s = windowStart(view, k);
    x.set(values.subarray(s * F, (s + L) * F), b * L * F);
    for (let h = 0; h < H; h++) y[b * H + h] = windowTarget(view, k, h);
  }
  if (scaling !== undefined) scaleBatch(x, y, { features: F, target: view.target, scaling });
  return { x, y };
}

function scaleBatch(
  x: Float32Array,
  y: Float32Array,
  options: { features: number; target: number; scaling: GatherScaling },
): void {
  const { features: F, target, scaling } = options;
  for (let i = 0; i < x.length; i++) {
    const f = i % F;
    x[i] = ((x[i] as number) - (scaling.offset[f] as number)) / (scaling.scale[f] as number);
  }
  const offset = scaling.offset[target] as number;
  const scale = scaling.scale[target] as number;
  for (let i = 0; i < y.length; i++) y[i] = ((y[i] as number) - offset) / scale;
}
