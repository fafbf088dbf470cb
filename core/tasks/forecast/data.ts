/** Forecast data: the series from a table, a chronological split, scaling fitted on the training part, and windows of L steps → H targets. */

import { type DerivedColumn, withDerivedColumns } from '../../data/derived.ts';
import type { ReadOptions } from '../../data/readOptions.ts';
import { applyScaler, fitScaler, type ScalerState } from '../../data/scaler.ts';
import { chronologicalSplit } from '../../data/splits.ts';
import { readTable } from '../../data/table.ts';
import { buildSeries, type Series } from '../../data/timeSeries.ts';
import { makeWindows } from '../../data/windows.ts';
import { ConfigError, DatasetError } from '../../errors.ts';
import { chooseColumn } from '../common/text.ts';
import type { RunSpec } from '../spec.ts';

/** Integer year, month and day columns that together make the date. */
export interface DateParts {
  year: string;
  month: string;
  day: string;
}

/** Windows of one part, scaled, with what evaluation needs in original units. */
export interface ForecastWindows {
  /** Scaled inputs [count, L, F] row-major. */
  x: Float32Array;
  /** Training targets [count, H] in scaled units (differences from the last value with predictChanges). */
  y: Float32Array;
  /** The targets [count, H] in original units. */
  actual: Float64Array;
  /** The last observed target of each window [count], original units (the naive forecast). */
  last: Float64Array;
  /** The last observed target of each window [count], scaled. */
  lastScaled: Float32Array;
  count: number;
}

/** A prepared series: columns, a scaler (identity for scaling 'none') and the three parts' windows. */
export interface PreparedSeries {
  series: Series;
  /** The date column, or null when the rows are taken in file order. */
  dateColumn: string | null;
  scaler: ScalerState;
  parts: { train: ForecastWindows; val: ForecastWindows; test: ForecastWindows };
}

/** Identity scaling for `scaling: 'none'` (offset 0, scale 1 per feature). */
export function identityScaler(features: number): ScalerState {
  return {
    kind: 'zscore',
    offset: new Array(features).fill(0),
    scale: new Array(features).fill(1),
  };
}

/**
 * Reads the target, feature and date columns into a series (sorted by date, missing values
 * forward-filled or dropped as the spec says). Derived columns are computed first, so the target
 * and the features may name them.
 * @throws ConfigError when no target column is named or suggested; DatasetError from the readers
 *   and from {@link withDerivedColumns}.
 */
export async function readForecastSeries(
  bytes: Uint8Array,
  options: {
    fileName: string;
    /** How to read the file (spec.data.reading). */
    reading: ReadOptions | undefined;
    target: string | undefined;
    features: readonly string[] | undefined;
    /** The date column; null for none; undefined to take inspection's suggestion. */
    date: string | null | undefined;
    /** Year/month/day columns (used when `date` is null). */
    dateParts?: DateParts | null;
    missing: 'forward-fill' | 'drop' | undefined;
    /** Columns computed from others before the series is read (spec.data.derivedColumns). */
    derived?: readonly DerivedColumn[] | undefined;
  },
): Promise<{ series: Series; dateColumn: string | null; dateParts: DateParts | null }> {
  const read = await readTable(bytes, { fileName: options.fileName, reading: options.reading });
  const { inspection } = read;
  const table = withDerivedColumns(read.table, options.derived ?? []);
  const target = chooseColumn('forecast', 'targetColumn', options.target, inspection.roles.target);
  const features = (options.features ?? inspection.roles.features ?? []).filter(
    (f) => f !== target,
  );
  const explicit = options.date !== undefined;
  const date = explicit ? (options.date ?? null) : (inspection.roles.date ?? null);
  const parts =
    date !== null
      ? null
      : explicit
        ? (options.dateParts ?? null)
        : (inspection.roles.dateParts ?? null);
  const series = buildSeries(
    table,
    {
      target,
      features,
      ...(date !== null ? { date } : {}),
      // A time-of-day column beside the suggested date makes one timestamp with it.
      ...(date !== null && date === inspection.roles.date && inspection.roles.time !== undefined
        ? { time: inspection.roles.time }
        : {}),
      ...(parts !== null ? { dateParts: parts } : {}),
    },
    { missing: options.missing === 'drop' ? 'drop' : 'ffill' },
  );
  return { series, dateColumn: date, dateParts: parts };
}

