// Recurrent cell steps (RNN tanh/relu, LSTM, GRU) over one batch row, four hidden units at a time.
//
// The same equations as core/kernels/recurrent/{rnnCell,lstmCell,gruCell}.ts, row-major, gates
// stacked as PyTorch stacks them (LSTM i, f, g, o; GRU r, z, n with b_hn inside r ⊙ (·)).
// Each function is called with wide = true for full 4-lane chunks and wide = false for the tail,
// where only lane 0 is loaded (splatted) and stored, so no write passes the end of a row.

import { sigmoidV, tanhV } from './elementwise';

export const CELL_RNN_TANH: i32 = 0;
export const CELL_RNN_RELU: i32 = 1;
export const CELL_LSTM: i32 = 2;
export const CELL_GRU: i32 = 3;

@inline
function ld(p: usize, wide: bool): v128 {
  return wide ? v128.load(p) : v128.load32_splat(p);
}

@inline
function st(p: usize, v: v128, wide: bool): void {
  if (wide) v128.store(p, v);
  else store<f32>(p, f32x4.extract_lane(v, 0));
}

@inline
function one(): v128 {
  return f32x4.splat(1);
}

/** RNN: h' = act(gx + hh); gates and hs[s + 1] get h'. Offsets are bytes of unit j. */
@inline
export function rnnForward(g: usize, hh: usize, next: usize, relu: bool, wide: bool): void {
  const a = f32x4.add(ld(g, wide), ld(hh, wide));
  const h = relu ? f32x4.pmax(a, f32x4.splat(0)) : tanhV(a);
  st(g, h, wide);
  st(next, h, wide);
}

/** RNN backward: dG = dh · act'(h); dhPrev = 0 (the gemm adds dG·W_hh). */
@inline
export function rnnBackward(g: usize, dh: usize, dG: usize, dhPrev: usize, relu: bool, wide: bool): void {
  const h = ld(g, wide);
  const d = ld(dh, wide);
  const grad = relu
    ? v128.and(d, f32x4.gt(h, f32x4.splat(0)))
    : f32x4.mul(d, f32x4.sub(one(), f32x4.mul(h, h)));
  st(dG, grad, wide);
  st(dhPrev, f32x4.splat(0), wide);
}

/**
 * LSTM: i, f, o = σ, g = tanh of gx + hh per gate block (gate stride gs bytes);
 * c' = f·c + i·g, h' = o·tanh(c'); gates get the activations, aux tanh(c').
 */
@inline
export function lstmForward(
  g: usize, hh: usize, gs: usize, cPrev: usize, cNext: usize, hNext: usize, aux: usize, wide: bool,
): void {
  const i = sigmoidV(f32x4.add(ld(g, wide), ld(hh, wide)));
  const f = sigmoidV(f32x4.add(ld(g + gs, wide), ld(hh + gs, wide)));
  const gg = tanhV(f32x4.add(ld(g + 2 * gs, wide), ld(hh + 2 * gs, wide)));
  const o = sigmoidV(f32x4.add(ld(g + 3 * gs, wide), ld(hh + 3 * gs, wide)));
  st(g, i, wide);
  st(g + gs, f, wide);
  st(g + 2 * gs, gg, wide);
  st(g + 3 * gs, o, wide);
  const c = f32x4.add(f32x4.mul(f, ld(cPrev, wide)), f32x4.mul(i, gg));
  const tc = tanhV(c);
  st(cNext, c, wide);
  st(aux, tc, wide);
  st(hNext, f32x4.mul(o, tc), wide);
}

/** LSTM backward (see lstmCell.ts): writes dG for i, f, g, o, dcPrev, and dhPrev = 0. */
@inline
export function lstmBackward(
  g: usize, gs: usize, cPrev: usize, aux: usize, dh: usize, dc: usize,
  dG: usize, dcPrev: usize, dhPrev: usize, wide: bool,
): void {
  const i = ld(g, wide);
  const f = ld(g + gs, wide);
  const gg = ld(g + 2 * gs, wide);
  const o = ld(g + 3 * gs, wide);
  const tc = ld(aux, wide);
  const d = ld(dh, wide);
  const dcTotal = f32x4.add(ld(dc, wide), f32x4.mul(f32x4.mul(d, o), f32x4.sub(one(), f32x4.mul(tc, tc))));
  st(dG, f32x4.mul(f32x4.mul(f32x4.mul(dcTotal, gg), i), f32x4.sub(one(), i)), wide);
  st(dG + gs, f32x4.mul(f32x4.mul(f32x4.mul(dcTotal, ld(cPrev, wide)), f), f32x4.sub(one(), f)), wide);
  st(dG + 2 * gs, f32x4.mul(f32x4.mul(dcTotal, i), f32x4.sub(one(), f32x4.mul(gg, gg))), wide);
  st(dG + 3 * gs, f32x4.mul(f32x4.mul(f32x4.mul(d, tc), o), f32x4.sub(one(), o)), wide);
  st(dcPrev, f32x4.mul(dcTotal, f), wide);
  st(dhPrev, f32x4.splat(0), wide);
}

