/** The forecast task: time-ordered numeric columns → windows of L steps → recurrent → H values; MAE, RMSE, MAPE next to the naive last-value forecast. */
import { z } from 'zod';
import { noGrad } from '../../autograd/engine.ts';
import { derivedColumnSchema } from '../../data/derived.ts';
import { applyScaler, type ScalerState } from '../../data/scaler.ts';
import { forecastErrors, forecastReport, naiveForecast } from '../../metrics/forecast.ts';
import { mse } from '../../nn/losses.ts';
import { Random } from '../../random.ts';
import { Tensor } from '../../tensor/tensor.ts';
import { chunks } from '../common/batching.ts';
import {
  headDropoutLayers,
  linearLayer,
  recurrentActivationFloats,
  recurrentLayer,
  shape,
  summarise,
} from '../common/describe.ts';
import { checkTaskKind, restoredTask } from '../common/lifecycle.ts';
import { parseState } from '../common/schemas.ts';
import type { RunSpec } from '../spec.ts';
import type {
  EvaluationReport,
  ForecastPrediction,
  ModelDescription,
  PredictInput,
  PreparedTask,
  RestoredTask,
  SizeHints,
  SplitName,
  TaskBatch,
  TaskDefinition,
  TaskState,
} from '../task.ts';
import {
  type ForecastWindows,
  prepareSeries,
  readForecastSeries,
  scaleRows,
  windowsOf,
} from './data.ts';
import { ForecastModel } from './model.ts';

/** Window length L when the spec does not say. */
export const DEFAULT_WINDOW = 30;
/** Horizon H when the spec does not say. */
export const DEFAULT_HORIZON = 1;

/** The forecast task state saved beside the weights. */
export const forecastStateSchema = z
  .object({
    kind: z.literal('forecast'),
    /** Column names in model input order, the target first. */
    columns: z.array(z.string()).min(1),
    /** Columns computed from others before reading the series (absent in bundles before derived columns). */
    derived: z.array(derivedColumnSchema).optional(),
    /** The date column rows were sorted by, or null for file order. */
    dateColumn: z.string().nullable(),
    /** Year/month/day columns the rows were sorted by (when there is no date column), or null. */
    dateParts: z
      .object({ year: z.string(), month: z.string(), day: z.string() })
      .strict()
      .nullable(),
    /** Window length L and horizon H. */
    window: z.number().int().min(1),
    horizon: z.number().int().min(1),
    /** The model predicts differences from the last value (scaled units). */
    predictChanges: z.boolean(),
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
  })
  .strict();
/** The forecast task state. */
export type ForecastState = z.infer<typeof forecastStateSchema>;

/** A training batch: scaled windows and targets. */
export interface ForecastBatch extends TaskBatch {
  readonly x: Float32Array;
  readonly y: Float32Array;
  readonly shape: [number, number, number];
}

const EVAL_BATCH = 256;

function checkSpec(spec: RunSpec): void {
  checkTaskKind(spec, 'forecast');
}

function batchOf(
  w: ForecastWindows,
  idx: readonly number[],
  L: number,
  F: number,
  H: number,
): ForecastBatch {
  const x = new Float32Array(idx.length * L * F);
  const y = new Float32Array(idx.length * H);
  idx.forEach((i, k) => {
    x.set(w.x.subarray(i * L * F, (i + 1) * L * F), k * L * F);
    y.set(w.y.subarray(i * H, (i + 1) * H), k * H);
  });
  return { x, y, shape: [idx.length, L, F], examples: idx.length, tokens: idx.length * H };
}

/** Scaled model outputs → forecasts in original units (adding the last value back for changes). */
function toOriginal(
  out: Float32Array,
  lastScaled: ArrayLike<number>,
  state: Pick<ForecastState, 'predictChanges' | 'scaler' | 'horizon'>,
): Float64Array {
  const H = state.horizon;
  const offset = state.scaler.offset[0] as number;
  const scale = state.scaler.scale[0] as number;
  const res = new Float64Array(out.length);
  for (let i = 0; i < out.length; i++) {
    const base = state.predictChanges ? (lastScaled[Math.floor(i / H)] as number) : 0;
    res[i] = ((out[i] as number) + base) * scale + offset;
  }
  return res;
}

function evaluateWindows(
  model: ForecastModel,
  w: ForecastWindows,
  state: ForecastState,
): EvaluationReport {
  const L = state.window;
  const F = state.columns.length;
  const H = state.horizon;
  if (w.count === 0) {
    const nan = Number.NaN;
    return { examples: 0, metrics: { loss: nan, mae: nan, rmse: nan, mape: nan, naiveMae: nan } };
  }
  model.eval();
  const out = new Float32Array(w.count * H);
  let sq = 0;
  noGrad(() => {
    for (const idx of chunks(w.count, EVAL_BATCH)) {
      const b = batchOf(w, idx, L, F, H);
      const pred = model.forward(b.x, b.shape);
      out.set(pred.data, (idx[0] as number) * H);
      for (let i = 0; i < b.y.length; i++)
        sq += ((pred.data[i] as number) - (b.y[i] as number)) ** 2;
    }
  });
  const r = forecastReport(toOriginal(out, w.lastScaled, state), w.actual, w.last);
  return {
    examples: w.count,
    metrics: {
      loss: sq / out.length,
      mae: r.mae,
      rmse: r.rmse,
      mape: r.mape,
      naiveMae: r.naiveMae,
      naiveRmse: r.naiveRmse,
      naiveMape: r.naiveMape,
    },
  };
}

