/** The forecast task: time-ordered numeric columns → windows of L steps → recurrent → H values; MAE, RMSE, and MAPE (actuals away from zero) or MASE, next to the naive last-value forecast. */
import { z } from 'zod';
import { derivedColumnSchema } from '../../data/derived.ts';
import { applyScaler, type ScalerState } from '../../data/scaler.ts';
import { DatasetError } from '../../errors.ts';
import { fitHoltWinters } from '../../metrics/holtWinters.ts';
import { mse } from '../../nn/losses.ts';
import { Random } from '../../random.ts';
import { noGrad } from '../../tensor/autograd.ts';
import { Tensor } from '../../tensor/tensor.ts';
import type { EvaluationProgress } from '../common/batching.ts';
import { checkTaskKind, checkWeightsFit, restoredTask } from '../common/lifecycle.ts';
import { parseState } from '../common/schemas.ts';
import type { ForecastOutcome } from '../forecastOutcome.ts';
import type { RunSpec } from '../spec.ts';
import type {
  EvaluationReport,
  ForecastPrediction,
  PredictInput,
  PreparedTask,
  RestoredTask,
  SplitName,
  TaskDefinition,
  TaskState,
} from '../task.ts';
import {
  type BaselineForecasts,
  baselineForecasts,
  endBaselineForecast,
  type FittedBaselines,
  fitBaselines,
  fittedBaselinesSchema,
  lossWarning,
  seasonalCandidates,
} from './baselines.ts';
import {
  knownColumnIndices,
  prepareSeries,
  readForecastSeries,
  scaleRows,
  targetColumn,
} from './data.ts';
import { DEFAULT_HORIZON, DEFAULT_WINDOW, describeForecaster } from './describe.ts';
import { forecastPart, naiveBaseline, naiveMaeOf, partReport, toOriginal } from './evaluate.ts';
import { fitInterval, predictionIntervalSchema } from './interval.ts';
import { ForecastModel } from './model.ts';
import { type PartForecasts, PredictionCache } from './predictionCache.ts';
import { modelInputs, type TargetMode, windowFrame } from './targetMode.ts';
import {
  actualsOf,
  batchOf,
  type ForecastBatch,
  type ForecastWindows,
  windowsOf,
} from './windows.ts';

export type { ForecastBatch } from './windows.ts';

export { DEFAULT_HORIZON, DEFAULT_WINDOW };

/** The forecast task state saved beside the weights. */
export const forecastStateSchema = z
  .object({
    kind: z.literal('forecast'),
    /** Column names in model input order, the target first. */
    columns: z.array(z.string()).min(1),
    /** Columns computed from others before reading the series (absent in bundles before derived columns). */
    derived: z.array(derivedColumnSchema).optional(),
    /** Feature columns known in advance: the head also reads their values at the H forecast steps (absent: none). */
    knownFuture: z.array(z.string()).optional(),
    /** The date column rows were sorted by, or null for file order. */
    dateColumn: z.string().nullable(),
    /** A time-of-day column (`18.00.00`) added to the date to make one timestamp (absent: none). */
    timeColumn: z.string().optional(),
    /** Year/month/day columns the rows were sorted by (when there is no date column), or null. */
    dateParts: z
      .object({ year: z.string(), month: z.string(), day: z.string() })
      .strict()
      .nullable(),
    /** Window length L and horizon H. */
    window: z.number().int().min(1),
    horizon: z.number().int().min(1),
    /** Bundles before target modes: the model predicts differences from the last value (scaled units). */
    predictChanges: z.boolean().optional(),
    /** How the model sees its target (see targetMode.ts); absent in older bundles (predictChanges decides). */
    targetMode: z.enum(['level', 'change', 'window-norm']).optional(),
    /** What the spec asked for, and with 'auto' each mode's stand-in validation MAE. */
    targetModeSetting: z.enum(['auto', 'level', 'change', 'window-norm']).optional(),
    targetModeScores: z.record(z.enum(['level', 'change', 'window-norm']), z.number()).optional(),
    targetShift: z.number().optional(),
    /** The baselines fitted on the training part (absent in older bundles). */
    baselines: fittedBaselinesSchema.optional(),
    /** The best baseline on validation and its forecast from the end of the training file. */
    endBaseline: z
      .object({
        name: z.enum(['naive', 'seasonal-naive', 'holt-winters']),
        values: z.array(z.number()),
      })
      .strict()
      .optional(),
    /** How missing values were handled. */
    missing: z.enum(['forward-fill', 'drop']),
    /** The scaler fitted on the training steps (identity for scaling 'none'). */
    scaler: z
      .object({
        kind: z.enum(['zscore', 'minmax']),
        offset: z.array(z.number()),
        scale: z.array(z.number()),
      })
      .strict(),
    /** The series' last L rows in original units: `predict` forecasts from them when given no rows. */
    lastRows: z.array(z.array(z.number())),
    /** The prediction interval from the final weights' validation errors (absent before training ends, with too few validation windows, and in older bundles). */
    interval: predictionIntervalSchema.optional(),
  })
  .strict();
