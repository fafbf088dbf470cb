/** Forecast data: the series from a table, a chronological split, scaling fitted on the training part, and windows of L steps → H targets. */

import { type DerivedColumn, withDerivedColumns } from '../../data/derived.ts';
import type { Inspection } from '../../data/inspect.ts';
import type { ReadOptions } from '../../data/readOptions.ts';
import { inspectForReading } from '../../data/recordStream.ts';
import { applyScaler, fitScaler, type ScalerState } from '../../data/scaler.ts';
import { streamSeriesSource } from '../../data/seriesStream.ts';
import { chronologicalSplit } from '../../data/splits.ts';
import { readTable } from '../../data/table.ts';
import { buildSeries, type Series } from '../../data/timeSeries.ts';
import { windowStart, windowTarget, windowView } from '../../data/windows.ts';
import { ConfigError, DatasetError } from '../../errors.ts';
import { chooseColumn } from '../common/text.ts';
import type { RunSpec } from '../spec.ts';
import { chooseTargetMode, type TargetModeChoice } from './chooseTargetMode.ts';
import {
  requestedTargetMode,
  type TargetMode,
  type TargetModeSetting,
  toModelUnits,
  windowFrame,
} from './targetMode.ts';

/** Integer year, month and day columns that together make the date. */
export interface DateParts {
  year: string;
  month: string;
  day: string;
}

/** Windows of one part, scaled, with what evaluation needs in original units. */
export interface ForecastWindows {
  /**
   * The scaled series [steps, F] the windows read their inputs from (shared by the parts, never
   * copied): window k's inputs are rows from + k … from + k + L − 1 (before the target mode's
   * per-window input transform); see {@link windowInputs}.
   */
  scaled: Float32Array;
  /** The first step of window 0. */
  from: number;
  /** Training targets [count, H] in the target mode's units (see targetMode.ts). */
  y: Float32Array;
  /** The targets [count, H] in original units. */
  actual: Float64Array;
  /** The last observed target of each window [count], original units (the naive forecast). */
  last: Float64Array;
  /** Each window's frame: scaled target = model output · spread + base [count]. */
  base: Float32Array;
  spread: Float32Array;
  /** The series index of each window's last observed step [count] (for the baselines). */
  ends: Int32Array;
  /** Known-future columns' scaled values at the H forecast steps [count, H, K] (empty when K = 0). */
  future: Float32Array;
  count: number;
}

/** A prepared series: columns, a scaler (identity for scaling 'none') and the three parts' windows. */
export interface PreparedSeries {
  series: Series;
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
  bytes: Uint8Array,
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
      : await streamSeriesSource(bytes, inspection, { fileName, reading, ...plan, derived });
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
 * Windows of `window` steps followed by `horizon` targets over steps [from, to), scaled.
 * @throws ConfigError from windowView for bad sizes.
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
    targetMode: TargetMode;
    /** Column indices of the known-future features (default none). */
    known?: readonly number[];
  },
): ForecastWindows {
  const { features: F, window: L, horizon: H } = options;
  // NOTE: window k's inputs are the L rows from its start, contiguous in the row-major series, so
  // they are read from `scaled` where they lie instead of being copied out (that copy was L× the series).
  const view = windowView(scaled, {
    features: F,
    window: L,
    horizon: H,
    stride: 1,
    target: 0,
    from: options.from,
    to: options.to,
  });
  const count = view.count;
  const starts = Int32Array.from({ length: count }, (_, k) => windowStart(view, k));
  const y = new Float32Array(count * H);
  const actual = new Float64Array(count * H);
  const last = new Float64Array(count);
  const base = new Float32Array(count);
  const spread = new Float32Array(count);
  const ends = new Int32Array(count);
  for (let k = 0; k < count; k++) {
    const start = starts[k] as number;
    last[k] = raw[(start + L - 1) * F] as number;
    ends[k] = start + L - 1;
    const frame = windowFrame(options.targetMode, scaled, start * F, L, F);
    base[k] = frame.base;
    spread[k] = frame.spread;
    for (let h = 0; h < H; h++) {
      const i = k * H + h;
      actual[i] = raw[(start + L + h) * F] as number;
      y[i] = toModelUnits(windowTarget(view, k, h), frame);
    }
  }
  const future = futureValues(scaled, starts, { ...options, known: options.known ?? [] });
  return { scaled, from: view.from, y, actual, last, base, spread, ends, future, count };
}

/** Window `k`'s scaled inputs [L, F]: a view into the part's series, not a copy. */
export function windowInputs(
  w: ForecastWindows,
  k: number,
  window: number,
  features: number,
): Float32Array {
  const start = (w.from + k) * features;
  return w.scaled.subarray(start, start + window * features);
}

/** The known columns' values at the H steps after each window [count, H, K] (scaled). */
function futureValues(
  scaled: Float32Array,
  starts: Int32Array,
  options: { features: number; window: number; horizon: number; known: readonly number[] },
): Float32Array {
  const { features: F, window: L, horizon: H, known } = options;
  const K = known.length;
  const out = new Float32Array(starts.length * H * K);
  starts.forEach((start, k) => {
    for (let h = 0; h < H; h++) {
      for (let j = 0; j < K; j++) {
        out[(k * H + h) * K + j] = scaled[(start + L + h) * F + (known[j] as number)] as number;
      }
    }
  });
  return out;
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
  const split = chronologicalSplit(series.steps, {
    valFraction: spec.train.valSplit,
    testFraction: spec.train.testSplit,
  });
  const trainEnd = split.train.length;
  const valEnd = trainEnd + split.val.length;
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
  const part = (from: number, to: number) =>
    windowsOf(series.values, scaled, {
      features: series.features,
      window,
      horizon,
      from: Math.max(0, from),
      to,
      targetMode,
      known: options.known ?? [],
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
