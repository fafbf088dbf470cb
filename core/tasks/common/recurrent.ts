/** Builds the recurrent stack a RunSpec asks for (nn.RNN / nn.LSTM / nn.GRU) and runs it with one signature and one state shape for every cell. */
import { GRU, LSTM, RNN } from '../../nn/rnn.ts';
import type { Random } from '../../random.ts';
import { Tensor } from '../../tensor/tensor.ts';
import type { RecurrentSpec } from '../spec.ts';

/** Any of the three recurrent modules. */
export type RecurrentModule = RNN | LSTM | GRU;

/** The state between calls: h `[D·numLayers, N, H]`, and c like h for an LSTM (null otherwise). */
export interface RecurrentState {
  h: Tensor;
  c: Tensor | null;
}

/**
 * The recurrent module of `spec` over `inputSize` features, time-major unless `batchFirst`,
 * initialised from `random` (which also draws its inter-layer dropout masks).
 * @throws ConfigError as the module constructors do.
 */
export function buildRecurrent(
  spec: RecurrentSpec,
  options: { inputSize: number; random: Random; batchFirst?: boolean },
): RecurrentModule {
  const common = {
    inputSize: options.inputSize,
    hiddenSize: spec.hiddenSize,
    numLayers: spec.numLayers,
    bidirectional: spec.bidirectional,
    // NOTE: dropout acts between layers only; the exported model.py passes 0 for one layer too.
    dropout: spec.numLayers > 1 ? spec.dropout : 0,
    weightDrop: spec.weightDrop ?? 0,
    batchFirst: options.batchFirst ?? false,
    random: options.random,
  };
  switch (spec.cell) {
    case 'rnn':
      return new RNN({ ...common, nonlinearity: spec.nonlinearity });
    case 'lstm':
      return new LSTM(common);
    case 'gru':
      return new GRU(common);
  }
}

/** What {@link runRecurrent} returns: the top layer's outputs and the final state. */
export interface RecurrentResult {
  /** `[L, N, D·H]` (`[N, L, D·H]` batch-first), zero past each sequence's length. */
  output: Tensor;
  /** h_n (and c_n for an LSTM), each `[D·numLayers, N, H]`. */
  state: RecurrentState;
}

/**
 * Runs `module` over `x` (`[L, N, H_in]`, or `[N, L, H_in]` batch-first) from `options.state`
 * (zeros when absent or null) with optional per-sequence `lengths` (padding never reaches h_n).
 * @throws ShapeError as the modules' forward does.
 */
export function runRecurrent(
  module: RecurrentModule,
  x: Tensor,
  options: { state?: RecurrentState | null; lengths?: Int32Array | readonly number[] } = {},
): RecurrentResult {
  const state = options.state ?? null;
  const forward = options.lengths === undefined ? {} : { lengths: options.lengths };
  if (module instanceof LSTM) {
    // NOTE: a state without c (from a GRU/RNN encoder) starts the LSTM from c = 0.
    const hx: [Tensor, Tensor] | null =
      state === null
        ? null
        : [state.h, state.c ?? new Tensor(new Float32Array(state.h.size), state.h.shape)];
    const [output, [h, c]] = module.forward(x, hx, forward);
    return { output, state: { h, c } };
  }
  const [output, h] = module.forward(x, state?.h ?? null, forward);
  return { output, state: { h, c: null } };
}
