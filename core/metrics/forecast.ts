/** Forecast metrics: MAE, RMSE and MAPE of predictions, and the same for the naive last-value forecast. */
import { ConfigError } from '../errors.ts';

/** Errors of a forecast, in the units of the values passed in. */
export interface ForecastErrors {
  /** Mean absolute error. */
  mae: number;
  /** Root mean squared error. */
  rmse: number;
  /**
   * Mean absolute percentage error in percent over the actual values that are not zero
   * (a zero actual has no defined percentage error and is skipped); NaN when every actual is zero.
   */
  mape: number;
  /** Values compared. */
  count: number;
  /** Values left out of MAPE because the actual was zero. */
  mapeSkipped: number;
}

/**
 * MAE, RMSE and MAPE of `predicted` against `actual` (flat, same length; [windows·horizon] row-major).
 * Sums in float64.
 * @throws ConfigError when the lengths differ or are zero.
 */
export function forecastErrors(
  predicted: ArrayLike<number>,
  actual: ArrayLike<number>,
): ForecastErrors {
  if (predicted.length !== actual.length) {
    throw new ConfigError(
      `forecastErrors: predicted must have ${actual.length} values like actual, got ${predicted.length}.`,
    );
  }
  if (actual.length === 0) {
    throw new ConfigError('forecastErrors: actual must hold at least 1 value, got 0.');
  }
  let abs = 0;
  let sq = 0;
  let pct = 0;
  let pctCount = 0;
  for (let i = 0; i < actual.length; i++) {
    const a = actual[i] as number;
    const e = (predicted[i] as number) - a;
    abs += Math.abs(e);
    sq += e * e;
    if (a !== 0) {
      pct += Math.abs(e / a);
      pctCount++;
    }
  }
  const n = actual.length;
  return {
    mae: abs / n,
    rmse: Math.sqrt(sq / n),
    mape: pctCount === 0 ? Number.NaN : (100 * pct) / pctCount,
    count: n,
    mapeSkipped: n - pctCount,
  };
}

/**
 * The naive forecast: every one of the H future steps equals the last observed value.
 * @param lastValues the last value of each window, [windows].
 * @returns [windows·horizon] row-major.
 */
export function naiveForecast(lastValues: ArrayLike<number>, horizon: number): Float64Array {
  if (!Number.isInteger(horizon) || horizon < 1) {
    throw new ConfigError(`naiveForecast: horizon must be an integer ≥ 1, got ${horizon}.`);
  }
  const out = new Float64Array(lastValues.length * horizon);
  for (let w = 0; w < lastValues.length; w++)
    out.fill(lastValues[w] as number, w * horizon, (w + 1) * horizon);
  return out;
}

/** A model's errors next to the naive last-value forecast's on the same targets. */
export interface ForecastReport extends ForecastErrors {
  naiveMae: number;
  naiveRmse: number;
  naiveMape: number;
}

/**
 * Scores a forecast and the naive last-value forecast on the same targets, in original units.
 * @param predicted [windows·horizon] row-major.
 * @param actual [windows·horizon] row-major.
 * @param lastValues the last observed target value of each window, [windows].
 * @throws ConfigError when the lengths do not agree.
 */
export function forecastReport(
  predicted: ArrayLike<number>,
  actual: ArrayLike<number>,
  lastValues: ArrayLike<number>,
): ForecastReport {
  const horizon = lastValues.length === 0 ? 0 : actual.length / lastValues.length;
  if (!Number.isInteger(horizon) || horizon < 1) {
    throw new ConfigError(
      `forecastReport: actual.length must be a positive multiple of lastValues.length ${lastValues.length}, got ${actual.length}.`,
    );
  }
  const model = forecastErrors(predicted, actual);
  const naive = forecastErrors(naiveForecast(lastValues, horizon), actual);
  return { ...model, naiveMae: naive.mae, naiveRmse: naive.rmse, naiveMape: naive.mape };
}
