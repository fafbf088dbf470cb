// The fused time loop of one recurrent layer in one direction, forward and backward through time, in one call each.
//
// Mirrors core/kernels/recurrent/sequence.ts: arrays are step-major (block s holds the N rows
// processed at step s; sched[s·N + b] is the time index or −1 once row b has ended). W_hh is
// packed once per call by the caller (packBAll), so the per-step gemm only packs the small h block.
// Each call runs batch rows [b0, b1): rows never interact inside a layer, so two threads can run
// the two halves of a batch over the same arrays at once, each with its own gemm workspace.

import {
  CELL_GRU, CELL_LSTM, CELL_RNN_RELU,
  gruBackward, gruForwardRow, lstmBackward, lstmForward, rnnBackward, rnnForward,
} from './cells';
import { gemm } from './gemm';

@inline
function gateCount(cell: i32): i32 {
  return cell == CELL_LSTM ? 4 : cell == CELL_GRU ? 3 : 1;
}

/** Copies `floats` values from src to dst (rows of ended sequences carry their state). */
@inline
function copyRow(dst: usize, src: usize, floats: i32): void {
  memory.copy(dst, src, <usize>floats * 4);
}

/** The RNN or LSTM cell's forward step for row b at step s, unit chunk j (wide: 4 units, else 1; GRU rows go through gruForwardRow). */
@inline
function forwardUnits(
  cell: i32, s: i32, b: i32, j: i32, N: i32, H: i32,
  gates: usize, hh: usize, hs: usize, cs: usize, aux: usize, wide: bool,
): void {
  const G = gateCount(cell);
  const g = gates + <usize>((s * N + b) * G * H + j) * 4;
  const hhRow = hh + <usize>(b * G * H + j) * 4;
  const prev = <usize>(s * N * H + b * H + j) * 4;
  const next = prev + <usize>(N * H) * 4;
  const gs = <usize>H * 4;
  const auxAt = aux + <usize>((s * N + b) * H + j) * 4;
  if (cell == CELL_LSTM) lstmForward(g, hhRow, gs, cs + prev, cs + next, hs + next, auxAt, wide);
  else rnnForward(g, hhRow, hs + next, cell == CELL_RNN_RELU, wide);
}

/**
 * Forward over L steps for batch rows [b0, b1). On entry hs block 0 (and cs block 0) hold h0
 * (c0) and, when x is 0, gates hold the input projection x·W_ihᵀ + b_ih of every step (a
 * whole-sequence gemm the caller ran); otherwise each step first projects its own rows of x
 * [L·N, I] (step order) on wIh, W_ihᵀ from packBAll(wIh, G·H, I, transB), plus bIh (0: none),
 * so both threads share that product without another hand-off (the same values: each row is the
 * same sum). On exit gates hold the activations, hs/cs blocks 1..L the states, aux the per-cell
 * extra. packed holds W_hhᵀ from packBAll(wHh, G·H, H, transB); work gemmWorkspaceFloats of
 * (b1 − b0, G·H, H) and, with x, of (b1 − b0, G·H, I).
 */
export function recurrentLayerForward(
  cell: i32, L: i32, N: i32, H: i32,
  bHh: usize, sched: usize,
  gates: usize, hh: usize, hs: usize, cs: usize, aux: usize, packed: usize, work: usize,
  b0: i32, b1: i32,
  x: usize, I: i32, wIh: usize, bIh: usize,
): void {
  const GH = gateCount(cell) * H;
  const NH = N * H;
  const rows = b1 - b0;
  if (rows <= 0) return;
  for (let s = 0; s < L; s++) {
    if (x != 0) {
      const first = s * N + b0;
      gemm(rows, GH, I, x + <usize>(first * I) * 4, 0, gates + <usize>(first * GH) * 4,
        false, false, 1, 0, bIh, work, wIh);
    }
    const hIn = hs + <usize>(s * NH + b0 * H) * 4;
    gemm(rows, GH, H, hIn, 0, hh + <usize>(b0 * GH) * 4, false, false, 1, 0, bHh, work, packed);
    for (let b = b0; b < b1; b++) {
      const row = <usize>(s * NH + b * H) * 4;
      if (load<i32>(sched + <usize>(s * N + b) * 4) < 0) {
        copyRow(hs + row + <usize>NH * 4, hs + row, H);
        if (cell == CELL_LSTM) copyRow(cs + row + <usize>NH * 4, cs + row, H);
        continue;
      }
      if (cell == CELL_GRU) {
        gruForwardRow(gates + <usize>((s * N + b) * GH) * 4, hh + <usize>(b * GH) * 4, <usize>H * 4,
          hs + row, hs + row + <usize>NH * 4, aux + <usize>((s * N + b) * H) * 4, 0, H);
        continue;
      }
      let j = 0;
      for (; j + 4 <= H; j += 4) forwardUnits(cell, s, b, j, N, H, gates, hh, hs, cs, aux, true);
      for (; j < H; j++) forwardUnits(cell, s, b, j, N, H, gates, hh, hs, cs, aux, false);
    }
  }
}

