/** Layer descriptions in PyTorch notation, parameter counts and memory estimates for the model view. */
import { type RecurrentSpec, type RunSpec, seq2seqDecoder } from '../spec.ts';
import type { LayerDescription, ModelDescription, ShapeInfo, SizeHints } from '../task.ts';

const BYTES = 4;
const GATES: Record<RecurrentSpec['cell'], number> = { rnn: 1, lstm: 4, gru: 3 };
const CLASS_NAMES: Record<RecurrentSpec['cell'], string> = { rnn: 'RNN', lstm: 'LSTM', gru: 'GRU' };

/** Parameters of nn.RNN/LSTM/GRU: per layer and direction, gates·H·(in + H) weights and 2·gates·H biases. */
export function recurrentParameterCount(spec: RecurrentSpec, inputSize: number): number {
  const gates = GATES[spec.cell];
  const D = spec.bidirectional ? 2 : 1;
  const H = spec.hiddenSize;
  let total = 0;
  for (let layer = 0; layer < spec.numLayers; layer++) {
    const inSize = layer === 0 ? inputSize : D * H;
    total += D * (gates * H * (inSize + H) + 2 * gates * H);
  }
  return total;
}

/**
 * The fewest parameters any model of this spec has, whatever its data: its recurrent stacks (the
 * encoder, seq2seq's decoder, tag's character encoder) with one input feature. Arithmetic only, so a
 * reader can compare it with a weights file's header before building anything: the stacks are what
 * a few bytes of spec can make huge (hidden 4096 × 8 layers).
 */
export function minimumParameters(spec: RunSpec): number {
  const model = spec.model;
  let total = recurrentParameterCount(model.recurrent, 1);
  if (spec.task === 'seq2seq') total += recurrentParameterCount(seq2seqDecoder(model), 1);
  if (model.charEncoder !== undefined) {
    const h = model.charEncoder.hiddenSize;
    total += recurrentParameterCount(
      {
        cell: 'lstm',
        hiddenSize: h,
        numLayers: 1,
        bidirectional: true,
        dropout: 0,
        nonlinearity: 'tanh',
      },
      model.charEncoder.embeddingDim,
    );
  }
  return total;
}

/** A shape entry. */
export function shape(
  name: string,
  notation: string,
  sizes: readonly (number | null)[],
): ShapeInfo {
  return { name, notation, sizes };
}

/** `Embedding(num, dim, padding_idx=0)`: ids (L, N) → (L, N, E). */
export function embeddingLayer(name: string, vocabSize: number, dim: number): LayerDescription {
  return {
    name,
    type: 'Embedding',
    signature: `Embedding(${vocabSize}, ${dim}, padding_idx=0)`,
    inputs: [shape('ids', '(L, N)', [null, null])],
    outputs: [shape('output', '(L, N, E)', [null, null, dim])],
    parameters: vocabSize * dim,
  };
}

/** `LSTM(H_in, H_out, …)`: input (L, N, H_in) → output (L, N, D·H_out), h_n (D·num_layers, N, H_out) (and c_n). */
export function recurrentLayer(
  name: string,
  spec: RecurrentSpec,
  inputSize: number,
): LayerDescription {
  const D = spec.bidirectional ? 2 : 1;
  const H = spec.hiddenSize;
  const args = [`${inputSize}`, `${H}`];
  if (spec.numLayers !== 1) args.push(`num_layers=${spec.numLayers}`);
  if (spec.cell === 'rnn' && spec.nonlinearity !== 'tanh')
    args.push(`nonlinearity='${spec.nonlinearity}'`);
  if (spec.dropout > 0) args.push(`dropout=${spec.dropout}`);
  if (spec.bidirectional) args.push('bidirectional=True');
  const state = (n: string) => shape(n, '(D·num_layers, N, H_out)', [D * spec.numLayers, null, H]);
  return {
    name,
    type: CLASS_NAMES[spec.cell],
    signature: `${CLASS_NAMES[spec.cell]}(${args.join(', ')})`,
    inputs: [shape('input', '(L, N, H_in)', [null, null, inputSize])],
    outputs: [
      shape('output', '(L, N, D·H_out)', [null, null, D * H]),
      state('h_n'),
      ...(spec.cell === 'lstm' ? [state('c_n')] : []),
    ],
    parameters: recurrentParameterCount(spec, inputSize),
  };
}

/** `Dropout(p)` over a shape that it keeps. */
export function dropoutLayer(name: string, p: number, io: ShapeInfo): LayerDescription {
  return {
    name,
    type: 'Dropout',
    signature: `Dropout(p=${p})`,
    inputs: [io],
    outputs: [io],
    parameters: 0,
  };
}

/** The head's `Dropout(p)` as a list of layers: empty when `p` is 0 or absent (there is no module then). */
export function headDropoutLayers(p: number | undefined, io: ShapeInfo): LayerDescription[] {
  return p !== undefined && p > 0 ? [dropoutLayer('dropout', p, io)] : [];
}

/** `Linear(in, out)` over `(*, H_in)` → `(*, H_out)`. */
export function linearLayer(
  name: string,
  inFeatures: number,
  outFeatures: number,
  leading: { notation: string; sizes: readonly (number | null)[] },
): LayerDescription {
  return {
    name,
    type: 'Linear',
    signature: `Linear(${inFeatures}, ${outFeatures})`,
    inputs: [shape('input', `(${leading.notation}, H_in)`, [...leading.sizes, inFeatures])],
    outputs: [shape('output', `(${leading.notation}, H_out)`, [...leading.sizes, outFeatures])],
    parameters: inFeatures * outFeatures + outFeatures,
  };
}

/**
 * Sums the layers and estimates memory in bytes: float32 parameters, as many gradients, Adam's
 * two moments, and `activationFloats` floats kept for backward in one batch.
 */
export function summarise(
  layers: readonly LayerDescription[],
  activationFloats: number,
  sizes: SizeHints & { estimated: boolean },
): ModelDescription {
  const totalParameters = layers.reduce((s, l) => s + l.parameters, 0);
  const parameterBytes = totalParameters * BYTES;
  const activationBytes = Math.round(activationFloats * BYTES);
  return {
    layers,
    totalParameters,
    memory: {
      parameterBytes,
      gradientBytes: parameterBytes,
      optimizerBytes: 2 * parameterBytes,
      activationBytes,
      totalBytes: 4 * parameterBytes + activationBytes,
    },
    sizes,
  };
}

/**
 * Floats a recurrent stack keeps for backward over a batch: per layer and direction the gate
 * pre-activations and the hidden (and cell) states of every step.
 */
export function recurrentActivationFloats(
  spec: RecurrentSpec,
  steps: number,
  batch: number,
): number {
  const D = spec.bidirectional ? 2 : 1;
  const perStep = GATES[spec.cell] + (spec.cell === 'lstm' ? 3 : 1);
  return spec.numLayers * D * steps * batch * spec.hiddenSize * perStep;
}