/** The forecast task state. */
export type ForecastState = z.infer<typeof forecastStateSchema>;

function checkSpec(spec: RunSpec): void {
  checkTaskKind(spec, 'forecast');
}

/** The concrete target mode of a state (bundles before target modes carry predictChanges). */
export function stateTargetMode(state: ForecastState): TargetMode {
  return state.targetMode ?? (state.predictChanges === true ? 'change' : 'level');
}

function modelConfig(spec: RunSpec, state: ForecastState) {
  return {
    features: state.columns.length,
    horizon: state.horizon,
    recurrent: spec.model.recurrent,
    headDropout: spec.model.headDropout ?? 0,
    knownFuture: state.knownFuture?.length ?? 0,
  };
}

/**
 * The known-future columns' next H values `[H][K]` (original units) → scaled `[H·K]`.
 * @throws DatasetError when the model has known-future columns and `future` is missing or misshapen.
 */
function scaleFuture(
  future: readonly (readonly number[])[] | undefined,
  state: ForecastState,
): Float32Array {
  const names = state.knownFuture ?? [];
  if (names.length === 0) return new Float32Array(0);
  const H = state.horizon;
  const shapeOk = future?.length === H && future.every((r) => r.length === names.length);
  if (future === undefined || !shapeOk || future.some((r) => r.some((v) => !Number.isFinite(v)))) {
    throw new DatasetError(
      `forecast: input.future must hold the next ${H} rows of ${names.map((n) => `'${n}'`).join(', ')} (known in advance), got ${future === undefined ? 'none' : `${future.length} rows`}.`,
      'format',
    );
  }
  const idx = knownColumnIndices(state.columns, names);
  const out = new Float32Array(H * names.length);
  future.forEach((row, h) => {
    row.forEach((v, j) => {
      const c = idx[j] as number;
      out[h * names.length + j] =
        (v - (state.scaler.offset[c] as number)) / (state.scaler.scale[c] as number);
    });
  });
  return out;
}

/** The target's scaler and the horizon: model outputs → original units. */
function dimsOf(state: ForecastState) {
  return {
    horizon: state.horizon,
    offset: state.scaler.offset[0] as number,
    scale: state.scaler.scale[0] as number,
  };
}

/** A part's model report beside its baselines' forecasts, from the model's forecasts of it. */
function scorePart(
  forecasts: PartForecasts,
  w: ForecastWindows,
  state: ForecastState,
  baselines: { forecasts: BaselineForecasts; scaleMae: number },
): EvaluationReport {
  return partReport(forecasts.predicted, forecasts.loss, w, {
    ...baselines,
    seasonalPeriod: state.baselines?.seasonalPeriod ?? null,
  });
}

function makePredictor(model: ForecastModel, state: ForecastState) {
  const mode = stateTargetMode(state);
  return {
    kind: 'forecast' as const,
    /**
     * The next H values of the target in original units, from `input.rows` (the last L rows,
     * trained column order) or, without rows, from the end of the training file's series (then
     * with the best baseline's forecast beside it).
     * @throws DatasetError for rows of the wrong size or non-numbers.
     */
    predict(input: PredictInput): ForecastPrediction {
      const rows = input.rows ?? state.lastRows;
      const x = scaleRows(rows, {
        window: state.window,
        columns: state.columns,
        scaler: state.scaler as ScalerState,
      });
      const F = state.columns.length;
      const frame = windowFrame(mode, x, 0, state.window, F);
      modelInputs(mode, x, 1, state.window, F);
      model.eval();
      const future = scaleFuture(input.future, state);
      const out = noGrad(() => model.forward(x, [1, state.window, F], future));
      const values = toOriginal(
        out.data,
        { base: [frame.base], spread: [frame.spread] },
        dimsOf(state),
      );
      const baseline = input.rows === undefined ? state.endBaseline : undefined;
      const band = state.interval;
      const interval =
        band === undefined
          ? undefined
          : {
              level: band.level,
              lower: [...values].map((v, h) => v + (band.lower[h] as number)),
              upper: [...values].map((v, h) => v + (band.upper[h] as number)),
            };
      return {
        kind: 'forecast',
        values: [...values],
        ...(baseline ? { baseline } : {}),
        ...(interval ? { interval } : {}),
      };
    },
  };
}

