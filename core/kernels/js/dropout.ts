/** The inverted-dropout mask drawn from a xoshiro128** state held in local integers (the hot loop of core/nn/dropout.ts). */

import type { DropoutMaskOptions, XoshiroState } from '../api/backend.ts';

/**
 * For i in [0, x.length): u = the next xoshiro128** draw / 2³² (exactly Random.next()),
 * mask[i] = u ≥ p ? scale : 0, out[i] = x[i] · mask[i]. One draw per element, in order.
 * @param state the generator's state before the first draw (not modified).
 * @returns the state after the last draw (for Random.setState).
 */
export function dropoutMaskJs(
  state: readonly [number, number, number, number],
  o: DropoutMaskOptions,
): XoshiroState {
  const { p, x, out, mask } = o;
  // u = r / 2³² ≥ p ⟺ r ≥ p·2³² (dividing by 2³² is exact) ⟺ r ≥ ⌈p·2³²⌉, compared as int32 after
  // flipping the sign bit. A p that keeps nothing (> 1 − 2⁻³², NaN) gets scale 0 instead.
  const threshold = Math.max(0, Math.ceil(p * 0x100000000));
  const keepsSome = threshold <= 0xffffffff;
  const scale = keepsSome ? o.scale : 0;
  const signedThreshold = keepsSome ? (threshold - 0x80000000) | 0 : 0;
  // NOTE: int32 locals (the same bits as Random's uint32 fields) keep V8 on small integers.
  let s0 = state[0] | 0;
  let s1 = state[1] | 0;
  let s2 = state[2] | 0;
  let s3 = state[3] | 0;
  const n = x.length;
  for (let i = 0; i < n; i++) {
    const m5 = Math.imul(s1, 5);
    const result = Math.imul((m5 << 7) | (m5 >>> 25), 9);
    const t = s1 << 9;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = (s3 << 11) | (s3 >>> 21);
    // NOTE: scale times the comparison as 0/1, not `kept ? scale : 0`: V8 compiles this without a
    // branch, and a branch taken at random (probability p) cost ~40 % of the loop.
    const m = scale * (((result ^ 0x80000000) >= signedThreshold) as unknown as number);
    mask[i] = m;
    out[i] = (x[i] as number) * m;
  }
  return [s0 >>> 0, s1 >>> 0, s2 >>> 0, s3 >>> 0];
}
