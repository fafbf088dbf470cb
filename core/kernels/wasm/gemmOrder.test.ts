/** The wasm gemm's rounding is one chain per element of C, the same whichever tile, edge path or row band computes it: checked bit for bit against a scalar reference on both builds. */
import { setFlagsFromString } from 'node:v8';
import { describe, expect, it } from 'vitest';
import { firstDifference } from '../../../test/support/arrays.ts';
import { Random } from '../../random.ts';
import type { GemmOptions } from '../backend.ts';
import { loadWasmKernelsSync } from './index.ts';
import type { WasmVariant } from './wasmKernels.ts';

// Node 20 validates relaxed SIMD only behind this flag (Node ≥ 22 and Chromium without).
setFlagsFromString('--experimental-wasm-relaxed-simd');

/** Depth of one packed block in core/kernels/wasm/assembly/gemm.ts (KC): C takes one partial sum per block. */
const KC = 256;

const f64 = new Float64Array(1);
const bits = new BigUint64Array(f64.buffer);

/** fma(a, b, c) rounded once to float32, as f32x4.relaxed_madd on x64 with FMA: exact sum, rounded to odd in double, then to float32. */
function fmaF32(a: number, b: number, c: number): number {
  const p = a * b; // exact: two 24-bit significands fit in 53 bits
  const s = p + c;
  const back = s - p;
  const err = p - (s - back) + (c - back);
  if (err === 0 || !Number.isFinite(s)) return Math.fround(s);
  f64[0] = s;
  if ((bits[0] as bigint) % 2n === 0n)
    bits[0] = (bits[0] as bigint) + (err > 0 === s > 0 ? 1n : -1n);
  return Math.fround(f64[0] as number);
}

/** a·b + c as the plain-SIMD build rounds it: the product, then the sum. */
function mulAddF32(a: number, b: number, c: number): number {
  return Math.fround(Math.fround(a * b) + c);
}

/**
 * C as the kernels must compute it: per element and per KC block, acc = alpha·a·b + acc from 0
 * over the block's depth in order; the first block gives beta·C + acc, each later one C + acc;
 * the bias is added last.
 */
function referenceGemm(o: GemmOptions, fused: boolean): Float32Array {
  const { m, n, k, a, b } = o;
  const alpha = o.alpha ?? 1;
  const beta = o.beta ?? 0;
  const madd = fused ? fmaF32 : mulAddF32;
  const c = o.c.slice();
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let out = c[i * n + j] as number;
      for (let p0 = 0; p0 < k; p0 += KC) {
        let acc = 0;
        for (let p = p0; p < Math.min(k, p0 + KC); p++) {
          const x = (o.transA ? a[p * m + i] : a[i * k + p]) as number;
          const y = (o.transB ? b[j * k + p] : b[p * n + j]) as number;
          acc = madd(Math.fround(x * alpha), y, acc);
        }
        if (p0 > 0) out = madd(out, 1, acc);
        else out = beta !== 0 ? madd(out, beta, acc) : acc;
      }
      if (o.bias !== undefined) out = Math.fround(out + (o.bias[j] as number));
      c[i * n + j] = out;
    }
  }
  return c;
}

const rng = new Random(2026);

function randomArray(n: number): Float32Array {
  return Float32Array.from({ length: n }, () => rng.uniform(-1, 1));
}

function randomCase(m: number, n: number, k: number, flags: Partial<GemmOptions>): GemmOptions {
  return { m, n, k, a: randomArray(m * k), b: randomArray(k * n), c: randomArray(m * n), ...flags };
}

/**
 * Rows cover every panel plan (5-row panels only, 5- and 4-row ones, a partial last 4-row panel
 * for 1–3, 6, 7 and 11 rows, blocks of 128 rows), columns full and cut 8-column panels, depths
 * one and several KC blocks (odd ones too).
 */
const ROWS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 11, 12, 13, 16, 30, 32, 64, 131];
const COLS = [1, 7, 8, 9, 17, 24];
const DEPTHS = [1, 2, 5, 64, 257, 600];

describe.each<WasmVariant>(['simd', 'relaxed-simd'])('wasm gemm rounding (%s)', (variant) => {
  const kernels = loadWasmKernelsSync({ variant });
  const fused = variant === 'relaxed-simd';

  it('computes each element as one multiply-add chain over k, for every tile and edge', () => {
    let trial = 0;
    for (const m of ROWS) {
      for (const n of COLS) {
        const k = DEPTHS[trial % DEPTHS.length] as number;
        const flags = {
          transA: trial % 2 === 1,
          transB: trial % 3 === 1,
          alpha: trial % 4 === 3 ? -0.75 : 1,
          beta: [0, 1, 0.625][trial % 3] as number,
          ...(trial % 2 === 0 ? { bias: randomArray(n) } : {}),
        };
        trial++;
        const op = randomCase(m, n, k, flags);
        const want = referenceGemm(op, fused);
        kernels.gemm(op);
        const at = firstDifference(op.c, want);
        expect(at, `${JSON.stringify({ m, n, k, ...flags, bias: !!flags.bias })} at ${at}`).toBe(
          -1,
        );
      }
    }
  });

  it('gives the same bits from prepacked B and from row bands that cut a 5-row panel', () => {
    for (const [m, n, k] of [
      [64, 40, 300],
      [33, 17, 20],
      [131, 9, 7],
    ] as const) {
      const op = randomCase(m, n, k, { transB: true, beta: 1, bias: randomArray(n) });
      const want = referenceGemm(op, fused);
      const c0 = op.c.slice();
      const packed = kernels.packB(op.b, { n, k, transB: true });
      kernels.gemm({ ...op, packedB: packed });
      expect(firstDifference(op.c, want)).toBe(-1);
      kernels.free(packed.buffer);

      const banded = kernels.withScratch((sc) => {
        const a = sc.put(op.a);
        const b = sc.put(op.b);
        const c = sc.put(c0);
        const bias = sc.put(op.bias as Float32Array);
        const work = sc.take(sc.exports.gemmWorkspaceFloats(m, n, k));
        for (const [i0, i1] of [
          [0, 7],
          [7, 23],
          [23, m],
        ]) {
          sc.exports.gemmRows(m, n, k, a, b, c, 0, 1, 1, 1, bias, work, 0, i0, i1);
        }
        return sc.read(c, m * n);
      });
      expect(firstDifference(banded, want)).toBe(-1);
    }
  });
});
