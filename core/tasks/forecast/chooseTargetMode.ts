/** The automatic target-mode choice: a ridge-regression stand-in per mode, fitted on the training windows and scored on the validation windows; the simplest mode within 3 % of the best wins (levels first, or changes first when the validation level has moved away from the training level). */
import {
  fromModelUnits,
  modelInputs,
  TARGET_MODES,
  type TargetMode,
  toModelUnits,
  type WindowFrame,
  windowFrame,
} from './targetMode.ts';

/** Windows the stand-in fits on at most (evenly spaced): keeps the choice well under a second. */
const MAX_FIT_WINDOWS = 4000;
/**
 * Validation windows the stand-ins are scored on at most (evenly spaced): a long hourly file has
 * ~100,000, and scoring them all cost most of a second before the first training step.
 */
export const MAX_SCORE_WINDOWS = 20_000;
/** A mode other than the simplest must beat it by more than this fraction to be chosen. */
export const CHOICE_MARGIN = 0.03;
/** A validation mean this many training standard deviations from the training mean counts as a moved level. */
export const SHIFT_LIMIT = 0.5;

/** The outcome of the automatic choice. */
export interface TargetModeChoice {
  mode: TargetMode;
  /** Validation MAE of each mode's stand-in, in the target's original units. */
  scores: Record<TargetMode, number>;
  /** Validation windows scored. */
  windows: number;
  /**
   * How far the validation part's mean target lies from the training part's, in training standard
   * deviations (the scaled units' mean; signed). Beyond ±{@link SHIFT_LIMIT}, changes are preferred
   * to levels on a near tie.
   */
  shift: number;
}

/**
 * Chooses the target mode on validation evidence. For each mode, a linear model (ridge, λ = 10⁻³
 * per window) maps the window's target values, in that mode's units, to the H targets in the same
 * units; its outputs are clipped to the range the training targets took in those units, because
 * the recurrent model's bounded states limit it the same way (a level model cannot forecast far
 * above the levels it saw; this is what makes levels fail on a trending series). Each stand-in is
 * scored by MAE on the validation windows (at most {@link MAX_SCORE_WINDOWS}, evenly spaced; the last fifth of the training windows when there is
 * no validation part); the first of level, change, window-norm within {@link CHOICE_MARGIN} of the
 * best is chosen — change, level, window-norm when the validation mean lies more than
 * {@link SHIFT_LIMIT} training standard deviations from the training mean (a linear stand-in
 * extrapolates levels where the recurrent model cannot, so a moved level tips a near tie to changes).
 * @param target the target column, scaled `[steps]`.
 * @param scale the scaler's scale of the target (scores are reported in original units).
 */
export function chooseTargetMode(
  target: Float32Array,
  options: { window: number; horizon: number; trainEnd: number; valEnd: number; scale: number },
): TargetModeChoice {
  const { window: L, horizon: H, trainEnd, valEnd } = options;
  const trainCount = Math.max(0, trainEnd - L - H + 1);
  let fit: [number, number] = [0, trainCount];
  let val: [number, number] = [Math.max(0, trainEnd - L), Math.max(0, valEnd - L - H + 1)];
  if (val[1] <= val[0]) {
    const cut = Math.floor(trainCount * 0.8);
    val = [cut, trainCount];
    fit = [0, cut];
  }
  const fitStarts = evenly(fit, MAX_FIT_WINDOWS);
  const valStarts = evenly(val, MAX_SCORE_WINDOWS);
  const scores = {} as Record<TargetMode, number>;
  for (const mode of TARGET_MODES) {
    const fitted = fitStandIn(mode, target, fitStarts, L, H);
    scores[mode] = standInMae(mode, fitted, target, valStarts, L, H) * Math.abs(options.scale);
  }
  const best = Math.min(...TARGET_MODES.map((m) => scores[m]));
  const shift = levelShift(
    target,
    valStarts.length > 0 ? (valStarts[0] as number) + L : trainEnd,
    valEnd,
    trainEnd,
  );
  const order: TargetMode[] =
    Math.abs(shift) > SHIFT_LIMIT ? ['change', 'level', 'window-norm'] : [...TARGET_MODES];
  const mode = order.find((m) => scores[m] <= best * (1 + CHOICE_MARGIN)) ?? 'level';
  return { mode, scores, windows: valStarts.length, shift };
}

/**
 * Mean of the scaled target over [from, to) minus its mean over the training part, divided by
 * the training part's standard deviation.
 */
function levelShift(target: Float32Array, from: number, to: number, trainEnd: number): number {
  const mean = (a: number, b: number) => {
    let sum = 0;
    for (let t = a; t < b; t++) sum += target[t] as number;
    return b > a ? sum / (b - a) : 0;
  };
  const m = mean(0, trainEnd);
  let sq = 0;
  for (let t = 0; t < trainEnd; t++) sq += ((target[t] as number) - m) ** 2;
  const sd = Math.sqrt(sq / Math.max(1, trainEnd)) || 1;
  const end = to > from ? to : trainEnd;
  const start = to > from ? from : Math.floor(trainEnd * 0.8);
  return (mean(start, end) - m) / sd;
}

/**
 * At most `max` evenly spaced starts from [from, to) (all of them when there are no more): the
 * i-th is from + ⌊i·n / max⌋, never a list of all n first.
 */
function evenly([from, to]: [number, number], max: number): number[] {
  const n = Math.max(0, to - from);
  if (n <= max) return Array.from({ length: n }, (_, i) => from + i);
  return Array.from({ length: max }, (_, i) => from + Math.floor((i * n) / max));
}

