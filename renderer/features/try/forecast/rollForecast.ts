/** Forecasting further than the model's horizon: feed each forecast back as the next input row (univariate series only). */
import type { ForecastPrediction } from '../../../../core/tasks/task.ts';

/** The fields of a forecast model's task state the demo reads. */
export interface ForecastStateView {
  columns: string[];
  window: number;
  horizon: number;
  lastRows: number[][];
  /** The best baseline on validation and its forecast of H steps from the series' end (bundles since baselines). */
  endBaseline?: { name: 'naive' | 'seasonal-naive' | 'holt-winters'; values: number[] };
  /** Feature columns known in advance: a forecast needs their next H values. */
  knownFuture?: string[];
  /** The seasonal naive forecast's period, for the baseline's name. */
  baselines?: { seasonalPeriod: number | null };
  /** The prediction interval from the validation errors (models trained since intervals). */
  interval?: { level: number; residuals: number; coverage: number | null };
}

/** A rolled forecast: the values, and the interval bounds of the first request's steps (≤ the horizon). */
export interface RolledForecast {
  values: number[];
  interval?: { level: number; lower: number[]; upper: number[] };
}

/** Reads the forecast fields of a bundle's task state. @throws TypeError for another task's state. */
export function forecastStateOf(state: unknown): ForecastStateView {
  const s = state as Partial<ForecastStateView> | null;
  if (
    s === null ||
    !Array.isArray(s.columns) ||
    !Array.isArray(s.lastRows) ||
    typeof s.window !== 'number' ||
    typeof s.horizon !== 'number'
  ) {
    throw new TypeError('Forecast demo: the model state must be a forecast state, got another.');
  }
  return s as ForecastStateView;
}

/**
 * Forecasts `steps` values ahead from `rows` (the last L rows): one request when `steps` ≤ the
 * horizon; otherwise (univariate only) each forecast's values become input rows for the next.
 * The interval (when the model has one) covers the first request's steps only: a forecast fed
 * back as input carries errors the validation residuals never saw.
 * @throws RangeError when a multivariate series is asked for more than its horizon.
 */
export async function rollForecast(
  rows: readonly (readonly number[])[],
  options: {
    steps: number;
    horizon: number;
    predict: (rows: number[][]) => Promise<ForecastPrediction>;
  },
): Promise<RolledForecast> {
  const { steps, horizon, predict } = options;
  const features = rows[0]?.length ?? 1;
  if (steps > horizon && features > 1) {
    throw new RangeError(
      `rollForecast: steps must be at most the horizon ${horizon} for ${features} input columns, got ${steps}.`,
    );
  }
  const window = rows.length;
  const history = rows.map((r) => [...r]);
  const out: number[] = [];
  let interval: RolledForecast['interval'];
  while (out.length < steps) {
    const p = await predict(history.slice(-window));
    if (out.length === 0 && p.interval !== undefined) {
      const n = Math.min(steps, p.values.length);
      interval = {
        level: p.interval.level,
        lower: p.interval.lower.slice(0, n),
        upper: p.interval.upper.slice(0, n),
      };
    }
    for (const v of p.values) {
      if (out.length < steps) out.push(v);
      history.push([v]);
    }
  }
  return interval === undefined ? { values: out } : { values: out, interval };
}
