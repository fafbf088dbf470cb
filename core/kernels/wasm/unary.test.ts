/** tanh on the wasm backend: the kernels' tanh for every length (within a few float32 ulps of Math.tanh, NaN, ±∞ and ±0 as Math.tanh gives them, a value's tanh the same whatever it came with) and the TypeScript maps for the rest. */
import { describe, expect, it } from 'vitest';
import { unary as unaryJs } from '../js/elementwise.ts';
import { createWasmBackend } from './index.ts';

const backend = createWasmBackend();
/** Longer than a few vector groups, so both the vector loop and the tail run. */
const LONG = 1024;

/** The distance between two float32 values in units in the last place (0 for equal, NaN for NaN). */
function ulps(a: number, b: number): number {
  const bits = new Int32Array(new Float32Array([a, b]).buffer);
  const key = (i: number) =>
    (bits[i] as number) < 0 ? -0x80000000 - (bits[i] as number) : (bits[i] as number);
  return Math.abs(key(0) - key(1));
}

describe('tanh on the wasm backend', () => {
  it('gives Math.tanh within 3 ulps over the whole range, a tail of 3 values included', () => {
    const n = 4 * 25_000 + 3;
    const x = Float32Array.from({ length: n }, (_, i) => (i / n - 0.5) * 24);
    const ours = new Float32Array(n);
    backend.unary('tanh', x, ours, 0, 0);
    let worst = 0;
    for (let i = 0; i < n; i++)
      worst = Math.max(worst, ulps(ours[i] as number, Math.tanh(x[i] as number)));
    expect(worst).toBeLessThanOrEqual(3);
    // Near 0 the result keeps the input's tiny values (no flush to 0).
    const tiny = new Float32Array(LONG).fill(1e-30);
    const out = new Float32Array(LONG);
    backend.unary('tanh', tiny, out, 0, 0);
    expect(out[LONG - 1]).toBeCloseTo(1e-30, 36);
  });

  it('maps NaN to NaN, ±∞ to ±1 and keeps the sign of 0, in the vector part and the tail', () => {
    const specials = [
      Number.NaN,
      Number.POSITIVE_INFINITY,
      Number.NEGATIVE_INFINITY,
      -0,
      0,
      100,
      -100,
    ];
    const n = LONG + 3;
    const x = new Float32Array(n);
    for (let i = 0; i < n; i++) x[i] = specials[i % specials.length] as number;
    // The last three (the scalar tail) are NaN, +∞, −∞ too.
    x.set([Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY], n - 3);
    const ours = new Float32Array(n);
    backend.unary('tanh', x, ours, 0, 0);
    const expected = new Float32Array(n);
    unaryJs('tanh', x, expected);
    expect([...ours]).toEqual([...expected]);
  });

  it('gives a value the same tanh in an array of any length, and leaves the other maps to TypeScript', () => {
    const long = Float32Array.from({ length: 4 * LONG + 1 }, (_, i) => Math.cos(i) * 3);
    const whole = new Float32Array(long.length);
    backend.unary('tanh', long, whole, 0, 0);
    for (const [from, to] of [
      [0, 1],
      [5, 8],
      [13, 30],
      [100, 100 + LONG],
    ] as const) {
      const part = new Float32Array(to - from);
      backend.unary('tanh', long.subarray(from, to), part, 0, 0);
      expect(part).toEqual(whole.subarray(from, to));
    }
    for (const op of ['sigmoid', 'exp'] as const) {
      const a = new Float32Array(long.length);
      const b = new Float32Array(long.length);
      backend.unary(op, long, a, 0, 0);
      unaryJs(op, long, b);
      expect(a).toEqual(b);
    }
  });
});
