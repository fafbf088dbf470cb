/** One recurrent stack built from a RecurrentSpec (RNN, LSTM or GRU) behind a single state shape, for the forecast and seq2seq models. */
import type { ForwardOptions } from '../../nn/rnn.ts';
import { GRU, LSTM, RNN } from '../../nn/rnn.ts';
import type { Random } from '../../random.ts';
import { Tensor } from '../../tensor/tensor.ts';
import type { RecurrentSpec } from '../spec.ts';

/** A recurrent layer stack of any cell type. */
export type RecurrentLayer = RNN | LSTM | GRU;

/** The state between calls: h [D·layers, N, H], and c like h for LSTM (null otherwise). */
export interface RecurrentState {
  h: Tensor;
  c: Tensor | null;
}

/**
 * Builds nn.RNN / nn.LSTM / nn.GRU from a spec, batch-first.
 * @throws ConfigError as the module constructors.
 */
export function buildRecurrent(
  spec: RecurrentSpec,
  options: { inputSize: number; random: Random },
): RecurrentLayer {
  const common = {
    inputSize: options.inputSize,
    hiddenSize: spec.hiddenSize,
    numLayers: spec.numLayers,
    bidirectional: spec.bidirectional,
    dropout: spec.numLayers > 1 ? spec.dropout : 0,
    batchFirst: true,
    random: options.random,
  };
  if (spec.cell === 'lstm') return new LSTM(common);
  if (spec.cell === 'gru') return new GRU(common);
  return new RNN({ ...common, nonlinearity: spec.nonlinearity });
}

/**
 * Runs a stack over x [N, L, H_in] from `state` (zeros when null).
 * @returns output [N, L, D·H] and the final state.
 * @throws ShapeError as the module's forward.
 */
export function runRecurrent(
  layer: RecurrentLayer,
  x: Tensor,
  state: RecurrentState | null,
  options: ForwardOptions = {},
): { output: Tensor; state: RecurrentState } {
  if (layer instanceof LSTM) {
    // NOTE: a state without c (from a GRU/RNN encoder) starts the LSTM from c = 0.
    const hx: [Tensor, Tensor] | null =
      state === null
        ? null
        : [state.h, state.c ?? new Tensor(new Float32Array(state.h.size), state.h.shape)];
    const [output, [h, c]] = layer.forward(x, hx, options);
    return { output, state: { h, c } };
  }
  const [output, h] = layer.forward(x, state?.h ?? null, options);
  return { output, state: { h, c: null } };
}

/** Trainable parameters of a spec's stack with `inputSize` inputs (PyTorch's count). */
export function recurrentParameterCount(spec: RecurrentSpec, inputSize: number): number {
  const gates = spec.cell === 'lstm' ? 4 : spec.cell === 'gru' ? 3 : 1;
  const D = spec.bidirectional ? 2 : 1;
  const H = spec.hiddenSize;
  let total = 0;
  for (let layer = 0; layer < spec.numLayers; layer++) {
    const inSize = layer === 0 ? inputSize : D * H;
    total += D * gates * H * (inSize + H + 2);
  }
  return total;
}
