/** One recurrent layer in one direction as a single autograd op over the backend's fused layer kernels, split into output, h_n and c_n. */

import { getBackend } from '../kernels/backend.ts';
import type { CellType, LayerCache } from '../kernels/recurrent/index.ts';
import { isGradEnabled, makeResult } from '../tensor/autograd.ts';
import type { Tensor } from '../tensor/tensor.ts';

/** The four parameters of one layer-direction (biases null when `bias: false`). */
export interface LayerWeights {
  /** [G·H, inputSize]. */
  wIh: Tensor;
  /** [G·H, H]. */
  wHh: Tensor;
  /** [G·H] or null. */
  bIh: Tensor | null;
  /** [G·H] or null. */
  bHh: Tensor | null;
}

export interface RecurrentLayerOptions {
  cell: CellType;
  /** [L, N, inputSize], time-major. */
  x: Tensor;
  /** [N, H] or null for zeros. */
  h0: Tensor | null;
  /** [N, H] or null for zeros (LSTM only). */
  c0: Tensor | null;
  weights: LayerWeights;
  reverse: boolean;
  /** Per-sequence lengths in [1, L], already validated; null when every sequence has length L. */
  lengths: Int32Array | null;
}

export interface RecurrentLayerResult {
  /** [L, N, H]; zero past each sequence's end. */
  out: Tensor;
  /** [N, H]. */
  hN: Tensor;
  /** [N, H] for LSTM, else null. */
  cN: Tensor | null;
}

/**
 * Runs one layer-direction. The fused op returns one packed tensor [out | h_n | c_n] (the
 * autograd engine is single-output); three slices of it are the results, so gradients of any
 * of them reach x, h0, c0 and the four parameters.
 */
export function recurrentLayer(o: RecurrentLayerOptions): RecurrentLayerResult {
  const [L, N, inputSize] = o.x.shape;
  const H = o.weights.wHh.shape[1];
  const { wIh, wHh, bIh, bHh } = o.weights;
  // The backend that ran the forward also runs the backward (either accepts either's cache).
  const backend = getBackend();
  const inputsRequireGrad = [o.x, o.h0, o.c0, wIh, wHh, bIh, bHh].some(
    (t) => t?.requiresGrad === true,
  );
  const outSize = L * N * H;
  const NH = N * H;
  // The backend writes [out | h_n | c_n] straight into the packed array (no second copy).
  const packed = new Float32Array(outSize + NH * (o.cell === 'lstm' ? 2 : 1));
  const result = backend.recurrentForward(o.cell, {
    seqLen: L,
    batch: N,
    inputSize,
    hiddenSize: H,
    reverse: o.reverse,
    lengths: o.lengths,
    x: o.x.data,
    h0: o.h0?.data ?? null,
    c0: o.c0?.data ?? null,
    wIh: wIh.data,
    wHh: wHh.data,
    bIh: bIh?.data ?? null,
    bHh: bHh?.data ?? null,
    // PyTorch parity: a recorded graph is backpropagated once (torch refuses a second backward
    // without retain_graph), so the backend may keep the cache for that one backward in place.
    cacheForOneBackward: isGradEnabled() && inputsRequireGrad,
    into: packed,
  });
  if (result.out.buffer !== packed.buffer) {
    // A backend that does not write into `into` returned fresh arrays.
    packed.set(result.out);
    packed.set(result.hN, outSize);
    if (result.cN !== null) packed.set(result.cN, outSize + NH);
  }
  const cache: LayerCache = result.cache;
  const slots = [o.x, o.h0, o.c0, wIh, wHh, bIh, bHh];
  const inputs = slots.filter((t): t is Tensor => t !== null);
  const slices = new PackedGrad(packed.length);
  const fused = makeResult(packed, [packed.length], {
    op: `${o.cell}${o.reverse ? '-reverse' : ''}`,
    inputs,
    backward(g) {
      slices.consumed();
      const grads = backend.recurrentBackward(o.cell, cache, {
        dOut: g.subarray(0, outSize),
        dhN: g.subarray(outSize, outSize + NH),
        dcN: result.cN === null ? null : g.subarray(outSize + NH),
        needInputGrad: o.x.requiresGrad,
      });
      const bySlot = [
        grads.dx,
        grads.dh0,
        grads.dc0,
        grads.dWih,
        grads.dWhh,
        grads.dbIh,
        grads.dbHh,
      ];
      return bySlot.filter((_, i) => slots[i] !== null);
    },
  });
  return {
    out: slices.slice(fused, 0, [L, N, H]),
    hN: slices.slice(fused, outSize, [N, H]),
    cN: result.cN === null ? null : slices.slice(fused, outSize + NH, [N, H]),
  };
}

/**
 * Slices of the packed [out | h_n | c_n] tensor. Their data are views (the packed values are never
 * written after the forward). Their gradients land in disjoint regions of one array: the first
 * slice to run its backward hands that array to the engine, the others write into it and return
 * null, so the engine neither allocates nor adds a packed-size array per slice.
 */
class PackedGrad {
  private pending: Float32Array | null = null;

  constructor(private readonly total: number) {}

  slice(packed: Tensor, offset: number, shape: number[]): Tensor {
    let size = 1;
    for (const d of shape) size *= d;
    return makeResult(packed.data.subarray(offset, offset + size), shape, {
      op: 'slice',
      inputs: [packed],
      backward: (g) => {
        const first = this.pending === null;
        const full = this.pending ?? new Float32Array(this.total);
        this.pending = full;
        full.set(g.subarray(0, size), offset);
        return [first ? full : null];
      },
    });
  }

  /** Called by the packed op's backward: the next backward pass starts a fresh array. */
  consumed(): void {
    this.pending = null;
  }
}
