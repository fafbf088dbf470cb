/** The classical baseline: additive Holt-Winters exponential smoothing with a damped trend (ETS(A,Ad,A); ETS(A,Ad,N) without a season), parameters chosen by the error over the forecast horizon on the training part, forecasts from every window's end. */

/** Smoothing parameters and the season length (0 for none). */
export interface HoltWintersParams {
  alpha: number;
  beta: number;
  gamma: number;
  /** Trend damping φ: an h-step forecast adds (φ + … + φʰ)·trend. */
  phi: number;
  period: number;
}

const ALPHAS = [0.05, 0.2, 0.4, 0.6, 0.8, 1];
const BETAS = [0, 0.02, 0.1, 0.3];
const GAMMAS = [0.05, 0.2, 0.5];
const PHIS = [0.9, 0.98];

/**
 * Steps at the end of the training part the parameters are chosen on: the grid filters them once
 * per candidate (144 with a season), which over a whole long series (900,000 hourly steps) took
 * seconds before the first training step; the latest 20,000 steps hold ~2,000 origins anyway.
 */
export const FIT_STEPS = 20_000;

/** Level, trend and seasonal states after each step (seasonal state indexed by step). */
interface Filtered {
  level: Float64Array;
  trend: Float64Array;
  season: Float64Array;
}

/**
 * Runs the smoothing recursions over `y[0 … upTo)` and calls `visit` after each step with the
 * step's level and trend and the seasonal states of the last m steps (`seasons[i mod m]` holds
 * step i's): ℓₜ = α(yₜ − sₜ₋ₘ) + (1 − α)(ℓₜ₋₁ + φbₜ₋₁); bₜ = β(ℓₜ − ℓₜ₋₁) + (1 − β)φbₜ₋₁;
 * sₜ = γ(yₜ − ℓₜ) + (1 − γ)sₜ₋ₘ (Hyndman & Athanasopoulos, FPP3 §8.3, with β the trend's own
 * smoothing weight). Initial states: the first season's mean, the mean change between the first
 * two seasons (0 without a season), and the first season's deviations. Only m seasonal states are
 * kept, so forecasting from every step of a long series costs no array as long as the series.
 */
function smooth(
  y: ArrayLike<number>,
  p: HoltWintersParams,
  upTo: number,
  visit: (t: number, level: number, trend: number, seasons: Float64Array) => void,
): void {
  const n = y.length;
  const m = p.period;
  const seasons = new Float64Array(Math.max(1, m));
  const init = Math.max(1, m);
  let l0 = 0;
  for (let t = 0; t < init; t++) l0 += y[t] as number;
  l0 /= init;
  let b0 = 0;
  if (m > 0 && n >= 2 * m) {
    let second = 0;
    for (let t = m; t < 2 * m; t++) second += y[t] as number;
    b0 = (second / m - l0) / m;
  }
  let l = l0;
  let b = b0;
  for (let t = 0; t < upTo; t++) {
    const sPrev = m > 0 ? (t < m ? (y[t] as number) - l0 : (seasons[t % m] as number)) : 0;
    if (m > 0 && t < m) {
      // The first season only seeds the seasonal states.
      seasons[t] = sPrev;
      visit(t, l, b, seasons);
      continue;
    }
    const lNew = p.alpha * ((y[t] as number) - sPrev) + (1 - p.alpha) * (l + p.phi * b);
    b = p.beta * (lNew - l) + (1 - p.beta) * p.phi * b;
    l = lNew;
    if (m > 0) seasons[t % m] = p.gamma * ((y[t] as number) - l) + (1 - p.gamma) * sPrev;
    visit(t, l, b, seasons);
  }
}

/** The states after every step of `y` (seasonal state indexed by step), for the parameter search. */
function filter(y: ArrayLike<number>, p: HoltWintersParams): Filtered {
  const n = y.length;
  const level = new Float64Array(n);
  const trend = new Float64Array(n);
  const season = new Float64Array(n);
  const m = p.period;
  smooth(y, p, n, (t, l, b, seasons) => {
    level[t] = l;
    trend[t] = b;
    season[t] = m > 0 ? (seasons[t % m] as number) : 0;
  });
  return { level, trend, season };
}

