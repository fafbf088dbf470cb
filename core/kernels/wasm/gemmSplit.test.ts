/** gemm split between threads: any tiling of C by gemmBlock (rows at multiples of 4, columns at multiples of 8) gives gemm's bits, and gemmSplitColumn splits wide heads by columns and long-k products by rows. */
import { describe, expect, it } from 'vitest';
import { firstDifference } from '../../../test/support/arrays.ts';
import { Random } from '../../random.ts';
import { loadWasmKernelsSync } from './index.ts';
import type { WasmKernels } from './wasmKernels.ts';

const rng = new Random(77);

function randomArray(n: number): Float32Array {
  return Float32Array.from({ length: n }, () => rng.uniform(-1, 1));
}

interface Product {
  m: number;
  n: number;
  k: number;
  transA: boolean;
  transB: boolean;
  prepacked: boolean;
}

// k spans two depth blocks (beta, then 1 on the second), n two column blocks of 2048 (a prepacked
// B's second block starts inside the last tile), m and n end in edge tiles.
const [M, N, K] = [23, 2100, 300];
const a = randomArray(M * K);
const b = randomArray(K * N);
const bias = randomArray(N);
const c0 = randomArray(M * N);

/**
 * C from one gemm call, and C assembled from gemmBlock calls over the tiles cut at `rowCuts` and
 * `colCuts` (alpha 0.75, beta 0.5 over the same random C, a bias), on one kernels instance.
 */
function wholeAndTiled(
  kernels: WasmKernels,
  p: Product,
  rowCuts: number[],
  colCuts: number[],
): Float32Array[] {
  const { m, n, k } = p;
  const packed = p.prepacked ? kernels.packB(b, { n, k, transB: p.transB }) : null;
  try {
    return kernels.withScratch((sc) => {
      const ex = sc.exports;
      const pa = sc.put(a);
      const pb = sc.put(b);
      const pBias = sc.put(bias);
      const work = sc.take(ex.gemmWorkspaceFloats(m, n, k));
      const packedB = packed === null ? 0 : packed.buffer.ptr;
      const args = (c: number) => [m, n, k, pa, pb, c, +p.transA, +p.transB, 0.75, 0.5, pBias];
      const whole = sc.put(c0);
      ex.gemm(...args(whole), work, packedB);
      const tiled = sc.put(c0);
      const rows = [0, ...rowCuts, m];
      const cols = [0, ...colCuts, n];
      for (let i = 0; i + 1 < rows.length; i++) {
        for (let j = 0; j + 1 < cols.length; j++) {
          const tile = [rows[i], rows[i + 1], cols[j], cols[j + 1]] as number[];
          ex.gemmBlock(...args(tiled), work, packedB, ...tile);
        }
      }
      return [sc.read(whole, m * n), sc.read(tiled, m * n)];
    });
  } finally {
    if (packed !== null) kernels.free(packed.buffer);
  }
}

describe('gemmBlock', () => {
  // The runtime's own variant (relaxed SIMD where it validates) and plain SIMD.
  for (const variant of ['auto', 'simd'] as const) {
    const kernels = loadWasmKernelsSync({ variant });
    it(`gives gemm's bits on every tile of C, every transpose, prepacked or not (${variant} build)`, () => {
      for (const prepacked of [false, true]) {
        for (const transA of [false, true]) {
          for (const transB of [false, true]) {
            const p = { m: M, n: N, k: K, transA, transB, prepacked };
            const [whole, tiled] = wholeAndTiled(kernels, p, [8, 12], [1048, 2056]);
            expect(
              firstDifference(tiled as Float32Array, whole as Float32Array),
              JSON.stringify(p),
            ).toBe(-1);
          }
        }
      }
    });
  }

  it('writes beta·C + bias on its tile alone when k is 0', () => {
    const kernels = loadWasmKernelsSync();
    const out = kernels.withScratch((sc) => {
      const c = sc.put(Float32Array.of(1, 2, 3, 4, 5, 6));
      const bias = sc.put(Float32Array.of(10, 20, 30));
      sc.exports.gemmBlock(2, 3, 0, 0, 0, c, 0, 0, 1, 2, bias, sc.take(64), 0, 1, 2, 1, 3);
      return sc.read(c, 6);
    });
    expect([...out]).toEqual([1, 2, 3, 4, 30, 42]);
  });
});

describe('gemmSplitColumn', () => {
  const kernels = loadWasmKernelsSync();
  const split = (m: number, n: number, k: number, prepacked: boolean) =>
    kernels.withScratch((sc) => sc.exports.gemmSplitColumn(m, n, k, prepacked ? 1 : 0));

  it("splits W4's output head forward and greedy decoding's prepacked head by columns at a multiple of 8", () => {
    expect(split(1280, 3000, 256, false)).toBe(1504);
    expect(split(64, 3000, 256, true)).toBe(1504);
    expect(split(256, 3000, 256, true)).toBe(1504);
  });

  it("splits W4's head gradients (dW, dx: a long k over a wide A) and square products by rows", () => {
    expect(split(3000, 256, 1280, false)).toBe(0);
    expect(split(1280, 256, 3000, false)).toBe(0);
    expect(split(1024, 1024, 1024, false)).toBe(0);
  });

  it('splits nothing narrower than two column panels by columns', () => {
    expect(split(4, 8, 100000, false)).toBe(0);
    expect(split(4, 1, 100000, false)).toBe(0);
  });
});
