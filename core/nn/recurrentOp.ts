/** One recurrent layer in one direction as a single autograd op over the backend's fused layer kernels, split into output, h_n and c_n. */

import { acquireArray, releaseArray } from '../kernels/arrayPool.ts';
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
  /**
   * The packed array [out | h_n | c_n] the three results view, from the array pool: a caller that
   * has copied the results out (and hands no view of them on) may give it back with releaseArray.
   * No backward reads it.
   */
  storage: Float32Array;
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
  const recordsGraph =
    isGradEnabled() && [o.x, o.h0, o.c0, wIh, wHh, bIh, bHh].some((t) => t?.requiresGrad === true);
  const outSize = L * N * H;
  const NH = N * H;
  // The backend writes [out | h_n | c_n] straight into the packed array (no second copy), all of
  // it (rows past a sequence's end as zeros).
  const packed = acquireArray(outSize + NH * (o.cell === 'lstm' ? 2 : 1), { zero: false });
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
    cacheForOneBackward: recordsGraph,
    // Without a graph no backward reads the cache: the per-step states need not leave the kernels.
    forwardOnly: !recordsGraph,
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
  const slices = new SliceGrads();
  const fused = makeResult(packed, [packed.length], {
    op: `${o.cell}${o.reverse ? '-reverse' : ''}`,
    inputs,
    backward() {
      // The gradient the engine hands in is a placeholder: the slices' own arrays are used.
      const [dOut, dhN, dcN] = slices.take();
      const grads = backend.recurrentBackward(o.cell, cache, {
        dOut,
        dhN,
        dcN: result.cN === null ? null : dcN,
        needInputGrad: o.x.requiresGrad,
      });
      // The slices' gradients were read (copied in) by the backward and are held nowhere else.
      releaseArray(dOut);
      releaseArray(dhN);
      releaseArray(dcN);
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
    out: slices.slice(fused, 0, 0, [L, N, H]),
    hN: slices.slice(fused, 1, outSize, [N, H]),
    cN: result.cN === null ? null : slices.slice(fused, 2, outSize + NH, [N, H]),
    storage: packed,
  };
}

/**
 * The three slices of the packed [out | h_n | c_n] tensor. Their data are views (the packed values
 * are never written after the forward). Their backward keeps each slice's gradient array as it is
 * (the engine hands a rule its gradient to own) and hands the packed op an empty placeholder, so no
 * packed-size gradient is allocated and filled only to be taken apart again.
 */
class SliceGrads {
  private parts: [Float32Array | null, Float32Array | null, Float32Array | null] = [
    null,
    null,
    null,
  ];

  slice(packed: Tensor, part: 0 | 1 | 2, offset: number, shape: number[]): Tensor {
    let size = 1;
    for (const d of shape) size *= d;
    return makeResult(packed.data.subarray(offset, offset + size), shape, {
      op: 'slice',
      inputs: [packed],
      backward: (g) => {
        const first = this.parts.every((p) => p === null);
        this.parts[part] = g;
        // One placeholder reaches the packed op whichever slices received a gradient.
        return [first ? new Float32Array(0) : null];
      },
    });
  }

  /** The slices' gradients (null for a slice no gradient reached); the next backward starts afresh. */
  take(): [Float32Array | null, Float32Array | null, Float32Array | null] {
    const parts = this.parts;
    this.parts = [null, null, null];
    return parts;
  }
}
