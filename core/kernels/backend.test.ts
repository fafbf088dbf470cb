/** The Backend interface: both backends implement every kernel with the same results, a partial backend is completed with the TypeScript kernels, and the test setup installs the backend it was asked for. */
import { afterEach, describe, expect, it } from 'vitest';
import { Random } from '../random.ts';
import { type Backend, getBackend, setBackend } from './backend.ts';
import { jsBackend } from './js/index.ts';
import { createWasmBackend } from './wasm/index.ts';

const wasm = createWasmBackend();
const installed = getBackend();
afterEach(() => setBackend(installed));

function randomArray(rng: Random, n: number, scale = 1): Float32Array {
  return Float32Array.from({ length: n }, () => rng.normal() * scale);
}

function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tol: number): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const e = expected[i] as number;
    const a = actual[i] as number;
    if (Math.abs(a - e) > tol * (1 + Math.abs(e))) {
      expect.fail(`element ${i}: got ${a}, expected ${e} (tol ${tol})`);
    }
  }
}

describe('setBackend', () => {
  it('completes a gemm-only backend with the TypeScript kernels', () => {
    const calls: number[] = [];
    setBackend({
      name: 'js',
      gemm: (o) => {
        calls.push(o.m);
        jsBackend.gemm(o);
      },
    });
    const b = getBackend();
    expect(b.adamStep).toBe(jsBackend.adamStep);
    const c = new Float32Array(4);
    b.gemm({ m: 2, n: 2, k: 1, a: new Float32Array([1, 2]), b: new Float32Array([3, 4]), c });
    expect(calls).toEqual([2]);
    expect([...c]).toEqual([3, 4, 6, 8]);
  });

  it("runs the TypeScript time loop of a gemm-only backend on that backend's gemm", () => {
    const calls: number[] = [];
    setBackend({
      name: 'js',
      gemm: (o) => {
        calls.push(o.m);
        jsBackend.gemm(o);
      },
    });
    const one = new Float32Array([1]);
    const layer = { seqLen: 2, batch: 1, inputSize: 1, hiddenSize: 1, reverse: false };
    const o = { ...layer, lengths: null, x: new Float32Array([0.5, -1]), h0: null, c0: null };
    const weights = { wIh: one, wHh: one, bIh: null, bHh: null };
    const got = getBackend().recurrentForward('rnn-tanh', { ...o, ...weights });
    // One input projection over both steps (m = L·N = 2), then one product per step (m = N = 1).
    expect(calls).toEqual([2, 1, 1]);
    const want = jsBackend.recurrentForward('rnn-tanh', { ...o, ...weights });
    expect([...got.out]).toEqual([...want.out]);
  });

  it('installs a complete backend as the very object given', () => {
    setBackend(wasm);
    expect(getBackend()).toBe(wasm);
  });

  it('runs each suite on the backend RNN_STUDIO_BACKEND names (js unless set)', () => {
    expect(installed.name).toBe(process.env.RNN_STUDIO_BACKEND || 'js');
  });
});

