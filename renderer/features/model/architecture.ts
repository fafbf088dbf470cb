/** Describes a RunSpec's model layer by layer: tensor shapes in PyTorch notation, parameter tensors and counts, memory. */
import {
  DEFAULT_ATTENTION,
  DEFAULT_EMBEDDING_DIMS,
  type ModelSpec,
  type RecurrentSpec,
  type RunSpec,
  seq2seqDecoder,
} from '../../../core/tasks/spec.ts';

/** Sizes that come from the dataset, not the model spec. */
export interface DatasetDims {
  /** Source vocabulary including special tokens (text tasks). */
  vocabSize?: number;
  /** seq2seq: target vocabulary including special tokens. */
  targetVocabSize?: number;
  /** classify: classes. */
  numClasses?: number;
  /** tag: distinct tags. */
  numTags?: number;
  /** forecast: numbers per time step (target plus features). */
  numFeatures?: number;
  /** tag with a character encoder: distinct characters including special tokens. */
  charVocabSize?: number;
}

/** A dimension: a number, or a symbol (`L` sequence length, `N` batch, `T` target length, `C` characters per word, `W` distinct words in a batch). */
export type Dim = number | 'L' | 'N' | 'T' | 'C' | 'W';

/** One tensor flowing between layers, e.g. `output (L, N, 256)`. */
export interface ShapeInfo {
  /** PyTorch's name for it: `input`, `output`, `h_n`, `c_n`, `logits`, … */
  name: string;
  dims: Dim[];
}

/** A learnable tensor with its PyTorch state-dict key and shape. */
export interface ParamTensor {
  name: string;
  shape: number[];
}

/** Kinds of layer cards the builder shows. */
export type LayerKind =
  | 'embedding'
  | 'char-encoder'
  | 'encoder'
  | 'bridge'
  | 'decoder-embedding'
  | 'decoder'
  | 'attention'
  | 'pooling'
  | 'dropout'
  | 'head';

/** One layer: what goes in, what comes out, what it learns. */
export interface LayerInfo {
  kind: LayerKind;
  /** The PyTorch module it corresponds to, e.g. `nn.LSTM(64, 128, num_layers=2, bidirectional=True)`. */
  module: string;
  inputs: ShapeInfo[];
  outputs: ShapeInfo[];
  params: ParamTensor[];
  paramCount: number;
}

/** The whole model. */
export interface ModelDescription {
  layers: LayerInfo[];
  paramCount: number;
}

/** Notation options: PyTorch's `batch_first`. */
export interface NotationOptions {
  batchFirst: boolean;
}

/** Gates per cell: the rows of `weight_ih` are `gates · hidden_size` (LSTM i,f,g,o; GRU r,z,n). */
export const GATES: Record<RecurrentSpec['cell'], number> = { rnn: 1, lstm: 4, gru: 3 };

const size = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);

function layerOf(
  kind: LayerKind,
  module: string,
  io: Pick<LayerInfo, 'inputs' | 'outputs'>,
  params: ParamTensor[] = [],
): LayerInfo {
  return { kind, module, ...io, params, paramCount: params.reduce((n, p) => n + size(p.shape), 0) };
}

/** A sequence tensor `(L, N, F)`, or `(N, L, F)` with batch_first. */
function seq(
  name: string,
  features: number,
  notation: NotationOptions,
  length: Dim = 'L',
): ShapeInfo {
  return { name, dims: notation.batchFirst ? ['N', length, features] : [length, 'N', features] };
}

/**
 * The parameter tensors of `nn.RNN/LSTM/GRU(inputSize, …)` in state-dict order:
 * `weight_ih_l{k}{_reverse}` `[gates·H, in_k]`, `weight_hh_l{k}…` `[gates·H, H]`, `bias_ih_l{k}…`
 * and `bias_hh_l{k}…` `[gates·H]`, where `in_0 = inputSize` and `in_k = D·H` above the first layer.
 */
