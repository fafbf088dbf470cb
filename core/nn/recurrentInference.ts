/** A recurrent stack run forward only over whole sequences, straight on the backend's fused layer kernels: no tensors, no autograd records, no per-step states copied out, for scoring big splits. */
import { getBackend } from '../kernels/backend.ts';
import type { GRU, LSTM, RNN } from './rnn.ts';

/**
 * The top layer's final hidden state of each direction, `[N, D·H]` row-major ([h_fwd; h_bwd] per
 * row), of `module` over `x` `[N, L, inputSize]` (batch-first) from zero states: the values of
 * `module.forward` in eval mode (no dropout between layers), without its outputs, caches or graph.
 */
export function finalHiddenRows(
  module: RNN | LSTM | GRU,
  x: Float32Array,
  shape: readonly [number, number, number],
): Float32Array {
  const [N, L, I] = shape;
  const H = module.hiddenSize;
  const D = module.numDirections;
  const backend = getBackend();
  // NOTE: the fused kernels read time-major [L, N, I].
  let input: Float32Array = new Float32Array(L * N * I);
  for (let n = 0; n < N; n++) {
    for (let t = 0; t < L; t++) {
      input.set(x.subarray((n * L + t) * I, (n * L + t + 1) * I), (t * N + n) * I);
    }
  }
  let inputSize = I;
  const last = new Float32Array(N * D * H);
  for (let layer = 0; layer < module.numLayers; layer++) {
    const top = layer === module.numLayers - 1;
    const outs: Float32Array[] = [];
    for (let d = 0; d < D; d++) {
      const w = module.layerParameters(layer, d);
      const r = backend.recurrentForward(module.cellType, {
        seqLen: L,
        batch: N,
        inputSize,
        hiddenSize: H,
        reverse: d === 1,
        lengths: null,
        x: input,
        h0: null,
        c0: null,
        wIh: w.wIh.data,
        wHh: w.wHh.data,
        bIh: w.bIh?.data ?? null,
        bHh: w.bHh?.data ?? null,
        forwardOnly: true,
      });
      outs.push(r.out);
      if (top)
        for (let n = 0; n < N; n++) last.set(r.hN.subarray(n * H, (n + 1) * H), (n * D + d) * H);
    }
    if (top) break;
    input = D === 1 ? (outs[0] as Float32Array) : interleave(outs, L * N, H);
    inputSize = D * H;
  }
  return last;
}

/** Rows of the directions' outputs side by side: `[rows, H]` each → `[rows, D·H]`. */
function interleave(outs: readonly Float32Array[], rows: number, H: number): Float32Array {
  const D = outs.length;
  const out = new Float32Array(rows * D * H);
  for (let r = 0; r < rows; r++) {
    outs.forEach((o, d) => {
      out.set(o.subarray(r * H, (r + 1) * H), (r * D + d) * H);
    });
  }
  return out;
}