describe.each<[string, Backend]>([
  ['js', jsBackend],
  ['wasm', wasm],
])('the %s backend', (_, backend) => {
  const rng = new Random(7);

  it('takes the same Adam and AdamW steps as the TypeScript reference, AMSGrad included', () => {
    for (const variant of [{ decoupled: false }, { decoupled: true }, { amsgrad: true }]) {
      const n = 23;
      const start = { param: randomArray(rng, n), grad: randomArray(rng, n) };
      const state = () => ({
        param: start.param.slice(),
        grad: start.grad,
        expAvg: new Float32Array(n).fill(0.1),
        expAvgSq: new Float32Array(n).fill(0.2),
        maxExpAvgSq: 'amsgrad' in variant ? new Float32Array(n).fill(0.3) : null,
      });
      const hyper = { lr: 0.01, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0.05, step: 3 };
      const decoupled = 'decoupled' in variant && variant.decoupled;
      const ours = state();
      const ref = state();
      backend.adamStep({ ...ours, ...hyper, decoupled });
      jsBackend.adamStep({ ...ref, ...hyper, decoupled });
      expectClose(ours.param, ref.param, 1e-6);
      expectClose(ours.expAvg, ref.expAvg, 1e-6);
      expectClose(ours.expAvgSq, ref.expAvgSq, 1e-6);
    }
  });

  it('gathers embedding rows and scatter-adds their gradient, skipping the padding row', () => {
    const table = randomArray(rng, 5 * 3);
    const ids = new Int32Array([4, 0, 4, 2]);
    const out = new Float32Array(12);
    backend.embeddingGather(table, 3, ids, out);
    expect([...out.subarray(6, 9)]).toEqual([...table.subarray(12, 15)]);
    expect([...out.subarray(3, 6)]).toEqual([...table.subarray(0, 3)]);
    const grad = new Float32Array(15);
    backend.embeddingScatterAdd(grad, 3, ids, new Float32Array(12).fill(1), { paddingIdx: 0 });
    expect([...grad]).toEqual([0, 0, 0, 0, 0, 0, 1, 1, 1, 0, 0, 0, 2, 2, 2]);
  });

  it('computes softmax cross-entropy and its gradient with ignored rows', () => {
    const classes = 11;
    const logits = randomArray(rng, 6 * classes, 4);
    const targets = new Int32Array([3, -100, 0, 10, 5, -100]);
    const r = backend.softmaxCrossEntropy({ logits, classes, targets });
    expect(r.count).toBe(4);
    for (let i = 0; i < 6; i++) {
      const row = Array.from(logits.subarray(i * classes, (i + 1) * classes));
      const max = Math.max(...row);
      const lse = max + Math.log(row.reduce((s, v) => s + Math.exp(v - max), 0));
      const t = targets[i] as number;
      expect(r.rowLoss[i]).toBeCloseTo(t === -100 ? 0 : lse - (row[t] as number), 5);
    }
    const grad = backend.softmaxCrossEntropyBackward({
      probs: r.probs,
      classes,
      targets,
      scale: 0.25,
    });
    const expected = jsBackend.softmaxCrossEntropyBackward({
      probs: jsBackend.softmaxCrossEntropy({ logits, classes, targets }).probs,
      classes,
      targets,
      scale: 0.25,
    });
    expectClose(grad, expected, 1e-6);
    expect([...grad.subarray(classes, 2 * classes)]).toEqual(new Array(classes).fill(0));
  });

  it('gives the loss and the mean or sum gradient in one pass, as forward then backward does', () => {
    const classes = 9;
    const logits = randomArray(rng, 5 * classes, 3);
    const targets = new Int32Array([8, -100, 0, 4, 4]);
    const before = logits.slice();
    for (const reduction of ['mean', 'sum'] as const) {
      const both = backend.softmaxCrossEntropyWithGrad({ logits, classes, targets, reduction });
      const fwd = backend.softmaxCrossEntropy({ logits, classes, targets });
      const scale = reduction === 'mean' ? 1 / fwd.count : 1;
      const grad = backend.softmaxCrossEntropyBackward({
        probs: fwd.probs,
        classes,
        targets,
        scale,
      });
      expect(both.count).toBe(4);
      expectClose(both.rowLoss, fwd.rowLoss, 1e-12);
      expectClose(both.grad, grad, 1e-7);
    }
    expect(logits).toEqual(before);
  });

  it('runs a GRU layer forward and backward like the TypeScript time loop', () => {
    const [L, N, I, H] = [5, 3, 4, 6];
    const o = {
      seqLen: L,
      batch: N,
      inputSize: I,
      hiddenSize: H,
      reverse: true,
      lengths: new Int32Array([5, 2, 4]),
      x: randomArray(rng, L * N * I),
      h0: randomArray(rng, N * H),
      c0: null,
      wIh: randomArray(rng, 3 * H * I, 0.4),
      wHh: randomArray(rng, 3 * H * H, 0.4),
      bIh: randomArray(rng, 3 * H),
      bHh: randomArray(rng, 3 * H),
    };
    const ours = backend.recurrentForward('gru', o);
    const ref = jsBackend.recurrentForward('gru', o);
    expectClose(ours.out, ref.out, 1e-5);
    expectClose(ours.hN, ref.hN, 1e-5);
    const g = {
      dOut: randomArray(rng, L * N * H),
      dhN: randomArray(rng, N * H),
      dcN: null,
      needInputGrad: true,
    };
    const dOurs = backend.recurrentBackward('gru', ours.cache, g);
    const dRef = jsBackend.recurrentBackward('gru', ref.cache, g);
    expectClose(dOurs.dx ?? [], dRef.dx ?? [], 1e-5);
    expectClose(dOurs.dWhh, dRef.dWhh, 1e-5);
    expectClose(dOurs.dh0, dRef.dh0, 1e-5);
  });
});