/**
 * Windows of `window` steps followed by `horizon` targets over steps [from, to), scaled.
 * @throws ConfigError from makeWindows for bad sizes.
 */
export function windowsOf(
  raw: Float32Array,
  scaled: Float32Array,
  options: {
    features: number;
    window: number;
    horizon: number;
    from: number;
    to: number;
    predictChanges: boolean;
  },
): ForecastWindows {
  const { features, window, horizon } = options;
  const common = {
    features,
    window,
    horizon,
    stride: 1,
    target: 0,
    from: options.from,
    to: options.to,
  };
  const s = makeWindows(scaled, common);
  const r = makeWindows(raw, common);
  const last = new Float64Array(s.count);
  const lastScaled = new Float32Array(s.count);
  for (let k = 0; k < s.count; k++) {
    const at = (k * window + window - 1) * features;
    last[k] = r.x[at] as number;
    lastScaled[k] = s.x[at] as number;
    if (options.predictChanges) {
      for (let h = 0; h < horizon; h++) s.y[k * horizon + h] -= lastScaled[k] as number;
    }
  }
  return { x: s.x, y: s.y, actual: Float64Array.from(r.y), last, lastScaled, count: s.count };
}

/**
 * Splits a series chronologically (train | val | test by the spec's fractions), fits the scaler
 * on the training steps only, and cuts each part into windows. A validation or test window may
 * read its L input steps from the part before it (that history is known at forecast time); its
 * targets always lie inside the part.
 * @throws ConfigError when the training part holds no complete window.
 */
export function prepareSeries(
  series: Series,
  spec: RunSpec,
  options: { window: number; horizon: number; dateColumn: string | null },
): PreparedSeries {
  const { window, horizon } = options;
  const split = chronologicalSplit(series.steps, {
    valFraction: spec.train.valSplit,
    testFraction: spec.train.testSplit,
  });
  const trainEnd = split.train.length;
  const valEnd = trainEnd + split.val.length;
  if (trainEnd < window + horizon) {
    throw new ConfigError(
      `forecast: the training part must hold at least window + horizon = ${window + horizon} steps, got ${trainEnd}. Use a shorter window or more data.`,
    );
  }
  const scaling = spec.data.scaling ?? 'zscore';
  const scaler =
    scaling === 'none'
      ? identityScaler(series.features)
      : fitScaler(series.values, { kind: scaling, features: series.features, fitSteps: trainEnd });
  const scaled = applyScaler(scaler, series.values);
  const predictChanges = spec.data.predictChanges ?? false;
  const part = (from: number, to: number) =>
    windowsOf(series.values, scaled, {
      features: series.features,
      window,
      horizon,
      from: Math.max(0, from),
      to,
      predictChanges,
    });
  return {
    series,
    dateColumn: options.dateColumn,
    scaler,
    parts: {
      train: part(0, trainEnd),
      val: part(trainEnd - window, valEnd),
      test: part(valEnd - window, series.steps),
    },
  };
}

/**
 * Checks a user-supplied window `[L][features]` and scales it.
 * @throws DatasetError ('format') for the wrong number of rows or values, or a value that is not a finite number.
 */
export function scaleRows(
  rows: readonly (readonly number[])[],
  options: { window: number; columns: readonly string[]; scaler: ScalerState },
): Float32Array {
  const { window, columns, scaler } = options;
  if (rows.length !== window) {
    throw new DatasetError(
      `forecast: the input must have the last ${window} rows, got ${rows.length}.`,
      'format',
    );
  }
  const raw = new Float32Array(window * columns.length);
  rows.forEach((row, t) => {
    if (row.length !== columns.length) {
      throw new DatasetError(
        `forecast: row ${t + 1} must have ${columns.length} values (${columns.join(', ')}), got ${row.length}.`,
        'format',
      );
    }
    row.forEach((v, f) => {
      if (!Number.isFinite(v)) {
        throw new DatasetError(
          `forecast: row ${t + 1}, column '${columns[f]}' must be a number, got ${String(v)}.`,
          'format',
        );
      }
      raw[t * columns.length + f] = v;
    });
  });
  return applyScaler(scaler, raw);
}
