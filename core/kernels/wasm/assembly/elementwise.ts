// exp, tanh and sigmoid four lanes at a time: what the recurrent cells (cells.ts) and the softmax (softmax.ts) apply.
//
// exp and tanh follow Cephes' expf/tanhf (range reduction + minimax polynomial, ~2 ulp), so results
// match Math.exp/Math.tanh to float rounding, not bit for bit.

const LOG2E: f32 = 1.44269504088896341;
const EXP_C1: f32 = 0.693359375;
const EXP_C2: f32 = -2.12194440e-4;

/** 1.5·2²³: adding it rounds an f32 of magnitude < 2²² to an integer (nearest, ties to even) held in the low mantissa bits. */
const ROUND_MAGIC: f32 = 12582912.0;

@inline
export function expV(x: v128): v128 {
  // NOTE: pmax/pmin (one instruction each on x64) instead of max/min (a NaN- and −0-exact
  // sequence of ~7): with x first they keep a NaN x, and the constants are neither NaN nor ±0.
  x = f32x4.pmin(f32x4.pmax(x, f32x4.splat(-87.0)), f32x4.splat(88.0));
  // fx = nearest(x·log2 e) by the magic-number add (|x·log2 e| ≤ 127, so exact, ties to even as
  // f32x4.nearest); its bits, plus 127, shifted left by 23 are 2^fx (the magic's own bits all
  // shift out, as fx + 127 ∈ [1, 255]).
  const magic = f32x4.splat(ROUND_MAGIC);
  const shifted = f32x4.add(f32x4.mul(x, f32x4.splat(LOG2E)), magic);
  const fx = f32x4.sub(shifted, magic);
  const r = f32x4.sub(f32x4.sub(x, f32x4.mul(fx, f32x4.splat(EXP_C1))), f32x4.mul(fx, f32x4.splat(EXP_C2)));
  let y = f32x4.splat(1.9875691500e-4);
  y = f32x4.add(f32x4.mul(y, r), f32x4.splat(1.3981999507e-3));
  y = f32x4.add(f32x4.mul(y, r), f32x4.splat(8.3334519073e-3));
  y = f32x4.add(f32x4.mul(y, r), f32x4.splat(4.1665795894e-2));
  y = f32x4.add(f32x4.mul(y, r), f32x4.splat(1.6666665459e-1));
  y = f32x4.add(f32x4.mul(y, r), f32x4.splat(5.0000001201e-1));
  y = f32x4.add(f32x4.add(f32x4.mul(f32x4.mul(y, r), r), r), f32x4.splat(1));
  const scale = i32x4.shl(i32x4.add(shifted, i32x4.splat(127)), 23);
  return f32x4.mul(y, scale);
}

@inline
export function tanhV(x: v128): v128 {
  const ax = f32x4.abs(x);
  // |x| ≥ 0.625: 1 − 2 / (exp(2|x|) + 1), sign restored below.
  const e = expV(f32x4.add(ax, ax));
  const big = f32x4.sub(f32x4.splat(1), f32x4.div(f32x4.splat(2), f32x4.add(e, f32x4.splat(1))));
  // |x| < 0.625: odd polynomial.
  const z = f32x4.mul(x, x);
  let p = f32x4.splat(-5.70498872745e-3);
  p = f32x4.add(f32x4.mul(p, z), f32x4.splat(2.06390887954e-2));
  p = f32x4.add(f32x4.mul(p, z), f32x4.splat(-5.37397155531e-2));
  p = f32x4.add(f32x4.mul(p, z), f32x4.splat(1.33314422036e-1));
  p = f32x4.add(f32x4.mul(p, z), f32x4.splat(-3.33332819422e-1));
  const small = f32x4.add(f32x4.mul(f32x4.mul(p, z), x), x);
  const signBit = v128.and(x, i32x4.splat(0x80000000));
  const bigSigned = v128.or(big, signBit);
  return v128.bitselect(small, bigSigned, f32x4.lt(ax, f32x4.splat(0.625)));
}

@inline
export function sigmoidV(x: v128): v128 {
  return f32x4.div(f32x4.splat(1), f32x4.add(f32x4.splat(1), expV(f32x4.neg(x))));
}

/** tanh of four values with the sign of x (tanh is odd): tanhV, which gives +0 for −0. */
@inline
function signedTanhV(x: v128): v128 {
  return v128.or(tanhV(x), v128.and(x, i32x4.splat(0x80000000)));
}

/**
 * out[i] = tanh(x[i]) for i < n (out may be x): the fused cells' tanhV four at a time, the tail
 * one lane of it, −0 kept as PyTorch and Math.tanh keep it.
 */
export function tanhRows(x: usize, out: usize, n: i32): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) v128.store(out + <usize>i * 4, signedTanhV(v128.load(x + <usize>i * 4)));
  for (; i < n; i++) store<f32>(out + <usize>i * 4, f32x4.extract_lane(signedTanhV(f32x4.splat(load<f32>(x + <usize>i * 4))), 0));
}
