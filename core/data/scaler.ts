/** Per-feature scaling (z-score or min–max) fitted on the training part only and saved for inference. */
import { ConfigError } from '../errors.ts';

/** A fitted scaler: JSON-serialisable; `offset` and `scale` have one entry per feature. */
export interface ScalerState {
  kind: 'zscore' | 'minmax';
  /** x' = (x - offset) / scale */
  offset: number[];
  scale: number[];
}

/**
 * Fits a scaler on the first `fitSteps` rows of row-major `values` `[steps, features]` (the
 * training part: pass the chronological train length). NaN values are ignored. A constant
 * feature gets scale 1.
 * @throws ConfigError when `values.length` is not a multiple of `features` or `fitSteps` is out of range.
 */
export function fitScaler(
  values: Float32Array | Float64Array,
  options: { kind: 'zscore' | 'minmax'; features: number; fitSteps: number },
): ScalerState {
  const { features, fitSteps, kind } = options;
  const steps = values.length / features;
  if (!Number.isInteger(steps)) {
    throw new ConfigError(
      `fitScaler: values.length must be a multiple of features ${features}, got ${values.length}.`,
    );
  }
  if (!Number.isInteger(fitSteps) || fitSteps < 1 || fitSteps > steps) {
    throw new ConfigError(`fitScaler: fitSteps must be in [1, ${steps}], got ${fitSteps}.`);
  }
  // NOTE: one pass over the rows, each feature's sums taken in row order as a pass per feature
  // would take them (the same doubles), but the array is read once instead of once a feature.
  const n = new Float64Array(features);
  const sum = new Float64Array(features);
  const sumSq = new Float64Array(features);
  const min = new Float64Array(features).fill(Number.POSITIVE_INFINITY);
  const max = new Float64Array(features).fill(Number.NEGATIVE_INFINITY);
  for (let t = 0, i = 0; t < fitSteps; t++) {
    for (let f = 0; f < features; f++, i++) {
      const v = values[i] as number;
      if (Number.isNaN(v)) continue;
      n[f]++;
      sum[f] += v;
      sumSq[f] += v * v;
      if (v < (min[f] as number)) min[f] = v;
      if (v > (max[f] as number)) max[f] = v;
    }
  }
  const offset: number[] = [];
  const scale: number[] = [];
  for (let f = 0; f < features; f++) {
    const count = n[f] as number;
    const lo = min[f] as number;
    const hi = max[f] as number;
    if (kind === 'zscore') {
      const mean = count === 0 ? 0 : (sum[f] as number) / count;
      // NOTE: population standard deviation, as scikit-learn's StandardScaler uses.
      const std =
        count === 0 ? 0 : Math.sqrt(Math.max(0, (sumSq[f] as number) / count - mean * mean));
      offset.push(mean);
      scale.push(std > 1e-12 ? std : 1);
    } else {
      offset.push(count === 0 ? 0 : lo);
      scale.push(count > 0 && hi - lo > 1e-12 ? hi - lo : 1);
    }
  }
  return { kind, offset, scale };
}

/** Scales row-major `values` `[steps, features]` into a new Float32Array. */
export function applyScaler(state: ScalerState, values: Float32Array | Float64Array): Float32Array {
  const features = state.offset.length;
  const offset = Float64Array.from(state.offset);
  const scale = Float64Array.from(state.scale);
  const out = new Float32Array(values.length);
  if (features === 0) return out.fill(Number.NaN);
  for (let i = 0; i < values.length; ) {
    for (let f = 0; f < features && i < values.length; f++, i++) {
      out[i] = ((values[i] as number) - (offset[f] as number)) / (scale[f] as number);
    }
  }
  return out;
}

/** Maps scaled values of feature `feature` back to the original units. */
export function invertScaler(
  state: ScalerState,
  values: Float32Array,
  feature: number,
): Float32Array {
  const offset = state.offset[feature];
  const scale = state.scale[feature];
  if (offset === undefined || scale === undefined) {
    throw new ConfigError(
      `invertScaler: feature must be in [0, ${state.offset.length - 1}], got ${feature}.`,
    );
  }
  return values.map((v) => v * scale + offset);
}