/** The forecast task. */
export const forecastTask: TaskDefinition = {
  kind: 'forecast',
  primaryMetric: { name: 'mae', higherIsBetter: false },
  checkSpec,

  async prepare({
    spec,
    fileName,
    bytes,
    random,
    inspection,
    seriesRanges,
  }): Promise<PreparedTask<ForecastBatch>> {
    checkSpec(spec);
    const window = spec.data.window ?? DEFAULT_WINDOW;
    const horizon = spec.data.horizon ?? DEFAULT_HORIZON;
    const missing = spec.data.missing ?? 'forward-fill';
    const { series, dateColumn, timeColumn, dateParts } = await readForecastSeries(bytes, {
      fileName,
      reading: spec.data.reading,
      inspection,
      target: spec.data.targetColumn,
      features: spec.data.featureColumns,
      date: spec.data.dateColumn,
      missing,
      derived: spec.data.derivedColumns,
      ranges: seriesRanges,
    });
    const knownFuture = spec.data.knownFutureColumns ?? [];
    const known = knownColumnIndices(series.columns, knownFuture);
    const prepared = prepareSeries(series, spec, { window, horizon, dateColumn, known });
    const { parts, target } = prepared;
    const F = series.features;
    // NOTE: the baselines are fitted on first use (the first checkpoint, the final evaluation or
    // the bundle, all after the first training step), from the same training data: the same fit.
    const candidates = seasonalCandidates(series);
    let fittedOnce: FittedBaselines | undefined;
    const fitted = (): FittedBaselines =>
      (fittedOnce ??= fitBaselines(candidates, target, {
        trainEnd: prepared.trainEnd,
        horizon,
        val: parts.val,
        train: parts.train,
      }));
    // NOTE: the baselines' forecasts of validation and test are kept (a few numbers per window of
    // them); the training part's, 8× as many, are made when asked and let go.
    const kept = new Map<SplitName, BaselineForecasts>();
    const forecastsOf = (name: SplitName): BaselineForecasts => {
      const hit = kept.get(name);
      if (hit !== undefined) return hit;
      const made = baselineForecasts(target, parts[name], fitted(), horizon);
      if (name !== 'train') kept.set(name, made);
      return made;
    };
    const judged = parts.val.count > 0 ? 'val' : 'train';
    let endOnce: ForecastState['endBaseline'];
    const lastRows: number[][] = [];
    for (let t = Math.max(0, series.steps - window); t < series.steps; t++) {
      lastRows.push([...series.values.subarray(t * F, (t + 1) * F)]);
    }
    const state: ForecastState = {
      kind: 'forecast',
      columns: series.columns,
      derived: spec.data.derivedColumns ?? [],
      ...(knownFuture.length > 0 ? { knownFuture } : {}),
      dateColumn,
      ...(timeColumn !== null ? { timeColumn } : {}),
      dateParts,
      window,
      horizon,
      targetMode: prepared.targetMode,
      targetModeSetting: prepared.targetModeSetting,
      ...(prepared.choice
        ? { targetModeScores: prepared.choice.scores, targetShift: prepared.choice.shift }
        : {}),
      get baselines() {
        return fitted();
      },
      get endBaseline() {
        endOnce ??= endBaselineForecast(target, forecastsOf(judged), {
          actual: actualsOf(parts[judged]),
          fitted: fitted(),
          horizon,
        });
        return endOnce;
      },
      missing,
      scaler: prepared.scaler,
      lastRows,
    };
    const model = new ForecastModel(modelConfig(spec, state), random);
    // MASE's scale: the naive last-value forecast's MAE on the training part (Hyndman & Koehler 2006),
    // taken when a report first needs it (after training), not before the first step.
    let scaleMaeOnce: number | undefined;
    const scaleMae = (): number => (scaleMaeOnce ??= naiveMaeOf(parts.train));
    const cache = new PredictionCache(model);
    // Progress callbacks that have seen a whole part scored (finalize's, then the evaluation's).
    const told = new WeakSet<EvaluationProgress>();
    const modelForecasts = (name: SplitName, onProgress?: EvaluationProgress): PartForecasts => {
      let ran = false;
      const run = () => {
        ran = true;
        return forecastPart(model, parts[name], dimsOf(state), onProgress);
      };
      if (name === 'train') return run();
      const forecasts = cache.get(name, run);
      if (onProgress !== undefined) {
        // NOTE: kept forecasts are the whole part scored at once.
        if (!ran && !told.has(onProgress)) onProgress(parts[name].count, parts[name].count);
        told.add(onProgress);
      }
      return forecasts;
    };
    const evaluate = (name: SplitName, onProgress?: EvaluationProgress) =>
      scorePart(modelForecasts(name, onProgress), parts[name], state, {
        forecasts: forecastsOf(name),
        scaleMae: scaleMae(),
      });
    return {
      kind: 'forecast',
      spec,
      primaryMetric: forecastTask.primaryMetric,
      state: state as TaskState,
      model,
      sizes: { train: parts.train.count, val: parts.val.count, test: parts.test.count },
      *trainBatches(shuffle: Random) {
        const order = new Int32Array(parts.train.count);
        for (let i = 0; i < order.length; i++) order[i] = i;
        shuffle.shuffle(order);
        for (let i = 0; i < order.length; i += spec.train.batchSize) {
          yield batchOf(parts.train, order.subarray(i, i + spec.train.batchSize));
        }
      },
      loss(batch) {
        model.train();
        const pred = model.forward(batch.x, batch.shape, batch.future);
        return mse(pred, new Tensor(batch.y, [batch.examples, horizon]));
      },
      evaluate,
      baseline: (name: SplitName) => naiveBaseline(parts[name], scaleMae()),
      predictor: () => makePredictor(model, state),
      describeModel: () => describeForecaster(spec, { numFeatures: F, sequenceLength: window }),
      outcome(): ForecastOutcome {
        const val = evaluate('val');
        const test = evaluate('test');
        const warning = lossWarning({ val, test }, fitted().seasonalPeriod);
        return {
          kind: 'forecast',
          targetMode: prepared.targetMode,
          targetModeSetting: prepared.targetModeSetting,
          ...(prepared.choice
            ? { targetModeScores: prepared.choice.scores, targetShift: prepared.choice.shift }
            : {}),
          seasonalPeriod: fitted().seasonalPeriod,
          maeByStep: (test.maeByStep ?? []).map((v) => (Number.isFinite(v) ? v : null)),
          ...(warning ? { warning } : {}),
          ...(state.interval ? { interval: state.interval } : {}),
        };
      },
      exampleScores(name: SplitName) {
        const w = parts[name];
        const { predicted } = modelForecasts(name);
        const actual = actualsOf(w);
        const values = new Float64Array(w.count);
        for (let i = 0; i < predicted.length; i++) {
          const k = Math.floor(i / horizon);
          values[k] =
            (values[k] as number) + Math.abs((predicted[i] as number) - (actual[i] as number));
        }
        return { values, weights: new Float64Array(w.count).fill(horizon) };
      },
      finalize(split, onProgress) {
        // NOTE: the part the trainer evaluates next is scored here with its progress (then kept).
        const part = (name: 'val' | 'test') => ({
          predicted: modelForecasts(name, name === split ? onProgress : undefined).predicted,
          actual: actualsOf(parts[name]),
        });
        const interval = fitInterval(part('val'), part('test'), horizon);
        if (interval === null) delete state.interval;
        else state.interval = interval;
      },
    };
  },

  restore({ spec, state: raw, weights }): RestoredTask {
    checkSpec(spec);
    const state = parseState('forecast', forecastStateSchema, raw);
    checkWeightsFit(
      describeForecaster(
        {
          ...spec,
          data: { ...spec.data, horizon: state.horizon, knownFutureColumns: state.knownFuture },
        },
        { numFeatures: state.columns.length },
      ),
      weights,
    );
    const model = new ForecastModel(modelConfig(spec, state), new Random(spec.train.seed));
    return restoredTask({
      model,
      weights,
      state,
      predictor: makePredictor(model, state),
      async evaluateFile({ fileName, bytes, reading }) {
        const { series } = await readForecastSeries(bytes, {
          fileName,
          reading: reading ?? spec.data.reading,
          target: state.columns[0],
          features: state.columns.slice(1),
          date: state.dateColumn,
          dateParts: state.dateParts,
          missing: state.missing,
          derived: state.derived,
        });
        const scaler = state.scaler as ScalerState;
        const target = targetColumn(series.values, series.features);
        const w = windowsOf(target, applyScaler(scaler, series.values), {
          features: series.features,
          window: state.window,
          horizon: state.horizon,
          from: 0,
          to: series.steps,
          targetMode: stateTargetMode(state),
          known: knownColumnIndices(state.columns, state.knownFuture ?? []),
        });
        const fitted = state.baselines ?? {
          seasonalPeriod: null,
          holtWinters: fitHoltWinters(target, 0),
        };
        // NOTE: a file evaluated whole has no training part: MASE is scaled by its own naive MAE.
        const scaleMae = naiveMaeOf(w);
        const forecasts = baselineForecasts(target, w, fitted, state.horizon);
        return {
          model: scorePart(forecastPart(model, w, dimsOf(state)), w, state, {
            forecasts,
            scaleMae,
          }),
          baseline: naiveBaseline(w, scaleMae),
        };
      },
    });
  },

  describeModel: describeForecaster,
};
