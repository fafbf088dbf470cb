/** Forecast data: the series from a table, a chronological split, scaling fitted on the training part, and windows of L steps → H targets. */

import type { FileBytes } from '../../data/byteSource.ts';
import { type DerivedColumn, withDerivedColumns } from '../../data/derived.ts';
import type { Inspection } from '../../data/inspect.ts';
import type { ReadOptions } from '../../data/readOptions.ts';
import { inspectForReading } from '../../data/recordStream.ts';
import { applyScaler, fitScaler, type ScalerState } from '../../data/scaler.ts';
import type { SeriesRanges } from '../../data/seriesRanges.ts';
import { streamSeriesSource } from '../../data/seriesStream.ts';
import { chronologicalSizes } from '../../data/splits.ts';
import { readTable } from '../../data/table.ts';
import { buildSeries, type Series } from '../../data/timeSeries.ts';
import { ConfigError, DatasetError } from '../../errors.ts';
import { chooseColumn } from '../common/text.ts';
import type { RunSpec } from '../spec.ts';
import { chooseTargetMode, type TargetModeChoice } from './chooseTargetMode.ts';
import { requestedTargetMode, type TargetMode, type TargetModeSetting } from './targetMode.ts';
import { type ForecastWindows, windowsOf } from './windows.ts';

/** Integer year, month and day columns that together make the date. */
export interface DateParts {
  year: string;
  month: string;
  day: string;
}

/** A prepared series: a scaler (identity for scaling 'none'), the target column and the three parts' windows. */
export interface PreparedSeries {
  /** The target column in original units `[steps]` (the windows' actuals and the baselines read it). */
  target: Float32Array;
  /** The date column, or null when the rows are taken in file order. */
  dateColumn: string | null;
  scaler: ScalerState;
  parts: { train: ForecastWindows; val: ForecastWindows; test: ForecastWindows };
  /** The target mode in use, what the spec asked for, and the automatic choice's evidence. */
  targetMode: TargetMode;
  targetModeSetting: TargetModeSetting;
  choice: TargetModeChoice | null;
  /** Where the training and validation parts end (steps). */
  trainEnd: number;
  valEnd: number;
}

/** Identity scaling for `scaling: 'none'` (offset 0, scale 1 per feature). */
export function identityScaler(features: number): ScalerState {
  return {
    kind: 'zscore',
    offset: new Array(features).fill(0),
    scale: new Array(features).fill(1),
  };
}

/** The target, feature and date columns: the spec's, else inspection's suggestion. */
function seriesColumns(
  inspection: Inspection,
  options: {
    target: string | undefined;
    features: readonly string[] | undefined;
    date: string | null | undefined;
    dateParts?: DateParts | null;
  },
) {
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
  // A time-of-day column beside the suggested date makes one timestamp with it.
  const time = date !== null && date === inspection.roles.date ? inspection.roles.time : undefined;
  return { target, features, date, time, parts };
}

/**
 * The file columns the series reads as numbers and as dates, or null when a name is neither in the
 * file nor derived, or a derived column's name is taken: then the whole table is read, so the
 * messages list every column.
 */
function streamPlan(
  inspection: Inspection,
  chosen: ReturnType<typeof seriesColumns>,
  derived: readonly DerivedColumn[],
): { numeric: string[]; dates: string[]; times: string[] } | null {
  const inFile = new Set(inspection.columns.map((c) => c.name));
  const known = new Set(inFile);
  for (const d of derived) {
    if (known.has(d.name) || !known.has(d.left) || !known.has(d.right)) return null;
    known.add(d.name);
  }
  const numeric = [
    chosen.target,
    ...chosen.features,
    ...(chosen.parts !== null ? [chosen.parts.year, chosen.parts.month, chosen.parts.day] : []),
  ];
  const dates = chosen.date !== null ? [chosen.date] : [];
  const times = chosen.time !== undefined ? [chosen.time] : [];
  if ([...numeric, ...dates, ...times].some((w) => !known.has(w))) return null;
  const sources = derived.flatMap((d) => [d.left, d.right]);
  return { numeric: [...numeric, ...sources].filter((w) => inFile.has(w)), dates, times };
}

/**
 * Reads the target, feature and date columns into a series (sorted by date, missing values
 * forward-filled or dropped as the spec says). Derived columns are computed first, so the target
 * and the features may name them.
 * @throws ConfigError when no target column is named or suggested; DatasetError from the readers
 *   and from {@link withDerivedColumns}.
 */