export function recurrentParams(spec: RecurrentSpec, inputSize: number): ParamTensor[] {
  const rows = GATES[spec.cell] * spec.hiddenSize;
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

/** `nn.LSTM(64, 128, num_layers=2, bidirectional=True)`, as PyTorch prints it. */
export function recurrentModule(
  spec: RecurrentSpec,
  inputSize: number,
  notation: NotationOptions,
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

function recurrentLayer(
  kind: 'encoder' | 'decoder',
  spec: RecurrentSpec,
  inputSize: number,
  notation: NotationOptions,
  length: Dim = 'L',
): LayerInfo {
  const d = spec.bidirectional ? 2 : 1;
  const state = (name: string): ShapeInfo => ({
    name,
    dims: [d * spec.numLayers, 'N', spec.hiddenSize],
  });
  const outputs = [seq('output', d * spec.hiddenSize, notation, length), state('h_n')];
  if (spec.cell === 'lstm') outputs.push(state('c_n'));
  return layerOf(
    kind,
    recurrentModule(spec, inputSize, notation),
    { inputs: [seq('input', inputSize, notation, length)], outputs },
    recurrentParams(spec, inputSize),
  );
}

/**
 * tag: the per-word character encoder. The characters `(C, W)` of the batch's W distinct words
 * are embedded and read by a bidirectional LSTM; its final states h_n `(2, W, h)` become each
 * word's 2·h character features, concatenated with the word embedding: `(L, N, E + 2·h)`.
 * NOTE: parameter names follow core/tasks/tag/describe.ts (`char_embedding`, `char_rnn`).
 */
function charEncoderLayer(
  spec: NonNullable<ModelSpec['charEncoder']>,
  o: { charVocab: number; wordFeatures: number; notation: NotationOptions },
): LayerInfo {
  const lstm: RecurrentSpec = {
    cell: 'lstm',
    hiddenSize: spec.hiddenSize,
    numLayers: 1,
    bidirectional: true,
    dropout: 0,
    nonlinearity: 'tanh',
  };
  const lstmModule = recurrentModule(lstm, spec.embeddingDim, { batchFirst: false });
  return layerOf(
    'char-encoder',
    `nn.Embedding(${o.charVocab}, ${spec.embeddingDim}, padding_idx=0) → ${lstmModule}`,
    {
      inputs: [{ name: 'chars', dims: ['C', 'W'] }],
      outputs: [
        seq('features', o.wordFeatures + 2 * spec.hiddenSize, o.notation),
        seq('char features', 2 * spec.hiddenSize, o.notation),
      ],
    },
    [
      { name: 'char_embedding.weight', shape: [o.charVocab, spec.embeddingDim] },
      ...recurrentParams(lstm, spec.embeddingDim).map((p) => ({
        ...p,
        name: `char_rnn.${p.name}`,
      })),
    ],
  );
}

function embeddingLayer(
  kind: 'embedding' | 'decoder-embedding',
  vocab: number,
  dim: number,
  notation: NotationOptions,
  length: Dim,
): LayerInfo {
  return layerOf(
    kind,
    `nn.Embedding(${vocab}, ${dim}, padding_idx=0)`,
    {
      inputs: [{ name: 'ids', dims: notation.batchFirst ? ['N', length] : [length, 'N'] }],
      outputs: [seq('embedded', dim, notation, length)],
    },
    [{ name: 'weight', shape: [vocab, dim] }],
  );
}

function linear(inFeatures: number, outFeatures: number): ParamTensor[] {
  return [
    { name: 'weight', shape: [outFeatures, inFeatures] },
    { name: 'bias', shape: [outFeatures] },
  ];
}

function prefixed(module: string, params: ParamTensor[]): ParamTensor[] {
  return params.map((p) => ({ ...p, name: `${module}.${p.name}` }));
}

/**
 * seq2seq: when the encoder's final state is not already the decoder's shape (bidirectional, or
 * another width), h_0 = tanh(bridge_h(h_n of both directions joined)) per layer, and for LSTM to
 * LSTM c_0 = bridge_c(c_n) (core/tasks/seq2seq/model.ts); null when h_n is handed over as it is.
 */
function bridgeLayer(
  encoder: RecurrentSpec,
  decoder: RecurrentSpec,
  encoderFeatures: number,
): LayerInfo | null {
  const Hd = decoder.hiddenSize;
  if (!encoder.bidirectional && encoderFeatures === Hd) return null;
  const withCell = encoder.cell === 'lstm' && decoder.cell === 'lstm';
  const states: ShapeInfo[] = [
    { name: 'h_n', dims: [encoder.numLayers, 'N', encoderFeatures] },
    ...(withCell
      ? [{ name: 'c_n', dims: [encoder.numLayers, 'N', encoderFeatures] } satisfies ShapeInfo]
      : []),
  ];
  return layerOf(
    'bridge',
    `nn.Linear(${encoderFeatures}, ${Hd})`,
    {
      inputs: states,
      outputs: states.map((st) => ({
        name: st.name === 'h_n' ? 'h_0' : 'c_0',
        dims: [decoder.numLayers, 'N', Hd],
      })),
    },
    [
      ...prefixed('bridge_h', linear(encoderFeatures, Hd)),
      ...(withCell ? prefixed('bridge_c', linear(encoderFeatures, Hd)) : []),
    ],
  );
}

function dropoutLayer(p: number | undefined, shape: ShapeInfo): LayerInfo[] {
  if (p === undefined || p === 0) return [];
  return [layerOf('dropout', `nn.Dropout(p=${p})`, { inputs: [shape], outputs: [{ ...shape }] })];
}

/** Output size of a task's head: classes, horizon, tags or vocabulary. */
function headSize(spec: RunSpec, dims: DatasetDims): number {
  switch (spec.task) {
    case 'classify':
      return dims.numClasses ?? 2;
    case 'forecast':
      return spec.data.horizon ?? 1;
    case 'tag':
      return dims.numTags ?? 17;
    case 'seq2seq':
      return dims.targetVocabSize ?? dims.vocabSize ?? 1000;
    case 'generate':
      return dims.vocabSize ?? 1000;
  }
}

/**
 * The layers of `spec.model` for `spec.task` with shapes and parameters. Text tasks start with an
 * embedding of `dims.vocabSize` tokens; forecast feeds `dims.numFeatures` numbers per step.
 * Sizes the dataset does not give fall back to small placeholders (2 classes, 17 tags, 1,000 tokens).
 */
export function describeArchitecture(
  spec: RunSpec,
  dims: DatasetDims,
  notation: NotationOptions,
): ModelDescription {
  const m = spec.model;
  const layers: LayerInfo[] = [];
  const rec = m.recurrent;
  const d = rec.bidirectional ? 2 : 1;
  const vocab = dims.vocabSize ?? 1000;
  const embed =
    spec.task === 'forecast' ? 0 : (m.embeddingDim ?? DEFAULT_EMBEDDING_DIMS[spec.task]);
  let inputSize: number;
  if (spec.task === 'forecast') inputSize = dims.numFeatures ?? 1;
  else {
    layers.push(embeddingLayer('embedding', vocab, embed, notation, 'L'));
    inputSize = embed;
    if (spec.task === 'tag' && m.charEncoder !== undefined) {
      const char = charEncoderLayer(m.charEncoder, {
        charVocab: dims.charVocabSize ?? 100,
        wordFeatures: embed,
        notation,
      });
      layers.push(char);
      inputSize = embed + 2 * m.charEncoder.hiddenSize;
    }
  }
  const encoder = recurrentLayer('encoder', rec, inputSize, notation);
  layers.push(encoder);
  const out = headSize(spec, dims);
  const features = d * rec.hiddenSize;
  switch (spec.task) {
    case 'classify':
    case 'forecast': {
      const pooling = spec.task === 'classify' ? (m.pooling ?? 'last') : 'last';
      const pooled: ShapeInfo = { name: 'pooled', dims: ['N', features] };
      layers.push(
        layerOf('pooling', pooling, {
          inputs: [encoder.outputs[0] as ShapeInfo],
          outputs: [pooled],
        }),
      );
      layers.push(...dropoutLayer(m.headDropout, pooled));
      layers.push(
        layerOf(
          'head',
          `nn.Linear(${features}, ${out})`,
          {
            inputs: [pooled],
            outputs: [
              { name: spec.task === 'classify' ? 'logits' : 'prediction', dims: ['N', out] },
            ],
          },
          linear(features, out),
        ),
      );
      break;
    }
    case 'tag':
    case 'generate': {
      const hidden = seq('output', features, notation);
      layers.push(...dropoutLayer(m.headDropout, hidden));
      layers.push(
        layerOf(
          'head',
          `nn.Linear(${features}, ${out})`,
          { inputs: [hidden], outputs: [seq('logits', out, notation)] },
          linear(features, out),
        ),
      );
      break;
    }
    case 'seq2seq':
      layers.push(
        ...seq2seqLayers(spec.model, { encoderFeatures: features, out, embed, notation }),
      );
      break;
  }
  return { layers, paramCount: layers.reduce((n, l) => n + l.paramCount, 0) };
}

/** Decoder side of seq2seq: target embedding, attention, decoder stack and the vocabulary head. */
function seq2seqLayers(
  m: ModelSpec,
  o: { encoderFeatures: number; out: number; embed: number; notation: NotationOptions },
): LayerInfo[] {
  const dec = seq2seqDecoder(m);
  const attention = m.attention ?? DEFAULT_ATTENTION;
  const layers: LayerInfo[] = [];
  const bridge = bridgeLayer(m.recurrent, dec, o.encoderFeatures);
  if (bridge !== null) layers.push(bridge);
  layers.push(embeddingLayer('decoder-embedding', o.out, o.embed, o.notation, 'T'));
  // NOTE: Bahdanau attention feeds the context vector into the decoder with each input token;
  // Luong attention combines it with the decoder output afterwards (Luong et al. 2015, "general").
  const decoderInput = attention === 'bahdanau' ? o.embed + o.encoderFeatures : o.embed;
  const decoder = recurrentLayer('decoder', dec, decoderInput, o.notation, 'T');
  const h = (dec.bidirectional ? 2 : 1) * dec.hiddenSize;
  const decOut = decoder.outputs[0] as ShapeInfo;
  if (attention === 'bahdanau') {
    layers.push(
      layerOf(
        'attention',
        'Bahdanau (additive)',
        {
          inputs: [
            seq('encoder output', o.encoderFeatures, o.notation),
            { name: 'h', dims: ['N', h] },
          ],
          outputs: [{ name: 'context', dims: ['N', o.encoderFeatures] }],
        },
        // NOTE: names and shapes of core/nn/attention.ts (kind 'bahdanau', attnDim = D_q), then
        // the same h̃ = tanh(W_c [h; c] + b_c) as Luong's after each decoder step.
        [
          { name: 'query_proj.weight', shape: [h, h] },
          { name: 'key_proj.weight', shape: [h, o.encoderFeatures] },
          { name: 'key_proj.bias', shape: [h] },
          { name: 'v.weight', shape: [1, h] },
          ...prefixed('combine', linear(h + o.encoderFeatures, h)),
        ],
      ),
    );
  }
  layers.push(decoder);
  let headIn = h;
  if (attention === 'luong') {
    layers.push(
      layerOf(
        'attention',
        'Luong (general)',
        {
          inputs: [decOut, seq('encoder output', o.encoderFeatures, o.notation)],
          outputs: [seq('attended', h, o.notation, 'T')],
        },
        [
          // NOTE: core/nn/attention.ts 'general' scores, then Luong's h̃ = tanh(W_c [c; h]).
          { name: 'linear.weight', shape: [o.encoderFeatures, h] },
          ...prefixed('combine', linear(h + o.encoderFeatures, h)),
        ],
      ),
    );
    headIn = h;
  }
  const headInput = seq(attention === 'luong' ? 'attended' : 'output', headIn, o.notation, 'T');
  layers.push(...dropoutLayer(m.headDropout, headInput));
  layers.push(
    layerOf(
      'head',
      `nn.Linear(${headIn}, ${o.out})`,
      { inputs: [headInput], outputs: [seq('logits', o.out, o.notation, 'T')] },
      linear(headIn, o.out),
    ),
  );
  return layers;
}

/** `(L, N, 256)` */
export function formatShape(dims: readonly Dim[]): string {
  return `(${dims.join(', ')})`;
}
