/** ONNX graph of the forecaster in original units: the last L rows (and known-future values) → the next H target values, scaler and target mode included. */
import { ConfigError } from '../../../errors.ts';
import type { RunSpec } from '../../../tasks/spec.ts';
import type { OnnxGraphBuilder } from './graphBuilder.ts';
import { ONNX_FLOAT, type OnnxValueInfo } from './proto.ts';
import { emitRecurrent } from './recurrent.ts';

/** What the graph needs of the forecast task state (core/tasks/forecast/index.ts). */
export interface ForecastGraphState {
  columns: string[];
  window: number;
  horizon: number;
  /** level, change or window-norm (older bundles: predictChanges). */
  mode: 'level' | 'change' | 'window-norm';
  knownFuture: string[];
  scaler: { offset: number[]; scale: number[] };
}

/** The same constant as core/tasks/forecast/targetMode.ts WINDOW_NORM_EPS. */
const WINDOW_NORM_EPS = 0.01;

/**
 * The graph-relevant part of a forecast task state.
 * @throws ConfigError for a state without the fields a forecaster has.
 */
export function forecastGraphState(raw: unknown): ForecastGraphState {
  const s = raw as Partial<{
    columns: string[];
    window: number;
    horizon: number;
    targetMode: ForecastGraphState['mode'];
    predictChanges: boolean;
    knownFuture: string[];
    scaler: { offset: number[]; scale: number[] };
  }> | null;
  if (
    s === null ||
    !Array.isArray(s.columns) ||
    typeof s.window !== 'number' ||
    typeof s.horizon !== 'number' ||
    s.scaler === undefined ||
    s.scaler.offset.length !== s.columns.length
  ) {
    throw new ConfigError("exportOnnx: the forecast model's task state is incomplete.");
  }
  return {
    columns: s.columns,
    window: s.window,
    horizon: s.horizon,
    mode: s.targetMode ?? (s.predictChanges === true ? 'change' : 'level'),
    knownFuture: s.knownFuture ?? [],
    scaler: s.scaler,
  };
}

/** The forecaster's graph inputs. */
export function forecastInputs(state: ForecastGraphState): OnnxValueInfo[] {
  const inputs: OnnxValueInfo[] = [
    {
      name: 'rows',
      elemType: ONNX_FLOAT,
      shape: ['batch', state.window, state.columns.length],
      doc: `The last ${state.window} rows in original units, columns ${state.columns.join(', ')}.`,
    },
  ];
  if (state.knownFuture.length > 0) {
    inputs.push({
      name: 'future',
      elemType: ONNX_FLOAT,
      shape: ['batch', state.horizon, state.knownFuture.length],
      doc: `The next ${state.horizon} values of ${state.knownFuture.join(', ')} (known in advance), original units.`,
    });
  }
  return inputs;
}

/** Per-column (x − offset) / scale of `x` `[…, C]` for the given columns. */
function scale(
  g: OnnxGraphBuilder,
  x: string,
  state: ForecastGraphState,
  columns: number[],
): string {
  const offset = Float32Array.from(columns, (c) => state.scaler.offset[c] as number);
  const factor = Float32Array.from(columns, (c) => state.scaler.scale[c] as number);
  const shifted = g.op('Sub', [x, g.floats('scaler_offset', offset, [columns.length])]);
  return g.op('Div', [shifted, g.floats('scaler_scale', factor, [columns.length])]);
}

/** Element (·, index, 0) of `[N, L, F]` as `[N, 1]`. */
function targetAt(g: OnnxGraphBuilder, x: string, step: number): string {
  const slice = g.op('Slice', [
    x,
    g.int64('starts', [step, 0]),
    g.int64('ends', [step + 1, 1]),
    g.int64('axes', [1, 2]),
  ]);
  return g.reshape(slice, [-1, 1]);
}

/**
 * The forecaster: `rows` (and `future`) in original units → `forecast` `[batch, H]` in original
 * units, exactly as the app's predictor: scale, frame the window by the target mode, run the
 * recurrent stack and the head, then undo the frame and the scaler.
 */
export function buildForecastGraph(
  g: OnnxGraphBuilder,
  spec: RunSpec,
  state: ForecastGraphState,
): OnnxValueInfo[] {
  const F = state.columns.length;
  const H = state.horizon;
  const L = state.window;
  const rows = g.input('rows');
  const scaled = scale(g, rows, state, [...Array(F).keys()]);
  let x = scaled;
  let base: string | null = null;
  let spread: string | null = null;
  if (state.mode === 'change') base = targetAt(g, scaled, L - 1);
  if (state.mode === 'window-norm') {
    const mean = g.op('ReduceMean', [scaled], { axes: [1], keepdims: 1 });
    const centred = g.op('Sub', [scaled, mean]);
    const variance = g.op('ReduceMean', [g.op('Mul', [centred, centred])], {
      axes: [1],
      keepdims: 1,
    });
    const eps = g.floats('window_norm_eps', Float32Array.of(WINDOW_NORM_EPS), []);
    const std = g.op('Sqrt', [g.op('Add', [variance, eps])]);
    x = g.op('Div', [centred, std]);
    base = targetAt(g, mean, 0);
    spread = targetAt(g, std, 0);
  }
  const rec = emitRecurrent(g, spec.model.recurrent, 'rnn', F, {
    x: g.op('Transpose', [x], { perm: [1, 0, 2] }),
    lengths: null,
    h0: null,
    c0: null,
  });
  const { numLayers, bidirectional, hiddenSize } = spec.model.recurrent;
  const D = bidirectional ? 2 : 1;
  const top = g.op('Slice', [
    rec.hN,
    g.int64('starts', [(numLayers - 1) * D]),
    g.int64('ends', [numLayers * D]),
    g.int64('axes', [0]),
  ]);
  let features = g.reshape(g.op('Transpose', [top], { perm: [1, 0, 2] }), [0, D * hiddenSize]);
  const K = state.knownFuture.length;
  if (K > 0) {
    const known = state.knownFuture.map((name) => {
      const c = state.columns.indexOf(name);
      if (c < 1)
        throw new ConfigError(`exportOnnx: known-future column '${name}' is not a feature.`);
      return c;
    });
    const future = scale(g, g.input('future'), state, known);
    features = g.op('Concat', [features, g.reshape(future, [0, H * K])], { axis: 1 });
  }
  let out = g.linear(features, 'head', [H, D * hiddenSize + H * K]);
  if (spread !== null) out = g.op('Mul', [out, spread]);
  if (base !== null) out = g.op('Add', [out, base]);
  const target = g.floats('target_scale', Float32Array.of(state.scaler.scale[0] as number), []);
  const offset = g.floats('target_offset', Float32Array.of(state.scaler.offset[0] as number), []);
  g.output(g.op('Add', [g.op('Mul', [out, target]), offset]), 'forecast');
  return [
    {
      name: 'forecast',
      elemType: ONNX_FLOAT,
      shape: ['batch', H],
      doc: `The next ${H} values of ${state.columns[0]} in original units.`,
    },
  ];
}