/** The cell's backward step for row b at step s, unit chunk j. */
@inline
function backwardUnits(
  cell: i32, s: i32, b: i32, j: i32, N: i32, H: i32,
  gates: usize, hs: usize, cs: usize, aux: usize,
  dh: usize, dc: usize, dhPrev: usize, dcPrev: usize, dGx: usize, dGh: usize, wide: bool,
): void {
  const G = gateCount(cell);
  const gOff = <usize>((s * N + b) * G * H + j) * 4;
  const prev = <usize>(s * N * H + b * H + j) * 4;
  const r = <usize>(b * H + j) * 4;
  const gs = <usize>H * 4;
  const auxAt = aux + <usize>((s * N + b) * H + j) * 4;
  if (cell == CELL_LSTM) {
    lstmBackward(gates + gOff, gs, cs + prev, auxAt, dh + r, dc + r, dGx + gOff, dcPrev + r, dhPrev + r, wide);
  } else if (cell == CELL_GRU) {
    gruBackward(gates + gOff, gs, hs + prev, auxAt, dh + r, dGx + gOff, dGh + gOff, dhPrev + r, wide);
  } else {
    rnnBackward(gates + gOff, dh + r, dGx + gOff, dhPrev + r, cell == CELL_RNN_RELU, wide);
  }
}

/** dst[j] += src[j] for j < n. */
@inline
function addInto(dst: usize, src: usize, n: i32): void {
  let j = 0;
  for (; j + 4 <= n; j += 4) {
    const o = <usize>j * 4;
    v128.store(dst + o, f32x4.add(v128.load(dst + o), v128.load(src + o)));
  }
  for (; j < n; j++) {
    const o = <usize>j * 4;
    store<f32>(dst + o, load<f32>(dst + o) + load<f32>(src + o));
  }
}

/**
 * out[c] = Σ_r a[r, c] in double precision (as the TypeScript kernels sum bias gradients: rows in
 * order, one double per column) for the `cols` columns of a matrix whose rows are `ld` values
 * apart (ld = cols for a whole matrix; a column band of a wider one otherwise, so two threads can
 * each sum their own columns); acc holds cols doubles (16-byte aligned). Two columns per f64x2.
 */
export function columnSums(a: usize, rows: i32, cols: i32, ld: i32, out: usize, acc: usize): void {
  memory.fill(acc, 0, <usize>cols * 8);
  const c4 = cols & ~3;
  for (let r = 0; r < rows; r++) {
    const row = a + <usize>r * <usize>ld * 4;
    let c = 0;
    for (; c < c4; c += 4) {
      const v = v128.load(row + <usize>c * 4);
      const at = acc + <usize>c * 8;
      v128.store(at, f64x2.add(v128.load(at), f64x2.promote_low_f32x4(v)));
      const hi = f32x4.shuffle(v, v, 2, 3, 2, 3);
      v128.store(at, f64x2.add(v128.load(at, 16), f64x2.promote_low_f32x4(hi)), 16);
    }
    for (; c < cols; c++) {
      const at = acc + <usize>c * 8;
      store<f64>(at, load<f64>(at) + <f64>load<f32>(row + <usize>c * 4));
    }
  }
  for (let c = 0; c < cols; c++) store<f32>(out + <usize>c * 4, <f32>load<f64>(acc + <usize>c * 8));
}

/**
 * Backward through time over L steps for batch rows [b0, b1), writing every value of those
 * rows of dGx (and dGh) at every step; the bias gradients (columnSums of
 * dGx and dGh) and the whole-sequence gemms (dW_ih = dG_xᵀ·x, dW_hh = dG_hᵀ·h_prev,
 * dx = dG_x·W_ih) are left to the caller. dh (dc) hold dhN (dcN) on entry; dhPrev/dcPrev are
 * [N, H] work rows. dGh equals dGx except for GRU. dOut may be 0 (none). packed holds W_hh from
 * packBAll(wHh, H, G·H, B untransposed). Returns the byte offset of the [N, H] block holding dh0
 * (dh or dhPrev; dc0 is in the matching dc block).
 */
export function recurrentLayerBackward(
  cell: i32, L: i32, N: i32, H: i32,
  sched: usize, gates: usize, hs: usize, cs: usize, aux: usize, dOut: usize,
  dh: usize, dc: usize, dhPrev: usize, dcPrev: usize, dGx: usize, dGh: usize,
  packed: usize, work: usize, b0: i32, b1: i32,
): usize {
  const GH = gateCount(cell) * H;
  const rows = b1 - b0;
  for (let s = L - 1; s >= 0; s--) {
    for (let b = b0; b < b1; b++) {
      const t = load<i32>(sched + <usize>(s * N + b) * 4);
      const r = <usize>(b * H) * 4;
      if (t < 0) {
        copyRow(dhPrev + r, dh + r, H);
        if (cell == CELL_LSTM) copyRow(dcPrev + r, dc + r, H);
        // An ended row has no gate gradient; each band zeroes its own rows (the caller does not
        // pre-fill dGx/dGh, so no thread writes the other's cache lines).
        const gRow = dGx + <usize>((s * N + b) * GH) * 4;
        memory.fill(gRow, 0, <usize>GH * 4);
        if (dGh != dGx) memory.fill(dGh + <usize>((s * N + b) * GH) * 4, 0, <usize>GH * 4);
        continue;
      }
      if (dOut != 0) addInto(dh + r, dOut + <usize>((t * N + b) * H) * 4, H);
      let j = 0;
      for (; j + 4 <= H; j += 4) {
        backwardUnits(cell, s, b, j, N, H, gates, hs, cs, aux, dh, dc, dhPrev, dcPrev, dGx, dGh, true);
      }
      for (; j < H; j++) {
        backwardUnits(cell, s, b, j, N, H, gates, hs, cs, aux, dh, dc, dhPrev, dcPrev, dGx, dGh, false);
      }
    }
    if (rows > 0) {
      const dG = dGh + <usize>((s * N + b0) * GH) * 4;
      gemm(rows, H, GH, dG, 0, dhPrev + <usize>(b0 * H) * 4, false, false, 1, 1, 0, work, packed);
    }
    const t1 = dh;
    dh = dhPrev;
    dhPrev = t1;
    const t2 = dc;
    dc = dcPrev;
    dcPrev = t2;
  }
  return dh;
}
