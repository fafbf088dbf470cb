// Greedy decoding of a band of rows: per step the embedding gather, a recurrent stack stepped once, the output head and its arg-max, in one call for one step or many.
//
// Rows never interact in greedy decoding without attention (each row feeds back its own token),
// so two threads each run the steps of their own band [b0, b1) over the same arrays.

import { linearArgmaxRows } from './argmax';
import { CELL_GRU, CELL_LSTM } from './cells';
import { recurrentLayerForward } from './recurrent';

/** i32 slots of one layer's descriptor (see greedyDecodeRows). */
export const GREEDY_LAYER_SLOTS: i32 = 10;

@inline
function slot(desc: usize, layer: i32, index: i32): i32 {
  return load<i32>(desc + <usize>(layer * GREEDY_LAYER_SLOTS + index) * 4);
}

/**
 * Greedy steps t0 ≤ t < t1 of rows [b0, b1). tokens is [steps + 1, N] int32: row 0 holds each
 * row's first input token, step t reads row t and writes row t + 1 (the arg-max of the head, the
 * first on ties). done [N] bytes marks the rows that have emitted `stop` (cleared at t0 = 0); the
 * band stops after the step at which each of its rows has (later rows of tokens are then not
 * written for this band). The state lives in the layers' hs/cs between calls, so a caller may
 * run the steps one call at a time or all in one.
 *
 * Each layer l has GREEDY_LAYER_SLOTS i32 at desc + l·40: inputSize, W_ihᵀ packed (packBAll),
 * b_ih (0 for none), W_hhᵀ packed, b_hh (0 for none), gates [N, G·H], hh [N, G·H], hs [2, N, H]
 * (block 0 the state, h0 on entry), cs [2, N, H] (LSTM, else 0), aux [N, H] (LSTM/GRU, else 0).
 * x [N, E] receives the embedded tokens; logits [N, V]; sched N zeros; work holds
 * gemmWorkspaceFloats for the largest product (with m = N). Same values as the step-by-step
 * kernels (recurrentLayerForward with one step and its input product, linearArgmaxRows).
 */
export function greedyDecodeRows(
  cell: i32, layers: i32, N: i32, H: i32, E: i32, V: i32,
  desc: usize, embedding: usize, x: usize, headPacked: usize, headBias: usize, logits: usize,
  sched: usize, tokens: usize, done: usize, t0: i32, t1: i32, stop: i32, work: usize,
  b0: i32, b1: i32,
): void {
  if (b1 <= b0) return;
  const GH = (cell == CELL_LSTM ? 4 : cell == CELL_GRU ? 3 : 1) * H;
  const bandBytes = <usize>((b1 - b0) * H) * 4;
  const NH = <usize>(N * H) * 4;
  if (t0 == 0) for (let r = b0; r < b1; r++) store<u8>(done + <usize>r, 0);
  let remaining = 0;
  for (let r = b0; r < b1; r++) if (load<u8>(done + <usize>r) == 0) remaining++;
  for (let t = t0; t < t1 && remaining > 0; t++) {
    const prev = tokens + <usize>(t * N) * 4;
    for (let r = b0; r < b1; r++) {
      const id = load<i32>(prev + <usize>r * 4);
      memory.copy(x + <usize>(r * E) * 4, embedding + <usize>(id * E) * 4, <usize>E * 4);
    }
    let input = x;
    let width = E;
    for (let l = 0; l < layers; l++) {
      const gates = <usize>slot(desc, l, 5);
      const hs = <usize>slot(desc, l, 7);
      const cs = <usize>slot(desc, l, 8);
      // One step of the layer, its input product on this band's rows included.
      recurrentLayerForward(cell, 1, N, H, <usize>slot(desc, l, 4), sched, gates,
        <usize>slot(desc, l, 6), hs, cs, <usize>slot(desc, l, 9), <usize>slot(desc, l, 3),
        work, b0, b1, input, width, <usize>slot(desc, l, 1), <usize>slot(desc, l, 2));
      // The new state (block 1) becomes the state the next step starts from (block 0).
      const at = <usize>(b0 * H) * 4;
      memory.copy(hs + at, hs + NH + at, bandBytes);
      if (cs != 0) memory.copy(cs + at, cs + NH + at, bandBytes);
      input = hs;
      width = H;
    }
    const next = tokens + <usize>((t + 1) * N) * 4;
    linearArgmaxRows(N, V, H, input, logits, headBias, work, headPacked, next, b0, b1);
    for (let r = b0; r < b1; r++) {
      if (load<u8>(done + <usize>r) == 0 && load<i32>(next + <usize>r * 4) == stop) {
        store<u8>(done + <usize>r, 1);
        remaining--;
      }
    }
  }
}