/** φ + φ² + … + φʰ: how much of the trend an h-step forecast adds. */
function damping(phi: number, h: number): number {
  let damp = 0;
  let pw = 1;
  for (let i = 1; i <= h; i++) {
    pw *= phi;
    damp += pw;
  }
  return damp;
}

function forecastAt(f: Filtered, t: number, h: number, p: HoltWintersParams): number {
  const damp = damping(p.phi, h);
  const m = p.period;
  const s = m > 0 ? (f.season[t + h - m * Math.ceil(h / m)] as number) : 0;
  return (f.level[t] as number) + damp * (f.trend[t] as number) + s;
}

/**
 * Chooses α, β, γ, φ on a small grid by the mean absolute error of the 1…`horizon`-step forecasts
 * from every origin after the first two seasons (or the first 10 steps without a season). Scoring
 * the whole horizon matters: by one-step error alone α = 1 wins on smooth series, and with α = 1
 * the seasonal states never move from their first season.
 * @param series the training part of the target, original units; the parameters are chosen on
 *   its last {@link FIT_STEPS} steps (at least six seasons).
 * @param period the season length, or 0 for none; dropped to 0 when `series` holds fewer than 3 seasons.
 */
export function fitHoltWinters(
  series: ArrayLike<number>,
  period: number,
  horizon = 1,
): HoltWintersParams {
  const keep = Math.max(FIT_STEPS, 6 * period);
  const y: ArrayLike<number> =
    series.length > keep ? Array.prototype.slice.call(series, series.length - keep) : series;
  const m = period > 0 && y.length >= 3 * period ? period : 0;
  const from = m > 0 ? 2 * m : Math.min(10, y.length - 1);
  // NOTE: at most ~2,000 origins are scored (evenly spaced) so long hourly series stay fast.
  const stride = Math.max(1, Math.floor((y.length - from) / 2000));
  let best: HoltWintersParams = { alpha: 1, beta: 0, gamma: 0, phi: 0.98, period: m };
  let bestErr = Number.POSITIVE_INFINITY;
  for (const alpha of ALPHAS)
    for (const beta of BETAS)
      for (const gamma of m > 0 ? GAMMAS : [0])
        for (const phi of PHIS) {
          const p = { alpha, beta, gamma, phi, period: m };
          const f = filter(y, p);
          let err = 0;
          for (let t = from; t + horizon <= y.length; t += stride) {
            for (let h = 1; h <= horizon; h++) {
              err += Math.abs(forecastAt(f, t - 1, h, p) - (y[t - 1 + h] as number));
            }
          }
          if (err < bestErr) {
            bestErr = err;
            best = p;
          }
        }
  return best;
}

/**
 * Forecasts `horizon` steps from the end of every window with fixed parameters, running the
 * recursions once up to the last end (the states at step t use only steps ≤ t; only m seasonal
 * states are held, whatever the series' length).
 * @param series the target `[steps]` in original units.
 * @param ends the index of each window's last observed step.
 * @returns `[windows·horizon]` row-major; NaN where a window ends inside the first season.
 */
export function holtWintersForecast(
  series: ArrayLike<number>,
  ends: ArrayLike<number>,
  options: { params: HoltWintersParams; horizon: number },
): Float64Array {
  const { params: p, horizon: H } = options;
  const m = p.period;
  const out = new Float64Array(ends.length * H);
  // NOTE: the windows in order of their ends, so one pass of the recursions serves them all.
  const order = Int32Array.from({ length: ends.length }, (_, k) => k);
  let ascending = true;
  let last = -1;
  for (let k = 0; k < ends.length; k++) {
    ascending &&= (ends[k] as number) >= (ends[k - 1] ?? 0);
    last = Math.max(last, ends[k] as number);
  }
  if (!ascending) order.sort((a, b) => (ends[a] as number) - (ends[b] as number));
  const damp = Float64Array.from({ length: H }, (_, i) => damping(p.phi, i + 1));
  let next = 0;
  smooth(series, p, last + 1, (t, level, trend, seasons) => {
    for (; next < order.length && ends[order[next] as number] === t; next++) {
      const k = order[next] as number;
      for (let h = 1; h <= H; h++) {
        const s = m > 0 ? (seasons[(t + h - m * Math.ceil(h / m)) % m] as number) : 0;
        out[k * H + h - 1] = t < m ? Number.NaN : level + (damp[h - 1] as number) * trend + s;
      }
    }
  });
  return out;
}
