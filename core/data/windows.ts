/** Sliding windows over a multivariate series: L input steps → H future values of the target. */
import { ConfigError } from '../errors.ts';

/** Windows ready for a forecaster. */
export interface Windows {
  /** Inputs `[count, window, features]`, row-major. */
  x: Float32Array;
  /** Targets `[count, horizon]`: the target feature at the H steps after each window. */
  y: Float32Array;
  /** Index of the first step of each window. */
  starts: Int32Array;
  count: number;
}

/**
 * Cuts `values` `[steps, features]` into windows of `window` steps, each followed by `horizon`
 * target values, moving `stride` steps at a time. Only steps in [from, to) are used, so a
 * train/validation/test cut made on the series never leaks across parts.
 * @throws ConfigError for window, horizon or stride < 1 or a target index out of range.
 */
export function makeWindows(
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
): Windows {
  const { features, window, horizon, stride, target } = options;
  for (const [name, v] of [
    ['window', window],
    ['horizon', horizon],
    ['stride', stride],
  ] as const) {
    if (!Number.isInteger(v) || v < 1)
      throw new ConfigError(`makeWindows: ${name} must be an integer ≥ 1, got ${v}.`);
  }
  if (!Number.isInteger(target) || target < 0 || target >= features) {
    throw new ConfigError(`makeWindows: target must be in [0, ${features - 1}], got ${target}.`);
  }
  const steps = values.length / features;
  const from = options.from ?? 0;
  const to = options.to ?? steps;
  const span = to - from - window - horizon;
  const count = span < 0 ? 0 : Math.floor(span / stride) + 1;
  const x = new Float32Array(count * window * features);
  const y = new Float32Array(count * horizon);
  const starts = new Int32Array(count);
  for (let k = 0; k < count; k++) {
    const s = from + k * stride;
    starts[k] = s;
    x.set(values.subarray(s * features, (s + window) * features), k * window * features);
    for (let h = 0; h < horizon; h++)
      y[k * horizon + h] = values[(s + window + h) * features + target] as number;
  }
  return { x, y, starts, count };
}
