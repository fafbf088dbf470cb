/** Seasonal baselines for forecasts: the candidate periods a time step implies, and the seasonal naive forecast (the value one period earlier). */

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/**
 * Candidate seasonal periods (in steps) for a series sampled every `stepMs`: hourly → 24 (a day)
 * and 168 (a week); daily → 7, or 5 for business-day data (no Saturday or Sunday among `times`);
 * weekly → 52; monthly → 12; quarterly → 4; minutes → steps per hour and per day.
 * Empty when the step is unknown (no date column) or fits none of these.
 * @param times each step's time (ms since 1970 UTC), or null.
 */
export function seasonalPeriods(stepMs: number | null, times: ArrayLike<number> | null): number[] {
  if (stepMs === null || !(stepMs > 0)) return [];
  const near = (target: number, tolerance: number) => Math.abs(stepMs - target) <= tolerance;
  if (stepMs < HOUR && HOUR % stepMs === 0) return [HOUR / stepMs, DAY / stepMs];
  if (near(HOUR, 60_000)) return [24, 168];
  if (near(DAY, HOUR)) return times !== null && businessDays(times) ? [5] : [7];
  if (near(7 * DAY, DAY)) return [52];
  if (stepMs >= 28 * DAY && stepMs <= 31 * DAY) return [12];
  if (stepMs >= 89 * DAY && stepMs <= 92 * DAY) return [4];
  return [];
}

function businessDays(times: ArrayLike<number>): boolean {
  for (let i = 0; i < times.length; i++) {
    const wd = new Date(times[i] as number).getUTCDay();
    if (wd === 0 || wd === 6) return false;
  }
  return times.length > 0;
}

/**
 * The seasonal naive forecast: step h ahead of a window ending at step t is the value at
 * t + h − m·⌈h/m⌉ (the same point one period earlier, repeated for horizons beyond a period).
 * @param series the target `[steps]` in original units.
 * @param ends the index of each window's last observed step `[windows]`.
 * @returns `[windows·horizon]` row-major; NaN where the history is shorter than a period.
 */
export function seasonalNaiveForecast(
  series: ArrayLike<number>,
  ends: ArrayLike<number>,
  options: { period: number; horizon: number },
): Float64Array {
  const { period: m, horizon: H } = options;
  const out = new Float64Array(ends.length * H);
  for (let k = 0; k < ends.length; k++) {
    const t = ends[k] as number;
    for (let h = 1; h <= H; h++) {
      const at = t + h - m * Math.ceil(h / m);
      out[k * H + h - 1] = at >= 0 ? (series[at] as number) : Number.NaN;
    }
  }
  return out;
}

/** MAE over the values whose forecast is a number (NaN when none is). */
export function maeWhereDefined(predicted: ArrayLike<number>, actual: ArrayLike<number>): number {
  let abs = 0;
  let n = 0;
  for (let i = 0; i < actual.length; i++) {
    const p = predicted[i] as number;
    if (Number.isNaN(p)) continue;
    abs += Math.abs(p - (actual[i] as number));
    n++;
  }
  return n === 0 ? Number.NaN : abs / n;
}

/**
 * MAE per step ahead: entry h − 1 averages |predicted − actual| over the windows at step h.
 * @param predicted `[windows·horizon]` row-major.
 */
export function maeByStep(
  predicted: ArrayLike<number>,
  actual: ArrayLike<number>,
  horizon: number,
): number[] {
  const windows = actual.length / horizon;
  const out = new Array<number>(horizon).fill(0);
  for (let k = 0; k < windows; k++) {
    for (let h = 0; h < horizon; h++) {
      const i = k * horizon + h;
      out[h] = (out[h] as number) + Math.abs((predicted[i] as number) - (actual[i] as number));
    }
  }
  return out.map((v) => (windows === 0 ? Number.NaN : v / windows));
}
