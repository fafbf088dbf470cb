/** Layer descriptions for the model view: PyTorch modules, shapes in PyTorch's notation, state-dict tensors, parameter counts and memory estimates. */
import { gateCount } from '../../kernels/api/recurrent.ts';
import { type RecurrentSpec, type RunSpec, seq2seqDecoder } from '../spec.ts';
import type {
  Dim,
  LayerDescription,
  LayerKind,
  ModelDescription,
  Notation,
  ParamTensor,
  ShapeInfo,
  SizeHints,
} from '../task.ts';

const BYTES = 4;

/** Sequence-first notation, the layout the models run in. */
export const SEQUENCE_FIRST: Notation = { batchFirst: false };

const sizeOf = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);

/** `(L, N, 256)`: a shape as the model view prints it. */
export function shapeNotation(dims: readonly Dim[]): string {
  return `(${dims.join(', ')})`;
}

/** A layer whose parameter count is the sum of its tensors. */
export function layerOf(
  kind: LayerKind,
  module: string,
  io: Pick<LayerDescription, 'inputs' | 'outputs'>,
  tensors: readonly ParamTensor[] = [],
  o: { frozen?: boolean } = {},
): LayerDescription {
  const parameters = tensors.reduce((n, p) => n + sizeOf(p.shape), 0);
  return {
    kind,
    module,
    ...io,
    tensors,
    parameters,
    ...(o.frozen === true ? { frozen: true } : {}),
  };
}

/** A sequence tensor `(L, N, F)`, or `(N, L, F)` batch-first; `length` is `T` on seq2seq's target side. */
export function seqShape(
  name: string,
  features: number,
  notation: Notation,
  length: Dim = 'L',
): ShapeInfo {
  return { name, dims: notation.batchFirst ? ['N', length, features] : [length, 'N', features] };
}

/** Tensors under `prefix.`: `prefixed('head', [weight])` → `head.weight`. */
export function prefixed(prefix: string, tensors: readonly ParamTensor[]): ParamTensor[] {
  return tensors.map((p) => ({ ...p, name: `${prefix}.${p.name}` }));
}

/**
 * The tensors of `nn.RNN/LSTM/GRU(inputSize, …)` in state-dict order, without the module prefix:
 * `weight_ih_l{k}{_reverse}` `[gates·H, in_k]`, `weight_hh_l{k}…` `[gates·H, H]`, `bias_ih_l{k}…`
 * and `bias_hh_l{k}…` `[gates·H]`, where `in_0 = inputSize` and `in_k = D·H` above the first layer.
 */
export function recurrentTensors(spec: RecurrentSpec, inputSize: number): ParamTensor[] {
  const rows = gateCount(spec.cell) * spec.hiddenSize;
  const directions = spec.bidirectional ? ['', '_reverse'] : [''];
  const out: ParamTensor[] = [];
  for (let k = 0; k < spec.numLayers; k++) {
    const inK = k === 0 ? inputSize : directions.length * spec.hiddenSize;
    for (const d of directions) {
      out.push({ name: `weight_ih_l${k}${d}`, shape: [rows, inK] });
      out.push({ name: `weight_hh_l${k}${d}`, shape: [rows, spec.hiddenSize] });
      out.push({ name: `bias_ih_l${k}${d}`, shape: [rows] });
      out.push({ name: `bias_hh_l${k}${d}`, shape: [rows] });
    }
  }
  return out;
}

/** Parameters of nn.RNN/LSTM/GRU: per layer and direction, gates·H·(in + H) weights and 2·gates·H biases. */
export function recurrentParameterCount(spec: RecurrentSpec, inputSize: number): number {
  return recurrentTensors(spec, inputSize).reduce((n, p) => n + sizeOf(p.shape), 0);
}

/** The BiLSTM of tag's character encoder: one layer of `hiddenSize` each way. */
export function charLstm(hiddenSize: number): RecurrentSpec {
  return {
    cell: 'lstm',
    hiddenSize,
    numLayers: 1,
    bidirectional: true,
    dropout: 0,
    nonlinearity: 'tanh',
  };
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
    const enc = model.charEncoder;
    total += recurrentParameterCount(charLstm(enc.hiddenSize), enc.embeddingDim);
  }
  return total;
}

/** `nn.LSTM(64, 128, num_layers=2, bidirectional=True)`, the constructor call PyTorch would take. */
export function recurrentModule(
  spec: RecurrentSpec,
  inputSize: number,
  notation: Notation,
): string {
  const args = [`${inputSize}`, `${spec.hiddenSize}`];
  if (spec.cell === 'rnn' && spec.nonlinearity !== 'tanh')
    args.push(`nonlinearity='${spec.nonlinearity}'`);
  if (spec.numLayers !== 1) args.push(`num_layers=${spec.numLayers}`);
  if (notation.batchFirst) args.push('batch_first=True');
  if (spec.dropout !== 0) args.push(`dropout=${spec.dropout}`);
  if (spec.bidirectional) args.push('bidirectional=True');
  return `nn.${spec.cell.toUpperCase()}(${args.join(', ')})`;
}

