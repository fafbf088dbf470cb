/** Which scale-free forecast error applies: MAPE where the actual values stay away from zero, MASE otherwise (a percentage of a value near zero is huge or undefined, and crossing zero flips its meaning). */
import { forecastErrors } from './forecast.ts';

/** The smallest share of the mean magnitude an actual value may have for MAPE to apply. */
export const MAPE_MIN_SHARE = 0.1;

/**
 * True when every actual value has the same sign and none lies closer to zero than
 * {@link MAPE_MIN_SHARE} of their mean magnitude: then a percentage error means the same
 * everywhere (Hyndman & Koehler 2006, §3.2: MAPE is infinite or undefined at zero actuals and
 * heavily skewed near them).
 */
export function awayFromZero(actual: ArrayLike<number>): boolean {
  if (actual.length === 0) return false;
  let positive = 0;
  let magnitude = 0;
  let smallest = Number.POSITIVE_INFINITY;
  for (let i = 0; i < actual.length; i++) {
    const a = actual[i] as number;
    if (a > 0) positive++;
    magnitude += Math.abs(a);
    smallest = Math.min(smallest, Math.abs(a));
  }
  const oneSign = positive === 0 || positive === actual.length;
  return oneSign && smallest > 0 && smallest >= (MAPE_MIN_SHARE * magnitude) / actual.length;
}

/**
 * The scale-free errors of a forecast and of the naive forecast on the same actuals:
 * `mape`/`naiveMape` (percent) where {@link awayFromZero}, else `mase`/`naiveMase` — the MAE
 * divided by `scaleMae`, the naive last-value forecast's MAE on the training part
 * (Hyndman & Koehler 2006, eq. 6; below 1 beats that naive forecast). A zero scale gives NaN.
 * @throws ConfigError from {@link forecastErrors} for mismatched or empty arrays.
 */
export function scaleFreeErrors(
  forecasts: { model: ArrayLike<number>; naive: ArrayLike<number> },
  actual: ArrayLike<number>,
  scaleMae: number,
): Record<string, number> {
  const model = forecastErrors(forecasts.model, actual);
  const naive = forecastErrors(forecasts.naive, actual);
  if (awayFromZero(actual)) return { mape: model.mape, naiveMape: naive.mape };
  const scaled = (mae: number) => (scaleMae > 0 ? mae / scaleMae : Number.NaN);
  return { mase: scaled(model.mae), naiveMase: scaled(naive.mae) };
}
