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
  const offset: number[] = [];
  const scale: number[] = [];
  for (let f = 0; f < features; f++) {
    let n = 0;
    let sum = 0;
    let sumSq = 0;
    let min = Number.POSITIVE_INFINITY;
    let max = Number.NEGATIVE_INFINITY;
    for (let t = 0; t < fitSteps; t++) {
      const v = values[t * features + f] as number;
      if (Number.isNaN(v)) continue;
      n++;
      sum += v;
      sumSq += v * v;
      if (v < min) min = v;
      if (v > max) max = v;
    }
    if (kind === 'zscore') {
      const mean = n === 0 ? 0 : sum / n;
      // NOTE: population standard deviation, as scikit-learn's StandardScaler uses.
      const std = n === 0 ? 0 : Math.sqrt(Math.max(0, sumSq / n - mean * mean));
      offset.push(mean);
      scale.push(std > 1e-12 ? std : 1);
    } else {
      offset.push(n === 0 ? 0 : min);
      scale.push(n > 0 && max - min > 1e-12 ? max - min : 1);
    }
  }
  return { kind, offset, scale };
}

/** Scales row-major `values` `[steps, features]` into a new Float32Array. */
export function applyScaler(state: ScalerState, values: Float32Array | Float64Array): Float32Array {
  const features = state.offset.length;
  const out = new Float32Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const f = i % features;
    out[i] = ((values[i] as number) - (state.offset[f] as number)) / (state.scale[f] as number);
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
