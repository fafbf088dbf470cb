// Greedy decoding of a band of rows: per step the embedding gather, a recurrent stack stepped once, the output head and its arg-max, in one call for one step or many.
//
// Rows never interact in greedy decoding without attention (each row feeds back its own token),
// so two threads each run the steps of their own band [b0, b1) over the same arrays; the head,
// the step's largest product, they share by columns between two meetings.

import { linearArgmaxRows, partialArgmaxRows, pickArgmax } from './argmax';
import { meet } from './barrier';
import { gemmBlock } from './gemm';
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
 *
 * Shared by two threads (sync ≠ 0: two zeroed i32 for meet), each call being one thread's
 * part (band 0 or 1): the thread steps its rows [b0, b1) through the stack, then, once both have,
 * the head's columns [c0, c1) (multiples of 8, band 0 the lower) for all N rows with their
 * partial arg-max at best + band·N·8 (see partialArgmaxRows), then, once both have, picks every
 * row's token and writes its own rows'. So each thread streams half of the packed head per step
 * instead of all of it. done is then [2, N], one copy per band, and both bands run until every
 * row has stopped. Returns 0, or 1 when the other thread did not meet it (see meet).
 */
export function greedyDecodeRows(
  cell: i32, layers: i32, N: i32, H: i32, E: i32, V: i32,
  desc: usize, embedding: usize, x: usize, headPacked: usize, headBias: usize, logits: usize,
  sched: usize, tokens: usize, done: usize, t0: i32, t1: i32, stop: i32, work: usize,
  b0: i32, b1: i32, sync: usize, band: i32, c0: i32, c1: i32, best: usize,
): i32 {
  const shared = sync != 0;
  // Rows whose tokens this call tracks: its band, or all of them when the head is shared.
  const r0 = shared ? 0 : b0;
  const r1 = shared ? N : b1;
  const ended = shared ? done + <usize>(band * N) : done;
  if (r1 <= r0) return 0;
  if (t0 == 0) for (let r = r0; r < r1; r++) store<u8>(ended + <usize>r, 0);
  let remaining = 0;
  for (let r = r0; r < r1; r++) if (load<u8>(ended + <usize>r) == 0) remaining++;
  for (let t = t0; t < t1 && remaining > 0; t++) {
    const input = stepStack(cell, layers, N, H, E, desc, embedding, x, sched, tokens + <usize>(t * N) * 4, work, b0, b1);
    const next = tokens + <usize>((t + 1) * N) * 4;
    if (shared) {
      if (!meet(sync, band)) return 1;
      gemmBlock(N, V, H, input, 0, logits, false, false, 1, 0, headBias, work, headPacked, 0, N, c0, c1);
      partialArgmaxRows(logits, N, V, c0, c1, best + <usize>(band * N) * 8);
      if (!meet(sync, band)) return 1;
      for (let r = 0; r < N; r++) {
        const token = pickArgmax(best, best + <usize>N * 8, r);
        if (r >= b0 && r < b1) store<i32>(next + <usize>r * 4, token);
        if (load<u8>(ended + <usize>r) == 0 && token == stop) {
          store<u8>(ended + <usize>r, 1);
          remaining--;
        }
      }
    } else {
      linearArgmaxRows(N, V, H, input, logits, headBias, work, headPacked, next, b0, b1);
      for (let r = b0; r < b1; r++) {
        if (load<u8>(done + <usize>r) == 0 && load<i32>(next + <usize>r * 4) == stop) {
          store<u8>(done + <usize>r, 1);
          remaining--;
        }
      }
    }
  }
  return 0;
}

/**
 * One step of rows [b0, b1) through the stack: gathers the embeddings of their tokens `prev`, steps
 * every layer and makes its new state the current one; returns the top layer's hs (block 0).
 */
function stepStack(
  cell: i32, layers: i32, N: i32, H: i32, E: i32, desc: usize, embedding: usize, x: usize,
  sched: usize, prev: usize, work: usize, b0: i32, b1: i32,
): usize {
  const bandBytes = <usize>((b1 - b0) * H) * 4;
  const NH = <usize>(N * H) * 4;
  for (let r = b0; r < b1; r++) {
    const id = load<i32>(prev + <usize>r * 4);
    memory.copy(x + <usize>(r * E) * 4, embedding + <usize>(id * E) * 4, <usize>E * 4);
  }
  let input = x;
  let width = E;
  for (let l = 0; l < layers; l++) {
    const hs = <usize>slot(desc, l, 7);
    const cs = <usize>slot(desc, l, 8);
    // One step of the layer, its input product on this band's rows included.
    recurrentLayerForward(cell, 1, N, H, <usize>slot(desc, l, 4), sched, <usize>slot(desc, l, 5),
      <usize>slot(desc, l, 6), hs, cs, <usize>slot(desc, l, 9), <usize>slot(desc, l, 3),
      work, b0, b1, input, width, <usize>slot(desc, l, 1), <usize>slot(desc, l, 2));
    // The new state (block 1) becomes the state the next step starts from (block 0).
    const at = <usize>(b0 * H) * 4;
    memory.copy(hs + at, hs + NH + at, bandBytes);
    if (cs != 0) memory.copy(cs + at, cs + NH + at, bandBytes);
    input = hs;
    width = H;
  }
  return input;
}
