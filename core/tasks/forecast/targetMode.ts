/** How the forecast model sees its target, applied per window: levels, changes from the last value, or levels normalised by the window's own mean and spread (instance normalisation). */

/** A concrete target mode. */
export type TargetMode = 'level' | 'change' | 'window-norm';
/** What the spec may ask for: a concrete mode, or `auto` (chosen on the validation split). */
export type TargetModeSetting = TargetMode | 'auto';

/** Every concrete mode, in the order the automatic choice prefers them on a tie. */
export const TARGET_MODES: readonly TargetMode[] = ['level', 'change', 'window-norm'];

/**
 * Added to a window's variance before the square root in `window-norm` (scaled units, where the
 * training part has variance ≈ 1): a flat window gets a spread of at least 0.1 instead of ~0, so
 * one jump after it does not become a target of hundreds. The PyTorch export uses the same value.
 */
export const WINDOW_NORM_EPS = 0.01;

/** How one window's model-unit targets map back to scaled units: scaled = model · spread + base. */
export interface WindowFrame {
  base: number;
  spread: number;
}

/**
 * The frame of one window for `mode`, from its inputs `[L, F]` row-major (scaled units, the
 * target in feature 0): level → (0, 1); change → (last target, 1); window-norm → (mean, √(var + ε))
 * of the target over the window.
 */
export function windowFrame(
  mode: TargetMode,
  x: ArrayLike<number>,
  offset: number,
  window: number,
  features: number,
): WindowFrame {
  if (mode === 'level') return { base: 0, spread: 1 };
  if (mode === 'change') {
    return { base: x[offset + (window - 1) * features] as number, spread: 1 };
  }
  const { mean, spread } = featureStats(x, offset, window, features, 0);
  return { base: mean, spread };
}

function featureStats(
  x: ArrayLike<number>,
  offset: number,
  window: number,
  features: number,
  f: number,
): { mean: number; spread: number } {
  let sum = 0;
  for (let t = 0; t < window; t++) sum += x[offset + t * features + f] as number;
  const mean = sum / window;
  let sq = 0;
  for (let t = 0; t < window; t++) sq += ((x[offset + t * features + f] as number) - mean) ** 2;
  return { mean, spread: Math.sqrt(sq / window + WINDOW_NORM_EPS) };
}

/**
 * Rewrites window inputs in place for the model: `window-norm` normalises every feature of every
 * window by that window's own mean and spread (as {@link windowFrame} does for the target); the
 * other modes leave inputs as they are.
 * @param x `[count, L, F]` row-major, scaled units.
 */
export function modelInputs(
  mode: TargetMode,
  x: Float32Array,
  count: number,
  window: number,
  features: number,
): void {
  if (mode !== 'window-norm') return;
  for (let k = 0; k < count; k++) {
    const offset = k * window * features;
    for (let f = 0; f < features; f++) {
      const { mean, spread } = featureStats(x, offset, window, features, f);
      for (let t = 0; t < window; t++) {
        const i = offset + t * features + f;
        x[i] = ((x[i] as number) - mean) / spread;
      }
    }
  }
}

/** Scaled target → model units within a frame. */
export function toModelUnits(value: number, frame: WindowFrame): number {
  return (value - frame.base) / frame.spread;
}

/** Model output → scaled target within a frame. */
export function fromModelUnits(value: number, frame: WindowFrame): number {
  return value * frame.spread + frame.base;
}

/**
 * The concrete mode a spec asks for: `targetMode` when given, else the older `predictChanges`
 * (true → change, false → level, as saved specs meant it), else `auto`.
 */
export function requestedTargetMode(data: {
  targetMode?: TargetModeSetting | undefined;
  predictChanges?: boolean | undefined;
}): TargetModeSetting {
  if (data.targetMode !== undefined) return data.targetMode;
  if (data.predictChanges !== undefined) return data.predictChanges ? 'change' : 'level';
  return 'auto';
}