/**
 * A recurrent stack under `prefix` (`rnn`, `encoder`, `decoder`): input `(L, N, H_in)` → output
 * `(L, N, D·H)`, h_n `(D·num_layers, N, H)` (and c_n for LSTM).
 */
export function recurrentLayer(o: {
  kind: 'encoder' | 'decoder';
  prefix: string;
  spec: RecurrentSpec;
  inputSize: number;
  notation: Notation;
  length?: Dim;
}): LayerDescription {
  const { spec, notation, length = 'L' } = o;
  const d = spec.bidirectional ? 2 : 1;
  const state = (name: string): ShapeInfo => ({
    name,
    dims: [d * spec.numLayers, 'N', spec.hiddenSize],
  });
  const outputs = [seqShape('output', d * spec.hiddenSize, notation, length), state('h_n')];
  if (spec.cell === 'lstm') outputs.push(state('c_n'));
  return layerOf(
    o.kind,
    recurrentModule(spec, o.inputSize, notation),
    { inputs: [seqShape('input', o.inputSize, notation, length)], outputs },
    prefixed(o.prefix, recurrentTensors(spec, o.inputSize)),
  );
}

/** `nn.Embedding(vocab, dim, padding_idx=0)` under `prefix`: ids `(L, N)` → `(L, N, E)`. */
export function embeddingLayer(o: {
  kind: 'embedding' | 'decoder-embedding';
  prefix: string;
  vocabSize: number;
  dim: number;
  notation: Notation;
  length?: Dim;
}): LayerDescription {
  const { notation, length = 'L' } = o;
  return layerOf(
    o.kind,
    `nn.Embedding(${o.vocabSize}, ${o.dim}, padding_idx=0)`,
    {
      inputs: [{ name: 'ids', dims: notation.batchFirst ? ['N', length] : [length, 'N'] }],
      outputs: [seqShape('embedded', o.dim, notation, length)],
    },
    [{ name: `${o.prefix}.weight`, shape: [o.vocabSize, o.dim] }],
  );
}

/** The tensors of `nn.Linear(in, out)` under `prefix`: weight `[out, in]`, bias `[out]`. */
export function linearTensors(prefix: string, inFeatures: number, outFeatures: number) {
  return prefixed(prefix, [
    { name: 'weight', shape: [outFeatures, inFeatures] },
    { name: 'bias', shape: [outFeatures] },
  ]);
}

/** The output layer `nn.Linear(in, out)` under `prefix`, from `input` to `output`. */
export function headLayer(o: {
  prefix: string;
  inFeatures: number;
  outFeatures: number;
  inputs: readonly ShapeInfo[];
  output: ShapeInfo;
}): LayerDescription {
  return layerOf(
    'head',
    `nn.Linear(${o.inFeatures}, ${o.outFeatures})`,
    { inputs: o.inputs, outputs: [o.output] },
    linearTensors(o.prefix, o.inFeatures, o.outFeatures),
  );
}

/** The head's `nn.Dropout(p)` as a list of layers: empty when `p` is 0 or absent (there is no module then). */
export function headDropoutLayers(p: number | undefined, io: ShapeInfo): LayerDescription[] {
  if (p === undefined || p === 0) return [];
  return [layerOf('dropout', `nn.Dropout(p=${p})`, { inputs: [io], outputs: [io] })];
}

/**
 * Sums the layers and estimates memory in bytes: float32 parameters; for the trained ones (not in
 * a frozen layer) as many gradients and Adam's two moments; and `activationFloats` floats kept for
 * backward in one batch.
 */
export function summarise(
  layers: readonly LayerDescription[],
  activationFloats: number,
  sizes: SizeHints & { estimated: boolean },
): ModelDescription {
  const totalParameters = layers.reduce((s, l) => s + l.parameters, 0);
  const frozenParameters = layers.reduce((s, l) => s + (l.frozen === true ? l.parameters : 0), 0);
  const parameterBytes = totalParameters * BYTES;
  const gradientBytes = (totalParameters - frozenParameters) * BYTES;
  const activationBytes = Math.round(activationFloats * BYTES);
  return {
    layers,
    totalParameters,
    frozenParameters,
    memory: {
      parameterBytes,
      gradientBytes,
      optimizerBytes: 2 * gradientBytes,
      activationBytes,
      totalBytes: parameterBytes + 3 * gradientBytes + activationBytes,
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
  const perStep = gateCount(spec.cell) + (spec.cell === 'lstm' ? 3 : 1);
  return spec.numLayers * D * steps * batch * spec.hiddenSize * perStep;
}
