/** The recurrent kernels' contract: one layer, one direction, the whole sequence; what every backend's forward takes and gives, and what its backward reads. */

/** The recurrent cell types the kernels implement. */
export type CellType = 'rnn-tanh' | 'rnn-relu' | 'lstm' | 'gru';

/** Gate blocks G per cell, PyTorch's (an Elman RNN 1, LSTM 4: i, f, g, o; GRU 3: r, z, n); 'rnn' is a spec's name for either Elman cell. */
const GATES: Readonly<Record<CellType | 'rnn', number>> = {
  rnn: 1,
  'rnn-tanh': 1,
  'rnn-relu': 1,
  lstm: 4,
  gru: 3,
};

/** Gate blocks stacked in the rows of weight_ih and weight_hh (G·H rows) and of the gate arrays. */
export function gateCount(cell: CellType | 'rnn'): number {
  return GATES[cell];
}

/**
 * Everything a cell's step reads and writes, allocated once per call. Arrays are step-major:
 * block `s` holds the N batch rows processed at step `s` (which, for the reverse direction or
 * with per-sequence lengths, are not all at the same time index).
 */
export interface SequenceState {
  /** Steps (the padded sequence length L). */
  readonly steps: number;
  /** Batch rows N. */
  readonly batch: number;
  /** Hidden size H. */
  readonly hidden: number;
  /** `sched[s·N + b]`: time index that row b processes at step s, or -1 once the row has ended. */
  readonly sched: Int32Array;
  /** [L, N, G·H]: x·W_ihᵀ + b_ih on entry; the cell overwrites it with its gate activations. */
  readonly gates: Float32Array;
  /**
   * [N, G·H]: h·W_hhᵀ + b_hh of the current step: forward scratch that no backward reads (a
   * cache from the wasm forward holds it empty).
   */
  readonly hh: Float32Array;
  /** [L + 1, N, H]: hidden state before step s at block s; block 0 is h0. */
  readonly hs: Float32Array;
  /** [L + 1, N, H]: cell state (LSTM only). */
  readonly cs: Float32Array | null;
  /** [L, N, H]: per-cell extra (LSTM tanh(c'), GRU W_hn·h + b_hn). */
  readonly aux: Float32Array | null;
}

/** Inputs of one layer-direction; every array is row-major float32. */
export interface LayerForwardOptions {
  /** Padded sequence length L. */
  seqLen: number;
  /** Batch size N. */
  batch: number;
  inputSize: number;
  hiddenSize: number;
  /** Process each sequence from its own last element to its first. */
  reverse: boolean;
  /** Per-sequence lengths in [1, L] (what pack_padded_sequence gives); null: all are L. */
  lengths: Int32Array | null;
  /** [L, N, inputSize], time-major. */
  x: Float32Array;
  /** [N, H] initial hidden state; null for zeros. */
  h0: Float32Array | null;
  /** [N, H] initial cell state (LSTM); null for zeros. */
  c0: Float32Array | null;
  /** [G·H, inputSize]. */
  wIh: Float32Array;
  /** [G·H, H]. */
  wHh: Float32Array;
  /** [G·H] or null. */
  bIh: Float32Array | null;
  /** [G·H] or null. */
  bHh: Float32Array | null;
  /**
   * The caller runs the backward of this forward exactly once (a recorded training step): a
   * backend may then keep the cache where its backward reads it in place, and release it there.
   * Default false (the cache is plain arrays any number of backward passes may read).
   */
  cacheForOneBackward?: boolean;
  /**
   * Where to write the results as [out | h_n | c_n] (L·N·H + N·H floats, + N·H more for LSTM): the
   * result's out, hN and cN are then views of it, so a caller that packs them allocates nothing
   * more. Default: fresh arrays.
   */
  into?: Float32Array;
  /**
   * No backward will follow (inference): a backend may skip copying out the per-step states, and
   * the result's cache then cannot be backpropagated. Default false.
   */
  forwardOnly?: boolean;
}

/** What backward needs from forward. */
export interface LayerCache {
  readonly options: LayerForwardOptions;
  readonly state: SequenceState;
  /** [L, N, inputSize] inputs in step order (aliases options.x when the order is the identity). */
  readonly xs: Float32Array;
}

export interface LayerForwardResult {
  /** [L, N, H] time-major outputs; zero past each sequence's end. */
  out: Float32Array;
  /** [N, H] final hidden state of each sequence (after its own last element). */
  hN: Float32Array;
  /** [N, H] final cell state (LSTM), else null. */
  cN: Float32Array | null;
  cache: LayerCache;
}

export interface LayerBackwardOptions {
  /** [L, N, H] gradient of `out`, or null. */
  dOut: Float32Array | null;
  /** [N, H] gradient of hN, or null. */
  dhN: Float32Array | null;
  /** [N, H] gradient of cN, or null. */
  dcN: Float32Array | null;
  /** Compute dx (skipped when the input needs no gradient). */
  needInputGrad: boolean;
}

export interface LayerGrads {
  /** [L, N, inputSize], zero at padded positions; null when not requested. */
  dx: Float32Array | null;
  dh0: Float32Array;
  dc0: Float32Array | null;
  dWih: Float32Array;
  dWhh: Float32Array;
  dbIh: Float32Array;
  dbHh: Float32Array;
}
