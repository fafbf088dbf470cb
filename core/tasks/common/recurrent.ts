/** Builds the recurrent stack a RunSpec asks for (nn.RNN / nn.LSTM / nn.GRU) and runs it with one signature for every cell. */
import { GRU, LSTM, RNN } from '../../nn/rnn.ts';
import type { Random } from '../../random.ts';
import type { Tensor } from '../../tensor/tensor.ts';
import type { RecurrentSpec } from '../spec.ts';

/** Any of the three recurrent modules. */
export type RecurrentModule = RNN | LSTM | GRU;

/**
 * The recurrent module of `spec` over `inputSize` features, time-major (`batchFirst` false),
 * initialised from `random` (which also draws its inter-layer dropout masks).
 * @throws ConfigError as the module constructors do.
 */
export function buildRecurrent(
  spec: RecurrentSpec,
  inputSize: number,
  random: Random,
): RecurrentModule {
  const common = {
    inputSize,
    hiddenSize: spec.hiddenSize,
    numLayers: spec.numLayers,
    bidirectional: spec.bidirectional,
    dropout: spec.dropout,
    random,
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

/** What {@link runRecurrent} returns: the top layer's outputs and the final hidden state. */
export interface RecurrentResult {
  /** `[L, N, D·H]`, zero past each sequence's length. */
  output: Tensor;
  /** `[D·numLayers, N, H]`. */
  hN: Tensor;
}

/**
 * Runs `module` over time-major `x` `[L, N, H_in]` with per-sequence `lengths` (padding never
 * reaches h_n); an LSTM's c_n is dropped.
 * @throws ShapeError as the modules' forward does.
 */
export function runRecurrent(
  module: RecurrentModule,
  x: Tensor,
  lengths: Int32Array | readonly number[],
): RecurrentResult {
  if (module instanceof LSTM) {
    const [output, [hN]] = module.forward(x, null, { lengths });
    return { output, hN };
  }
  const [output, hN] = module.forward(x, null, { lengths });
  return { output, hN };
}
