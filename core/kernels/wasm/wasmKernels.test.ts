/** The WebAssembly kernels agree with the plain-TypeScript references: gemm on every transpose and edge shape, Adam, the Linear backward, and the installed backend. */
import { afterEach, describe, expect, it } from 'vitest';
import { ShapeError } from '../../errors.ts';
import { Random } from '../../random.ts';
import { backward } from '../../tensor/autograd.ts';
import { tensor } from '../../tensor/creation.ts';
import { matmul } from '../../tensor/matmul.ts';
import { type GemmOptions, getBackend, setBackend } from '../backend.ts';
import { gemmJs } from '../js/gemm.ts';
import { jsBackend } from '../js/index.ts';
import { linearBackwardJs } from '../js/linear.ts';
import { cellKernel, recurrentForward } from '../recurrent/index.ts';
import { decodeBase64 } from './base64.ts';
import { createWasmBackend, initWasmBackend, loadWasmKernelsSync } from './index.ts';
import { KERNELS_RELAXED_SIMD_BASE64, KERNELS_SIMD_BASE64 } from './kernels.generated.ts';

const kernels = loadWasmKernelsSync();
const simdOnly = loadWasmKernelsSync({ variant: 'simd' });
const rng = new Random(1234);

function randomArray(n: number): Float32Array {
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = rng.uniform(-1, 1);
  return out;
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

interface Case {
  m: number;
  n: number;
  k: number;
  transA: boolean;
  transB: boolean;
  alpha: number;
  beta: number;
  bias: boolean;
}

function runBoth(
  cs: Case,
  run: (o: GemmOptions) => void,
): { got: Float32Array; want: Float32Array } {
  const { m, n, k } = cs;
  const a = randomArray(m * k);
  const b = randomArray(k * n);
  const c0 = randomArray(m * n);
  const bias = cs.bias ? randomArray(n) : undefined;
  const base = {
    m,
    n,
    k,
    a,
    b,
    transA: cs.transA,
    transB: cs.transB,
    alpha: cs.alpha,
    beta: cs.beta,
  };
  const want = c0.slice();
  gemmJs({ ...base, c: want, ...(bias ? { bias } : {}) });
  const got = c0.slice();
  run({ ...base, c: got, ...(bias ? { bias } : {}) });
  return { got, want };
}

const EDGE_SIZES = [1, 2, 3, 4, 5, 7, 8, 9, 13, 17, 31, 33];

describe('wasm gemm', () => {
  it('equals the JS gemm on every transpose variant of odd and edge shapes', () => {
    for (const transA of [false, true]) {
      for (const transB of [false, true]) {
        for (let trial = 0; trial < 40; trial++) {
          const pick = () => EDGE_SIZES[rng.int(EDGE_SIZES.length)] as number;
          const cs = {
            m: pick(),
            n: pick(),
            k: pick(),
            transA,
            transB,
            alpha: 1,
            beta: 0,
            bias: false,
          };
          const { got, want } = runBoth(cs, (o) => kernels.gemm(o));
          expect(maxRelError(got, want), JSON.stringify(cs)).toBeLessThan(1e-5);
        }
      }
    }
  });

  it('handles 1×N, N×1 and k = 1 products and blocks larger than one cache block', () => {
    const shapes: [number, number, number][] = [
      [1, 300, 70],
      [300, 1, 70],
      [57, 61, 1],
      [1, 1, 1],
      [3000, 20, 4],
      [130, 2100, 9],
      [30, 40, 600],
      [259, 67, 513],
    ];
    for (const [m, n, k] of shapes) {
      for (const transA of [false, true]) {
        for (const transB of [false, true]) {
          const cs = { m, n, k, transA, transB, alpha: 1, beta: 0, bias: true };
          const { got, want } = runBoth(cs, (o) => kernels.gemm(o));
          expect(maxRelError(got, want), JSON.stringify(cs)).toBeLessThan(2e-5);
        }
      }
    }
  });

  it('applies alpha, beta and the fused bias like the JS gemm', () => {
    const scalings: [number, number][] = [
      [0.5, 0],
      [1, 1],
      [-2, 0.25],
      [0, 3],
      [1.5, -1],
    ];
    for (const [alpha, beta] of scalings) {
      for (const bias of [false, true]) {
        for (const variant of [kernels, simdOnly]) {
          const cs = { m: 19, n: 23, k: 300, transA: true, transB: false, alpha, beta, bias };
          const { got, want } = runBoth(cs, (o) => variant.gemm(o));
          expect(maxRelError(got, want), JSON.stringify(cs)).toBeLessThan(2e-5);
        }
      }
    }
  });

  it('never reads C when beta is 0, as BLAS does (NaN in C does not leak)', () => {
    const c = new Float32Array(6).fill(Number.NaN);
    kernels.gemm({ m: 2, n: 3, k: 1, a: Float32Array.of(1, 2), b: Float32Array.of(1, 2, 3), c });
    expect([...c]).toEqual([1, 2, 3, 2, 4, 6]);
  });

  it('writes beta·C + bias when k is 0', () => {
    const c = Float32Array.of(1, 2, 3, 4);
    kernels.gemm({
      m: 2,
      n: 2,
      k: 0,
      a: new Float32Array(0),
      b: new Float32Array(0),
      c,
      beta: 2,
      bias: Float32Array.of(10, 20),
    });
    expect([...c]).toEqual([12, 24, 16, 28]);
  });

  it('does not grow its memory once a shape has been seen', () => {
    const cs = { m: 64, n: 96, k: 128, transA: false, transB: true, alpha: 1, beta: 0, bias: true };
    runBoth(cs, (o) => kernels.gemm(o));
    const bytes = kernels.memoryBytes;
    for (let i = 0; i < 5; i++) runBoth(cs, (o) => kernels.gemm(o));
    runBoth({ ...cs, m: 10, n: 10 }, (o) => kernels.gemm(o));
    expect(kernels.memoryBytes).toBe(bytes);
  });

  it('rejects an operand shorter than its shape with a shape error', () => {
    const call = () =>
      kernels.gemm({
        m: 2,
        n: 2,
        k: 3,
        a: new Float32Array(5),
        b: new Float32Array(6),
        c: new Float32Array(4),
      });
    expect(call).toThrow(ShapeError);
    expect(call).toThrow('gemm: a must hold at least 6 values, got 5.');
    expect(() =>
      kernels.gemm({
        m: 1.5,
        n: 2,
        k: 3,
        a: new Float32Array(6),
        b: new Float32Array(6),
        c: new Float32Array(4),
      }),
    ).toThrow('gemm: m must be a non-negative integer, got 1.5.');
  });
});

/** PyTorch 1.13's _single_tensor_adam, in float32 steps (the reference the wasm update must match). */
function adamReference(
  p: Float32Array,
  g: Float32Array,
  m: Float32Array,
  v: Float32Array,
  h: {
    lr: number;
    beta1: number;
    beta2: number;
    eps: number;
    weightDecay: number;
    step: number;
    decoupled: boolean;
  },
): void {
  const f = Math.fround;
  const stepSize = h.lr / (1 - h.beta1 ** h.step);
  const bc2Sqrt = Math.sqrt(1 - h.beta2 ** h.step);
  for (let i = 0; i < p.length; i++) {
    let pi = p[i] as number;
    let gi = g[i] as number;
    if (h.decoupled) pi = f(pi * f(1 - h.lr * h.weightDecay));
    else gi = f(gi + f(pi * h.weightDecay));
    const mi = f(f((m[i] as number) * h.beta1) + f(gi * (1 - h.beta1)));
    const vi = f(f((v[i] as number) * h.beta2) + f(f(gi * gi) * (1 - h.beta2)));
    m[i] = mi;
    v[i] = vi;
    p[i] = pi - f(stepSize) * f(mi / f(f(Math.sqrt(vi) / bc2Sqrt) + h.eps));
  }
}

describe('wasm Adam', () => {
  for (const decoupled of [false, true]) {
    it(`follows PyTorch's ${decoupled ? 'AdamW' : 'Adam'} update over 20 steps to float rounding`, () => {
      const n = 203;
      const p = randomArray(n);
      const m = new Float32Array(n);
      const v = new Float32Array(n);
      const pRef = p.slice();
      const mRef = m.slice();
      const vRef = v.slice();
      for (let step = 1; step <= 20; step++) {
        const g = randomArray(n);
        const h = {
          lr: 1e-2,
          beta1: 0.9,
          beta2: 0.999,
          eps: 1e-8,
          weightDecay: 0.01,
          step,
          decoupled,
        };
        kernels.adamStep({ param: p, grad: g, expAvg: m, expAvgSq: v, ...h });
        adamReference(pRef, g, mRef, vRef, h);
      }
      expect(maxRelError(p, pRef)).toBeLessThan(1e-6);
      expect(maxRelError(m, mRef)).toBeLessThan(1e-6);
      expect(maxRelError(v, vRef)).toBeLessThan(1e-6);
    });
  }
});

describe('wasm Linear backward', () => {
  for (const [rows, inF, outF] of [
    [37, 13, 11],
    [130, 64, 301],
  ] as const) {
    it(`gives the JS gradients for ${rows} rows, ${inF} → ${outF} (bias sums bit for bit)`, () => {
      const o = {
        rows,
        inF,
        outF,
        g: randomArray(rows * outF),
        x: randomArray(rows * inF),
        weight: randomArray(outF * inF),
        needDx: true,
        needDb: true,
      };
      const got = kernels.linearBackward(o);
      const want = linearBackwardJs(o);
      expect(maxRelError(got.dx as Float32Array, want.dx as Float32Array)).toBeLessThan(1e-5);
      expect(maxRelError(got.dw, want.dw)).toBeLessThan(1e-5);
      expect([...(got.db as Float32Array)]).toEqual([...(want.db as Float32Array)]);
    });
  }

  it('skips dx and db when they are not asked for', () => {
    const o = {
      rows: 5,
      inF: 3,
      outF: 4,
      g: randomArray(20),
      x: randomArray(15),
      weight: randomArray(12),
      needDx: false,
      needDb: false,
    };
    const got = kernels.linearBackward(o);
    expect(got.dx).toBeNull();
    expect(got.db).toBeNull();
    expect(maxRelError(got.dw, linearBackwardJs(o).dw)).toBeLessThan(1e-5);
  });
});

describe('wasm backend', () => {
  afterEach(() => setBackend(jsBackend));

  it('gives the same matmul forward and gradients as the js backend once installed', () => {
    const x = randomArray(30 * 64);
    const w = randomArray(64 * 48);
    const seed = randomArray(30 * 48);
    const run = () => {
      const a = tensor(x, [30, 64], { requiresGrad: true });
      const b = tensor(w, [64, 48], { requiresGrad: true });
      const y = matmul(a, b);
      backward(y, seed.slice());
      return { y: y.data, ga: a.grad!.data, gb: b.grad!.data };
    };
    const js = run();
    setBackend(createWasmBackend());
    expect(getBackend().name).toBe('wasm');
    const wasm = run();
    expect(maxRelError(wasm.y, js.y)).toBeLessThan(1e-5);
    expect(maxRelError(wasm.ga, js.ga)).toBeLessThan(1e-4);
    expect(maxRelError(wasm.gb, js.gb)).toBeLessThan(1e-4);
  });

  it('computes a Linear layer (x·Wᵀ + b, PyTorch weight layout) like the js backend', async () => {
    const backend = await initWasmBackend({ variant: 'simd' });
    const x = randomArray(3000 * 4);
    const weight = randomArray(256 * 4);
    const bias = randomArray(256);
    const want = new Float32Array(3000 * 256);
    const got = new Float32Array(3000 * 256);
    const linear = { m: 3000, n: 256, k: 4, a: x, b: weight, transB: true, bias };
    jsBackend.gemm({ ...linear, c: want });
    backend.gemm({ ...linear, c: got });
    expect(maxRelError(got, want)).toBeLessThan(1e-5);
  });

  it('exposes the proposed kernels on the backend object, wired to the same instance', () => {
    const backend = createWasmBackend({ variant: 'simd' });
    const o = {
      seqLen: 3,
      batch: 2,
      inputSize: 2,
      hiddenSize: 4,
      reverse: false,
      lengths: null,
      x: randomArray(12),
      h0: null,
      c0: null,
      wIh: randomArray(8),
      wHh: randomArray(16),
      bIh: null,
      bHh: null,
    };
    const want = recurrentForward(cellKernel('rnn-relu'), o, getBackend().gemm);
    const got = backend.recurrentForward('rnn-relu', o);
    expect(maxRelError(got.out, want.out)).toBeLessThan(1e-6);
    const ce = backend.softmaxCrossEntropy({
      logits: randomArray(6),
      classes: 3,
      targets: Int32Array.of(2, -100),
    });
    expect(ce.count).toBe(1);
    expect(backend.kernels.variant).toBe('simd');
  });

  it('loads the relaxed-SIMD build exactly when the runtime validates it', () => {
    const relaxed = WebAssembly.validate(decodeBase64(KERNELS_RELAXED_SIMD_BASE64));
    expect(kernels.variant).toBe(relaxed ? 'relaxed-simd' : 'simd');
    expect(simdOnly.variant).toBe('simd');
  });

  it('embeds a module that imports nothing', () => {
    const mod = new WebAssembly.Module(decodeBase64(KERNELS_SIMD_BASE64));
    expect(WebAssembly.Module.imports(mod)).toEqual([]);
  });
});
