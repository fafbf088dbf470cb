/** Resident buffers and prepacked matrices: gemm in place on wasm memory, B packed once, values kept across memory growth. */
import { describe, expect, it } from 'vitest';
import { Random } from '../../random.ts';
import { gemmJs } from '../js/gemm.ts';
import { loadWasmKernelsSync } from './index.ts';

const kernels = loadWasmKernelsSync();
const rng = new Random(99);

function randomArray(n: number): Float32Array {
  return Float32Array.from({ length: n }, () => rng.uniform(-1, 1));
}

/** Max |x − y| / (1 + |y|) over two arrays of equal length. */
function maxRelError(x: Float32Array, y: Float32Array): number {
  expect(x.length).toBe(y.length);
  let worst = 0;
  for (let i = 0; i < x.length; i++) {
    const e = Math.abs((x[i] as number) - (y[i] as number)) / (1 + Math.abs(y[i] as number));
    if (!(e <= worst)) worst = e;
  }
  return worst;
}

describe('wasm resident buffers and prepacked B', () => {
  it('multiplies resident operands in place like the JS gemm, for every transpose', () => {
    for (const transA of [false, true]) {
      for (const transB of [false, true]) {
        const [m, n, k] = [37, 45, 29];
        const a = kernels.alloc(m * k);
        const b = kernels.alloc(k * n);
        const c = kernels.alloc(m * n);
        const bias = kernels.alloc(n);
        a.view().set(randomArray(m * k));
        b.view().set(randomArray(k * n));
        c.view().set(randomArray(m * n));
        bias.view().set(randomArray(n));
        const want = c.view().slice();
        const common = { m, n, k, transA, transB, alpha: 0.5, beta: 2 };
        gemmJs({ ...common, a: a.view(), b: b.view(), c: want, bias: bias.view() });
        kernels.gemm({ ...common, a, b, c, bias });
        expect(maxRelError(c.view(), want)).toBeLessThan(2e-5);
        for (const buffer of [a, b, c, bias]) kernels.free(buffer);
      }
    }
    expect(kernels.residentBytes).toBe(0);
  });

  it('gives the same product from a prepacked B across cache blocks (n > 2048, k > 256)', () => {
    for (const transB of [false, true]) {
      const [m, n, k] = [9, 2100, 300];
      const a = randomArray(m * k);
      const b = randomArray(k * n);
      const packed = kernels.packB(b, { n, k, transB });
      const want = new Float32Array(m * n);
      const got = new Float32Array(m * n);
      gemmJs({ m, n, k, a, b, c: want, transB });
      kernels.gemm({ m, n, k, a, c: got, packedB: packed });
      expect(maxRelError(got, want)).toBeLessThan(2e-5);
      kernels.free(packed.buffer);
    }
  });

  it('repacks new weights in place and then uses them', () => {
    const [m, n, k] = [30, 64, 48];
    const a = randomArray(m * k);
    const packed = kernels.packB(randomArray(k * n), { n, k, transB: true });
    const bytes = kernels.memoryBytes;
    const b2 = randomArray(k * n);
    kernels.repackB(packed, b2, { transB: true });
    const want = new Float32Array(m * n);
    const got = new Float32Array(m * n);
    gemmJs({ m, n, k, a, b: b2, c: want, transB: true });
    kernels.gemm({ m, n, k, a, c: got, packedB: packed });
    expect(maxRelError(got, want)).toBeLessThan(2e-5);
    expect(kernels.memoryBytes).toBe(bytes);
    kernels.free(packed.buffer);
  });

  it('keeps resident values when memory grows and refreshes their views', () => {
    const kept = kernels.alloc(1000);
    kept.view().set(randomArray(1000));
    const before = kept.view().slice();
    const big = kernels.alloc(4_000_000);
    expect([...kept.view()]).toEqual([...before]);
    expect(kept.view().buffer).toBe(kernels.memoryBuffer);
    kernels.free(big);
    kernels.free(kept);
    expect(() => kept.view()).toThrow('WasmBuffer: view() must not be called after free().');
  });

  it('rejects a prepacked B of another shape', () => {
    const packed = kernels.packB(new Float32Array(12), { n: 4, k: 3 });
    expect(() =>
      kernels.gemm({
        m: 2,
        n: 3,
        k: 4,
        a: new Float32Array(8),
        c: new Float32Array(6),
        packedB: packed,
      }),
    ).toThrow('gemm: packedB must be packed for n 3 and k 4, got n 4 and k 3.');
    kernels.free(packed.buffer);
  });
});