/** GRU backward (see gruCell.ts): dGx for r, z, n; dGh the same except n·r; dhPrev = dh·z. */
@inline
export function gruBackward(
  g: usize, gs: usize, hPrev: usize, aux: usize, dh: usize,
  dGx: usize, dGh: usize, dhPrev: usize, wide: bool,
): void {
  const r = ld(g, wide);
  const z = ld(g + gs, wide);
  const n = ld(g + 2 * gs, wide);
  const hn = ld(aux, wide);
  const d = ld(dh, wide);
  const dnPre = f32x4.mul(f32x4.mul(d, f32x4.sub(one(), z)), f32x4.sub(one(), f32x4.mul(n, n)));
  const drPre = f32x4.mul(f32x4.mul(f32x4.mul(dnPre, hn), r), f32x4.sub(one(), r));
  const dzPre = f32x4.mul(f32x4.mul(f32x4.mul(d, f32x4.sub(ld(hPrev, wide), n)), z), f32x4.sub(one(), z));
  st(dGx, drPre, wide);
  st(dGx + gs, dzPre, wide);
  st(dGx + 2 * gs, dnPre, wide);
  st(dGh, drPre, wide);
  st(dGh + gs, dzPre, wide);
  st(dGh + 2 * gs, f32x4.mul(dnPre, r), wide);
  st(dhPrev, f32x4.mul(d, z), wide);
}

/** gruForwardRow's first two passes: one gate (r or z) = σ(gx + hh), in place. */
@inline
function gruSigmoidPass(g: usize, hh: usize, wide: bool): void {
  st(g, sigmoidV(f32x4.add(ld(g, wide), ld(hh, wide))), wide);
}

/** gruForwardRow's last pass: n and h' from the r and z the first two stored. */
@inline
function gruCandidatePass(g: usize, hh: usize, gs: usize, hPrev: usize, hNext: usize, aux: usize, wide: bool): void {
  const r = ld(g, wide);
  const z = ld(g + gs, wide);
  const hn = ld(hh + 2 * gs, wide);
  const n = tanhV(f32x4.add(ld(g + 2 * gs, wide), f32x4.mul(r, hn)));
  st(g + 2 * gs, n, wide);
  st(aux, hn, wide);
  st(hNext, f32x4.add(f32x4.mul(f32x4.sub(one(), z), n), f32x4.mul(z, ld(hPrev, wide))), wide);
}

/**
 * GRU forward over units [u0, u1) of one row (pointers at unit 0; gate stride gs bytes): r, z =
 * σ(gx + hh), n = tanh(gx_n + r·hh_n), h' = (1 − z)·n + z·h; gates get the activations, aux
 * keeps hh_n. In passes (r, then z, then n and h'): the three activations of a unit at once keep
 * more constants live than V8 has registers for, so that loop spilled (one thread, W4's layer:
 * 2.0–2.5 ms of cell time per forward against 0.9–1.5 in passes); the same operations on every
 * value either way.
 */
export function gruForwardRow(
  g: usize, hh: usize, gs: usize, hPrev: usize, hNext: usize, aux: usize, u0: i32, u1: i32,
): void {
  const wideEnd = u0 + ((u1 - u0) & ~3);
  for (let gate: usize = 0; gate < 2; gate++) {
    const gg = g + gate * gs;
    const hg = hh + gate * gs;
    let j = u0;
    for (; j < wideEnd; j += 4) gruSigmoidPass(gg + <usize>j * 4, hg + <usize>j * 4, true);
    for (; j < u1; j++) gruSigmoidPass(gg + <usize>j * 4, hg + <usize>j * 4, false);
  }
  let j = u0;
  for (; j < wideEnd; j += 4) {
    const o = <usize>j * 4;
    gruCandidatePass(g + o, hh + o, gs, hPrev + o, hNext + o, aux + o, true);
  }
  for (; j < u1; j++) {
    const o = <usize>j * 4;
    gruCandidatePass(g + o, hh + o, gs, hPrev + o, hNext + o, aux + o, false);
  }
}