/**
 * One window at a time, in buffers reused from window to window (a few hundred thousand windows
 * are read before the first step): its inputs with a trailing 1 for the bias, and its targets, in
 * a mode's units.
 */
class WindowRows {
  /** The window's target values as the series holds them (float32), then as the model sees them. */
  private readonly raw: Float32Array;
  readonly x: Float64Array;
  readonly y: Float64Array;

  constructor(
    private readonly target: Float32Array,
    private readonly L: number,
    private readonly H: number,
  ) {
    this.raw = new Float32Array(L);
    this.x = new Float64Array(L + 1);
    this.y = new Float64Array(H);
    this.x[L] = 1;
  }

  /** Fills `x`, and `y` when `targets`, for the window starting at `s`; returns its frame. */
  load(mode: TargetMode, s: number, targets: boolean): WindowFrame {
    const { target, L, H, raw, x, y } = this;
    for (let t = 0; t < L; t++) raw[t] = target[s + t] as number;
    const frame = windowFrame(mode, raw, 0, L, 1);
    modelInputs(mode, raw, 1, L, 1);
    const base = mode === 'change' ? frame.base : 0;
    for (let t = 0; t < L; t++) x[t] = (raw[t] as number) - base;
    if (targets) {
      for (let h = 0; h < H; h++) y[h] = toModelUnits(target[s + L + h] as number, frame);
    }
    return frame;
  }
}

interface StandIn {
  /** Weights [L+1, H]. */
  w: Float64Array;
  lo: number;
  hi: number;
}

function fitStandIn(
  mode: TargetMode,
  target: Float32Array,
  starts: number[],
  L: number,
  H: number,
): StandIn {
  const d = L + 1;
  const xtx = new Float64Array(d * d);
  const xty = new Float64Array(d * H);
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  const rows = new WindowRows(target, L, H);
  const { x, y } = rows;
  for (const s of starts) {
    rows.load(mode, s, true);
    accumulate(xtx, xty, x, y);
    for (let h = 0; h < H; h++) {
      lo = Math.min(lo, y[h] as number);
      hi = Math.max(hi, y[h] as number);
    }
  }
  for (let i = 0; i < d; i++) {
    for (let j = i + 1; j < d; j++) xtx[i * d + j] = xtx[j * d + i] as number;
  }
  const lambda = 1e-3 * Math.max(1, starts.length);
  for (let i = 0; i < d; i++) xtx[i * d + i] += lambda;
  return { w: solveSpd(xtx, xty, d, H), lo, hi };
}

/**
 * Adds one window's x·xᵀ (lower triangle) and x·yᵀ to the sums.
 * NOTE: a function of its own, called per window: it is optimised after a few windows, where the
 * loop inside fitStandIn waited for on-stack replacement (the stand-ins run on cold code).
 */
function accumulate(xtx: Float64Array, xty: Float64Array, x: Float64Array, y: Float64Array): void {
  const d = x.length;
  const H = y.length;
  // NOTE: xᵀx is symmetric: the lower triangle is summed and mirrored after (the same sums).
  for (let i = 0; i < d; i++) {
    const xi = x[i] as number;
    const row = i * d;
    for (let j = 0; j <= i; j++) xtx[row + j] += xi * (x[j] as number);
    for (let h = 0; h < H; h++) xty[i * H + h] += xi * (y[h] as number);
  }
}

/** The stand-in's output `h` for inputs `x` (before clipping): Σᵢ x[i]·w[i, h] in order of i. */
function output(x: Float64Array, w: Float64Array, h: number, H: number): number {
  let out = 0;
  for (let i = 0; i < x.length; i++) out += (x[i] as number) * (w[i * H + h] as number);
  return out;
}

function standInMae(
  mode: TargetMode,
  fitted: StandIn,
  target: Float32Array,
  starts: number[],
  L: number,
  H: number,
): number {
  let abs = 0;
  const rows = new WindowRows(target, L, H);
  const { x } = rows;
  const w = fitted.w;
  for (const s of starts) {
    const frame = rows.load(mode, s, false);
    for (let h = 0; h < H; h++) {
      const out = Math.min(fitted.hi, Math.max(fitted.lo, output(x, w, h, H)));
      abs += Math.abs(fromModelUnits(out, frame) - (target[s + L + h] as number));
    }
  }
  return starts.length === 0 ? Number.NaN : abs / (starts.length * H);
}

/**
 * Solves A·X = B for a symmetric positive definite A `[d, d]` and B `[d, k]` (Cholesky).
 * @returns X `[d, k]`.
 */
export function solveSpd(a: Float64Array, b: Float64Array, d: number, k: number): Float64Array {
  const l = new Float64Array(d * d);
  for (let i = 0; i < d; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = a[i * d + j] as number;
      for (let p = 0; p < j; p++) sum -= (l[i * d + p] as number) * (l[j * d + p] as number);
      l[i * d + j] = i === j ? Math.sqrt(Math.max(sum, 1e-12)) : sum / (l[j * d + j] as number);
    }
  }
  const x = new Float64Array(d * k);
  for (let c = 0; c < k; c++) {
    const z = new Float64Array(d);
    for (let i = 0; i < d; i++) {
      let sum = b[i * k + c] as number;
      for (let p = 0; p < i; p++) sum -= (l[i * d + p] as number) * (z[p] as number);
      z[i] = sum / (l[i * d + i] as number);
    }
    for (let i = d - 1; i >= 0; i--) {
      let sum = z[i] as number;
      for (let p = i + 1; p < d; p++) sum -= (l[p * d + i] as number) * (x[p * k + c] as number);
      x[i * k + c] = sum / (l[i * d + i] as number);
    }
  }
  return x;
}
