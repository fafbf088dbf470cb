/** A PyTorch nn.RNN / nn.LSTM / nn.GRU stack as ONNX RNN / LSTM / GRU nodes, one per layer, with the gate order and bias layout ONNX expects. */
import type { RecurrentSpec } from '../../../tasks/spec.ts';
import type { OnnxGraphBuilder } from './graphBuilder.ts';

// PyTorch parity: PyTorch stacks gates as LSTM (i, f, g, o) and GRU (r, z, n); ONNX expects
// LSTM (i, o, f, c) and GRU (z, r, h). The blocks below say which PyTorch gate fills each ONNX
// slot. ONNX's GRU with linear_before_reset = 1 computes n = tanh(W_in x + b_in + r ⊙ (W_hn h + b_hn)),
// PyTorch's formula (the ONNX default, 0, applies r before the matmul).
const GATE_ORDER: Record<RecurrentSpec['cell'], readonly number[]> = {
  rnn: [0],
  lstm: [0, 3, 1, 2],
  gru: [1, 0, 2],
};

const OP_TYPE: Record<RecurrentSpec['cell'], string> = { rnn: 'RNN', lstm: 'LSTM', gru: 'GRU' };

/** Copies `[G·H, cols]` row blocks of `src` into `dst` at `offset` in ONNX gate order. */
function reorderGates(
  src: Float32Array,
  dst: Float32Array,
  offset: number,
  order: readonly number[],
  blockSize: number,
): void {
  order.forEach((pytorchGate, slot) => {
    dst.set(
      src.subarray(pytorchGate * blockSize, (pytorchGate + 1) * blockSize),
      offset + slot * blockSize,
    );
  });
}

/** What {@link emitRecurrent} produced. */
export interface RecurrentValues {
  /** The top layer's outputs `[L, N, D·H]` (zero past each sequence's length). */
  output: string;
  /** h_n of every layer and direction `[D·numLayers, N, H]`, PyTorch's layout. */
  hN: string;
  /** c_n for an LSTM, else null. */
  cN: string | null;
}

/** Inputs of {@link emitRecurrent}. */
export interface RecurrentInputs {
  /** `[L, N, inputSize]` float. */
  x: string;
  /** `[N]` int32 sequence lengths, or null for full-length sequences. */
  lengths: string | null;
  /** h0 `[D·numLayers, N, H]`, or null for zeros. */
  h0: string | null;
  /** c0 for an LSTM, or null for zeros. */
  c0: string | null;
}

/**
 * Emits the stack `spec` whose weights are `${prefix}.weight_ih_l{k}[_reverse]` etc. (PyTorch names).
 * Inter-layer dropout is a training-time op and does not appear (the graph is inference).
 * @throws ConfigError (from the builder) when a weight is missing or misshaped.
 */
export function emitRecurrent(
  g: OnnxGraphBuilder,
  spec: RecurrentSpec,
  prefix: string,
  inputSize: number,
  inputs: RecurrentInputs,
): RecurrentValues {
  const H = spec.hiddenSize;
  const D = spec.bidirectional ? 2 : 1;
  const gates = GATE_ORDER[spec.cell].length;
  const order = GATE_ORDER[spec.cell];
  const hasBias = g.has(`${prefix}.bias_ih_l0`);
  let x = inputs.x;
  let inSize = inputSize;
  const hs: string[] = [];
  const cs: string[] = [];
  for (let layer = 0; layer < spec.numLayers; layer++) {
    const W = new Float32Array(D * gates * H * inSize);
    const R = new Float32Array(D * gates * H * H);
    const B = new Float32Array(D * 2 * gates * H);
    for (let d = 0; d < D; d++) {
      const suffix = `_l${layer}${d === 1 ? '_reverse' : ''}`;
      const wih = g.weight(`${prefix}.weight_ih${suffix}`, [gates * H, inSize]);
      const whh = g.weight(`${prefix}.weight_hh${suffix}`, [gates * H, H]);
      reorderGates(wih.data, W, d * gates * H * inSize, order, H * inSize);
      reorderGates(whh.data, R, d * gates * H * H, order, H * H);
      if (hasBias) {
        const bih = g.weight(`${prefix}.bias_ih${suffix}`, [gates * H]);
        const bhh = g.weight(`${prefix}.bias_hh${suffix}`, [gates * H]);
        reorderGates(bih.data, B, d * 2 * gates * H, order, H);
        reorderGates(bhh.data, B, d * 2 * gates * H + gates * H, order, H);
      }
    }
    const name = `${prefix}_l${layer}`;
    const w = g.floats(`${name}_W`, W, [D, gates * H, inSize]);
    const r = g.floats(`${name}_R`, R, [D, gates * H, H]);
    const b = hasBias ? g.floats(`${name}_B`, B, [D, 2 * gates * H]) : '';
    const sliceState = (state: string | null): string => {
      if (state === null) return '';
      return g.op('Slice', [
        state,
        g.int64('starts', [layer * D]),
        g.int64('ends', [(layer + 1) * D]),
        g.int64('axes', [0]),
      ]);
    };
    const nodeInputs = [x, w, r, b, inputs.lengths ?? '', sliceState(inputs.h0)];
    if (spec.cell === 'lstm') nodeInputs.push(sliceState(inputs.c0));
    while (nodeInputs[nodeInputs.length - 1] === '') nodeInputs.pop();
    const attributes: Record<string, number | string | string[]> = {
      hidden_size: H,
      direction: D === 2 ? 'bidirectional' : 'forward',
    };
    if (spec.cell === 'gru') attributes.linear_before_reset = 1;
    if (spec.cell === 'rnn') {
      const act = spec.nonlinearity === 'relu' ? 'Relu' : 'Tanh';
      attributes.activations = D === 2 ? [act, act] : [act];
    }
    const outs = g.node(
      OP_TYPE[spec.cell],
      nodeInputs,
      attributes,
      spec.cell === 'lstm'
        ? [`${name}_Y`, `${name}_Yh`, `${name}_Yc`]
        : [`${name}_Y`, `${name}_Yh`],
    );
    // Y is [L, D, N, H]; the next layer (and the caller) wants [L, N, D·H].
    const y = g.op('Transpose', [outs[0] as string], { perm: [0, 2, 1, 3] });
    x = g.reshape(y, [0, 0, D * H]);
    inSize = D * H;
    hs.push(outs[1] as string);
    if (spec.cell === 'lstm') cs.push(outs[2] as string);
  }
  const concat = (parts: string[]): string =>
    parts.length === 1 ? (parts[0] as string) : g.op('Concat', parts, { axis: 0 });
  return { output: x, hN: concat(hs), cN: spec.cell === 'lstm' ? concat(cs) : null };
}