export async function readForecastSeries(
  bytes: FileBytes,
  options: {
    fileName: string;
    /** How to read the file (spec.data.reading). */
    reading: ReadOptions | undefined;
    /** The file's inspection with those options, when the host already made it. */
    inspection?: Inspection | undefined;
    target: string | undefined;
    features: readonly string[] | undefined;
    /** The date column; null for none; undefined to take inspection's suggestion. */
    date: string | null | undefined;
    /** Year/month/day columns (used when `date` is null). */
    dateParts?: DateParts | null;
    missing: 'forward-fill' | 'drop' | undefined;
    /** Columns computed from others before the series is read (spec.data.derivedColumns). */
    derived?: readonly DerivedColumn[] | undefined;
    /** The host's second thread for a big file (PrepareInput.seriesRanges). */
    ranges?: SeriesRanges | undefined;
  },
): Promise<{
  series: Series;
  dateColumn: string | null;
  timeColumn: string | null;
  dateParts: DateParts | null;
}> {
  const { fileName, reading } = options;
  const derived = options.derived ?? [];
  const inspection = options.inspection ?? (await inspectForReading(bytes, { fileName, reading }));
  const chosen = seriesColumns(inspection, options);
  const plan = streamPlan(inspection, chosen, derived);
  const source =
    plan === null
      ? withDerivedColumns((await readTable(bytes, { fileName, reading })).table, derived)
      : await streamSeriesSource(bytes, inspection, {
          fileName,
          reading,
          ...plan,
          derived,
          ranges: options.ranges,
        });
  const { target, features, date, time, parts } = chosen;
  const series = buildSeries(
    source,
    {
      target,
      features,
      ...(date !== null ? { date } : {}),
      ...(time !== undefined ? { time } : {}),
      ...(parts !== null ? { dateParts: parts } : {}),
    },
    { missing: options.missing === 'drop' ? 'drop' : 'ffill' },
  );
  return { series, dateColumn: date, timeColumn: time ?? null, dateParts: parts };
}

/**
 * Column indices of the known-future columns among the series' columns (features only, never the
 * target at 0).
 * @throws ConfigError naming a column that is not a feature column.
 */
export function knownColumnIndices(columns: readonly string[], known: readonly string[]): number[] {
  return known.map((name) => {
    const i = columns.indexOf(name);
    if (i < 1) {
      throw new ConfigError(
        `forecast: a known-future column must be one of the feature columns (${columns.slice(1).join(', ') || 'none'}), got '${name}'.`,
      );
    }
    return i;
  });
}

/** The target column `[steps]` of a row-major `[steps, features]` series. */
export function targetColumn(values: Float32Array, features: number): Float32Array {
  const out = new Float32Array(values.length / features);
  for (let t = 0; t < out.length; t++) out[t] = values[t * features] as number;
  return out;
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
  options: {
    window: number;
    horizon: number;
    dateColumn: string | null;
    /** Column indices of the known-future features. */
    known?: readonly number[];
  },
): PreparedSeries {
  const { window, horizon } = options;
  const split = chronologicalSizes(series.steps, {
    valFraction: spec.train.valSplit,
    testFraction: spec.train.testSplit,
  });
  const trainEnd = split.train;
  const valEnd = trainEnd + split.val;
  if (trainEnd < window + horizon) {
    throw new ConfigError(
      `forecast: the training part must hold at least window + horizon = ${window + horizon} steps, got ${trainEnd}. Use a shorter window or more data.`,
      'config',
      { key: 'forecast-train-too-short', params: { needed: window + horizon, got: trainEnd } },
    );
  }
  const scaling = spec.data.scaling ?? 'zscore';
  const scaler =
    scaling === 'none'
      ? identityScaler(series.features)
      : fitScaler(series.values, { kind: scaling, features: series.features, fitSteps: trainEnd });
  const scaled = applyScaler(scaler, series.values);
  const setting = requestedTargetMode(spec.data);
  const choice =
    setting === 'auto'
      ? chooseTargetMode(targetColumn(scaled, series.features), {
          window,
          horizon,
          trainEnd,
          valEnd,
          scale: scaler.scale[0] as number,
        })
      : null;
  const targetMode = choice?.mode ?? (setting as TargetMode);
  const target = targetColumn(series.values, series.features);
  const part = (from: number, to: number) =>
    windowsOf(target, scaled, {
      features: series.features,
      window,
      horizon,
      from: Math.max(0, from),
      to,
      targetMode,
      known: options.known ?? [],
    });
  return {
    target,
    dateColumn: options.dateColumn,
    scaler,
    parts: {
      train: part(0, trainEnd),
      val: part(trainEnd - window, valEnd),
      test: part(valEnd - window, series.steps),
    },
    targetMode,
    targetModeSetting: setting,
    choice,
    trainEnd,
    valEnd,
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