function naiveBaseline(w: ForecastWindows, horizon: number): EvaluationReport {
  const description =
    'naive last-value forecast (every future step equals the last observed value)';
  if (w.count === 0) {
    const nan = Number.NaN;
    return { examples: 0, metrics: { mae: nan, rmse: nan, mape: nan }, description };
  }
  const e = forecastErrors(naiveForecast(w.last, horizon), w.actual);
  return { examples: w.count, metrics: { mae: e.mae, rmse: e.rmse, mape: e.mape }, description };
}

function makePredictor(model: ForecastModel, state: ForecastState) {
  return {
    kind: 'forecast' as const,
    /**
     * The next H values of the target in original units, from `input.rows` (the last L rows,
     * trained column order) or, without rows, from the end of the training file's series.
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
      const lastScaled = [x[(state.window - 1) * F] as number];
      model.eval();
      const out = noGrad(() => model.forward(x, [1, state.window, F]));
      return { kind: 'forecast', values: [...toOriginal(out.data, lastScaled, state)] };
    },
  };
}

function describe(spec: RunSpec, hints: SizeHints = {}): ModelDescription {
  const estimated = hints.numFeatures === undefined;
  const F = hints.numFeatures ?? 1 + (spec.data.featureColumns?.length ?? 0);
  const L = hints.sequenceLength ?? spec.data.window ?? DEFAULT_WINDOW;
  const H = spec.data.horizon ?? DEFAULT_HORIZON;
  const N = spec.train.batchSize;
  const r = spec.model.recurrent;
  const width = (r.bidirectional ? 2 : 1) * r.hiddenSize;
  const last = shape('h_n[-1]', '(N, D·H_out)', [null, width]);
  const layers = [
    recurrentLayer('rnn', r, F),
    ...headDropoutLayers(spec.model.headDropout, last),
    linearLayer('head', width, H, { notation: 'N', sizes: [null] }),
  ];
  const activations = N * L * F + recurrentActivationFloats(r, L, N) + 2 * N * width + N * H;
  return summarise(layers, activations, { numFeatures: F, sequenceLength: L, estimated });
}

/** The forecast task. */
export const forecastTask: TaskDefinition = {
  kind: 'forecast',
  primaryMetric: { name: 'mae', higherIsBetter: false },
  checkSpec,

  async prepare({ spec, fileName, bytes, random }): Promise<PreparedTask<ForecastBatch>> {
    checkSpec(spec);
    const window = spec.data.window ?? DEFAULT_WINDOW;
    const horizon = spec.data.horizon ?? DEFAULT_HORIZON;
    const missing = spec.data.missing ?? 'forward-fill';
    const { series, dateColumn, dateParts } = await readForecastSeries(bytes, {
      fileName,
      reading: spec.data.reading,
      target: spec.data.targetColumn,
      features: spec.data.featureColumns,
      date: spec.data.dateColumn,
      missing,
      derived: spec.data.derivedColumns,
    });
    const prepared = prepareSeries(series, spec, { window, horizon, dateColumn });
    const F = series.features;
    const lastRows: number[][] = [];
    for (let t = Math.max(0, series.steps - window); t < series.steps; t++) {
      lastRows.push([...series.values.subarray(t * F, (t + 1) * F)]);
    }
    const state: ForecastState = {
      kind: 'forecast',
      columns: series.columns,
      derived: spec.data.derivedColumns ?? [],
      dateColumn,
      dateParts,
      window,
      horizon,
      predictChanges: spec.data.predictChanges ?? false,
      missing,
      scaler: prepared.scaler,
      lastRows,
    };
    const model = new ForecastModel(
      {
        features: F,
        horizon,
        recurrent: spec.model.recurrent,
        headDropout: spec.model.headDropout ?? 0,
      },
      random,
    );
    const { parts } = prepared;
    return {
      kind: 'forecast',
      spec,
      primaryMetric: forecastTask.primaryMetric,
      state: state as TaskState,
      model,
      sizes: { train: parts.train.count, val: parts.val.count, test: parts.test.count },
      *trainBatches(shuffle: Random) {
        const order = shuffle.shuffle(Array.from({ length: parts.train.count }, (_, i) => i));
        for (let i = 0; i < order.length; i += spec.train.batchSize) {
          yield batchOf(parts.train, order.slice(i, i + spec.train.batchSize), window, F, horizon);
        }
      },
      loss(batch) {
        model.train();
        const pred = model.forward(batch.x, batch.shape);
        return mse(pred, new Tensor(batch.y, [batch.examples, horizon]));
      },
      evaluate: (name: SplitName) => evaluateWindows(model, parts[name], state),
      baseline: (name: SplitName) => naiveBaseline(parts[name], horizon),
      predictor: () => makePredictor(model, state),
      describeModel: () => describe(spec, { numFeatures: F, sequenceLength: window }),
    };
  },

  restore({ spec, state: raw, weights }): RestoredTask {
    checkSpec(spec);
    const state = parseState('forecast', forecastStateSchema, raw);
    const model = new ForecastModel(
      {
        features: state.columns.length,
        horizon: state.horizon,
        recurrent: spec.model.recurrent,
        headDropout: spec.model.headDropout ?? 0,
      },
      new Random(spec.train.seed),
    );
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
        const w = windowsOf(series.values, applyScaler(scaler, series.values), {
          features: series.features,
          window: state.window,
          horizon: state.horizon,
          from: 0,
          to: series.steps,
          predictChanges: state.predictChanges,
        });
        return {
          model: evaluateWindows(model, w, state),
          baseline: naiveBaseline(w, state.horizon),
        };
      },
    });
  },

  describeModel: describe,
};
