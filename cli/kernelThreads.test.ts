/** The wasm kernels on two threads: a Node worker helper takes a row band of large gemms and whole recurrent layers give the single-threaded results; without SharedArrayBuffer the backend stays on one thread. */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jsBackend, prepareGreedyDecoderOn } from '../core/kernels/js/index.ts';
import {
  createThreadedWasmBackend,
  createWasmBackend,
  type WasmBackend,
} from '../core/kernels/wasm/index.ts';
import { Random } from '../core/random.ts';
import { firstDifference } from '../test/support/arrays.ts';
import { spawnNodeKernelHelper } from './kernelThreads.ts';

let threaded: WasmBackend;
const single = createWasmBackend();

function randomArray(rng: Random, n: number): Float32Array {
  return Float32Array.from({ length: n }, () => rng.normal());
}

beforeAll(async () => {
  threaded = createThreadedWasmBackend(spawnNodeKernelHelper);
  const deadline = Date.now() + 30_000;
  while (threaded.kernels.threads < 2 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
});
afterAll(() => threaded.kernels.stopHelper());

/** Random inputs and weights of one recurrent layer (`gates` = 3 for GRU, 4 for LSTM) in the kernels' layout. */
function layerInputs(
  rng: Random,
  dims: { L: number; N: number; I: number; H: number; gates: number },
  options: { reverse?: boolean; lengths?: Int32Array; h0?: boolean } = {},
) {
  const { L, N, I, H, gates } = dims;
  return {
    seqLen: L,
    batch: N,
    inputSize: I,
    hiddenSize: H,
    reverse: options.reverse ?? false,
    lengths: options.lengths ?? null,
    x: randomArray(rng, L * N * I),
    h0: options.h0 === true ? randomArray(rng, N * H) : null,
    c0: null,
    wIh: randomArray(rng, gates * H * I),
    wHh: randomArray(rng, gates * H * H),
    bIh: randomArray(rng, gates * H),
    bHh: randomArray(rng, gates * H),
  };
}

/** Where greedy decoding's threads split a head of V × H over N rows (0: not shared). */
function sharedHeadColumn(N: number, V: number, H: number): number {
  if (2 * N * V * H < 8e6) return 0;
  return threaded.kernels.withScratch((sc) => sc.exports.gemmSplitColumn(N, V, H, 1));
}

/** A head the threads share by columns (split at 2000), with zero weights: its logits are its bias. */
const [TIE_ROWS, TIE_H, TIE_V] = [16, 64, 4000];
const NEG = Number.NEGATIVE_INFINITY;

/** Biases whose arg-max falls across or inside the column halves, with the expected column. */
const TIE_BIASES: [string, (j: number) => number, number][] = [
  ['a tie across the halves keeps the lower column', (j) => (j === 3 || j === 3000 ? 5 : 0), 3],
  ['a tie inside the upper half keeps its first', (j) => (j === 2700 || j === 3999 ? 5 : 0), 2700],
  ['the upper half wins when larger', (j) => (j === 3 ? 5 : j === 2000 ? 6 : 0), 2000],
  [
    'a lower half of −∞ and NaN loses',
    (j) => (j < 2000 ? (j % 2 ? NEG : Number.NaN) : j === 3999 ? -7 : -9),
    3999,
  ],
  ['nothing above −∞ gives 0', (j) => (j % 3 ? NEG : Number.NaN), 0],
];

function tieHead(bias: (j: number) => number) {
  return {
    inF: TIE_H,
    outF: TIE_V,
    weight: new Float32Array(TIE_V * TIE_H),
    bias: Float32Array.from({ length: TIE_V }, (_, j) => bias(j)),
  };
}

describe('the threaded wasm backend', () => {
  it('starts a helper thread on the shared memory', () => {
    expect(threaded.kernels.hasHelper).toBe(true);
    expect(threaded.kernels.threads).toBe(2);
  });

  it('splits large gemms in row bands with the single-threaded results, every transpose and bias', () => {
    const rng = new Random(3);
    const [m, n, k] = [203, 150, 190];
    for (const [transA, transB] of [
      [false, false],
      [true, false],
      [false, true],
      [true, true],
    ] as const) {
      const a = randomArray(rng, m * k);
      const b = randomArray(rng, k * n);
      const bias = randomArray(rng, n);
      const c0 = randomArray(rng, m * n);
      const ours = c0.slice();
      const ref = c0.slice();
      const o = { m, n, k, a, b, transA, transB, alpha: 0.5, beta: 0.25, bias };
      threaded.gemm({ ...o, c: ours });
      single.gemm({ ...o, c: ref });
      expect(ours).toEqual(ref);
    }
  });

  it('splits a wide output head by columns with the single-threaded results, B copied or prepacked', () => {
    const rng = new Random(5);
    // Wider than one 2048-column block and deeper than one 256-deep block.
    const [m, n, k] = [48, 2100, 300];
    const split = threaded.kernels.withScratch((sc) => [
      sc.exports.gemmSplitColumn(m, n, k, 0),
      sc.exports.gemmSplitColumn(m, n, k, 1),
    ]);
    expect(split).toEqual([1048, 1048]);
    const a = randomArray(rng, m * k);
    const weight = randomArray(rng, n * k);
    const bias = randomArray(rng, n);
    const c0 = randomArray(rng, m * n);
    for (const prepacked of [false, true]) {
      const [ours, ref] = [threaded, single].map((backend) => {
        const c = c0.slice();
        const o = { m, n, k, a, c, transB: true, alpha: 0.5, beta: 0.25, bias };
        if (!prepacked) {
          backend.gemm({ ...o, b: weight });
          return c;
        }
        const packedB = backend.kernels.packB(weight, { n, k, transB: true });
        backend.kernels.gemm({ ...o, packedB });
        backend.kernels.free(packedB.buffer);
        return c;
      });
      expect(ours).toEqual(ref);
    }
  });

  it('splits a large Adam and AdamW update in two bands with the single-threaded results', () => {
    const rng = new Random(11);
    const n = 200_003; // an odd size: each band has a scalar tail
    for (const decoupled of [false, true]) {
      const start = [randomArray(rng, n), randomArray(rng, n), randomArray(rng, n)];
      const vSq = randomArray(rng, n).map((v) => v * v);
      const grad = randomArray(rng, n);
      const run = (backend: WasmBackend) => {
        const o = {
          param: (start[0] as Float32Array).slice(),
          grad,
          expAvg: (start[1] as Float32Array).slice(),
          expAvgSq: vSq.slice(),
          lr: 1e-3,
          beta1: 0.9,
          beta2: 0.999,
          eps: 1e-8,
          weightDecay: 0.01,
          step: 3,
          decoupled,
        };
        backend.adamStep(o);
        return [o.param, o.expAvg, o.expAvgSq];
      };
      const gradBefore = grad.slice();
      const [ours, reference] = [run(threaded), run(single)];
      // param, exp_avg, exp_avg_sq: the same bits (a loop: toEqual takes seconds on 200,003 values).
      expect(ours.map((x, i) => firstDifference(x, reference[i] as Float32Array))).toEqual([
        -1, -1, -1,
      ]);
      // Weight decay is added to the gradient inside wasm memory only.
      expect(firstDifference(grad, gradBefore)).toBe(-1);
    }
  });

  it('keeps Adam moments from stateArray in shared memory, updated in place with the results of plain arrays', () => {
    const rng = new Random(13);
    const n = 100_001;
    const param = randomArray(rng, n);
    const grad = randomArray(rng, n);
    const expAvg = threaded.stateArray(n);
    const expAvgSq = threaded.stateArray(n);
    expect(expAvg.buffer).toBeInstanceOf(SharedArrayBuffer);
    const plain = {
      param: param.slice(),
      expAvg: new Float32Array(n),
      expAvgSq: new Float32Array(n),
    };
    const resident = { param: param.slice(), expAvg, expAvgSq };
    const hyper = { grad, lr: 1e-3, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0 };
    for (let step = 1; step <= 3; step++) {
      single.adamStep({ ...plain, ...hyper, step });
      threaded.adamStep({ ...resident, ...hyper, step });
      // Memory growth between steps (a larger scratch) leaves the shared views valid.
      if (step === 2) threaded.kernels.withScratch((sc) => sc.take(8 * 1024 * 1024));
    }
    expect(resident.param).toEqual(plain.param);
    expect(expAvg).toEqual(plain.expAvg);
    expect(expAvgSq).toEqual(plain.expAvgSq);
    expect(single.stateArray(4)).toEqual(new Float32Array(4));
    expect(single.stateArray(4).buffer).not.toBeInstanceOf(SharedArrayBuffer);
  });

  it('keeps a GRU cache for one backward in shared memory, with the results of a plain cache, and releases it', () => {
    const rng = new Random(19);
    const [L, N, I, H] = [12, 16, 24, 32];
    const o = layerInputs(rng, { L, N, I, H, gates: 3 }, { h0: true });
    const before = threaded.kernels.residentBytes;
    const kept = threaded.recurrentForward('gru', { ...o, cacheForOneBackward: true });
    const ref = single.recurrentForward('gru', o);
    expect(kept.cache.state.gates.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(threaded.kernels.residentBytes).toBeGreaterThan(before);
    expect(kept.out).toEqual(ref.out);
    expect(kept.hN).toEqual(ref.hN);
    const g = {
      dOut: randomArray(rng, L * N * H),
      dhN: randomArray(rng, N * H),
      dcN: null,
      needInputGrad: true,
    };
    const dKept = threaded.recurrentBackward('gru', kept.cache, g);
    const dRef = single.recurrentBackward('gru', ref.cache, g);
    expect(dKept).toEqual(dRef);
    expect(threaded.kernels.residentBytes).toBe(before);
    expect(() => threaded.recurrentBackward('gru', kept.cache, g)).toThrow(
      'recurrentBackward: the cache must not have been consumed by a backward already, got one that was (its forward ran with cacheForOneBackward).',
    );
  });

  it('runs the fused output head (linear + cross-entropy + backward) with the single-threaded unfused results', () => {
    const rng = new Random(9);
    // Large enough that the head's three gemms, the cross-entropy and the bias sums split.
    const [rows, inF, outF] = [400, 64, 700];
    const x = randomArray(rng, rows * inF);
    const weight = randomArray(rng, outF * inF);
    const bias = randomArray(rng, outF);
    const targets = Int32Array.from({ length: rows }, (_, i) =>
      i % 7 === 2 ? -100 : rng.int(outF),
    );
    const o = {
      rows,
      inF,
      outF,
      x,
      weight,
      bias,
      targets,
      reduction: 'mean',
      needDx: true,
    } as const;
    const fused = threaded.linearCrossEntropyWithGrad(o);
    const logits = new Float32Array(rows * outF);
    single.gemm({ m: rows, n: outF, k: inF, a: x, b: weight, c: logits, transB: true, bias });
    const ce = single.softmaxCrossEntropyWithGrad({
      logits,
      classes: outF,
      targets,
      reduction: 'mean',
    });
    const grads = single.linearBackward({
      rows,
      inF,
      outF,
      g: ce.grad,
      x,
      weight,
      needDx: true,
      needDb: true,
    });
    expect(fused.rowLoss).toEqual(ce.rowLoss);
    expect(fused.count).toBe(ce.count);
    expect(fused.dx).toEqual(grads.dx);
    expect(fused.dw).toEqual(grads.dw);
    expect(fused.db).toEqual(grads.db);
    // The loss alone (evaluation): on two threads and one, the same rows; the TypeScript
    // kernels' equal their own fused head's.
    const { needDx: _dx, ...lossOptions } = o;
    for (const backend of [threaded, single]) {
      const loss = backend.linearCrossEntropyLoss(lossOptions);
      expect(loss.rowLoss).toEqual(ce.rowLoss);
      expect(loss.count).toBe(ce.count);
    }
    const js = jsBackend.linearCrossEntropyWithGrad(o);
    expect(jsBackend.linearCrossEntropyLoss(lossOptions)).toEqual({
      rowLoss: js.rowLoss,
      count: js.count,
    });
  });

  it('sums a large bias gradient in two column bands with the single-threaded and TypeScript results', () => {
    const rng = new Random(12);
    // An odd column count: the bands' edges and the last band's scalar tail are exercised.
    const [rows, inF, outF] = [300, 8, 1001];
    const o = {
      rows,
      inF,
      outF,
      g: randomArray(rng, rows * outF),
      x: randomArray(rng, rows * inF),
      weight: randomArray(rng, outF * inF),
      needDx: false,
      needDb: true,
    };
    const ours = threaded.linearBackward(o);
    expect(ours.db).toEqual(single.linearBackward(o).db);
    expect(ours.db).toEqual(jsBackend.linearBackward(o).db);
  });

  it('runs an LSTM layer forward and backward with the single-threaded results', () => {
    const rng = new Random(5);
    // Large enough that the input projection and all three gradient gemms split (≥ 8 MFLOP).
    const [L, N, I, H] = [20, 32, 64, 64];
    const o = layerInputs(rng, { L, N, I, H, gates: 4 });
    const ours = threaded.recurrentForward('lstm', o);
    const ref = single.recurrentForward('lstm', o);
    expect(ours.out).toEqual(ref.out);
    const g = { dOut: randomArray(rng, L * N * H), dhN: null, dcN: null, needInputGrad: true };
    const dOurs = threaded.recurrentBackward('lstm', ours.cache, g);
    const dRef = single.recurrentBackward('lstm', ref.cache, g);
    expect(dOurs.dWih).toEqual(dRef.dWih);
    expect(dOurs.dWhh).toEqual(dRef.dWhh);
    expect(dOurs.dx).toEqual(dRef.dx);
  });

  it('runs a reversed GRU layer with per-sequence lengths on two batch halves with the single-threaded results', () => {
    const rng = new Random(9);
    const [L, N, I, H] = [9, 10, 12, 20];
    const o = layerInputs(
      rng,
      { L, N, I, H, gates: 3 },
      { reverse: true, lengths: new Int32Array([9, 3, 1, 9, 5, 7, 2, 9, 4, 6]), h0: true },
    );
    const ours = threaded.recurrentForward('gru', o);
    const ref = single.recurrentForward('gru', o);
    expect(ours.out).toEqual(ref.out);
    expect(ours.hN).toEqual(ref.hN);
    const g = {
      dOut: randomArray(rng, L * N * H),
      dhN: randomArray(rng, N * H),
      dcN: null,
      needInputGrad: true,
    };
    const dOurs = threaded.recurrentBackward('gru', ours.cache, g);
    const dRef = single.recurrentBackward('gru', ref.cache, g);
    expect(dOurs.dh0).toEqual(dRef.dh0);
    expect(dOurs.dWhh).toEqual(dRef.dWhh);
    expect(dOurs.dbHh).toEqual(dRef.dbHh);
    expect(dOurs.dx).toEqual(dRef.dx);
  });

  it('runs prepared decoding steps (a Linear, its arg-max head, a GRU and an LSTM step) on two threads with the single-threaded results', () => {
    const rng = new Random(9);
    const [N, I, H, V] = [64, 48, 40, 300];
    const weight = randomArray(rng, V * H);
    const bias = randomArray(rng, V);
    const x = randomArray(rng, N * H);
    const outs = [single, threaded].map((backend) => {
      const linear = backend.prepareLinear({ inF: H, outF: V, weight, bias });
      const out = new Float32Array(N * V);
      linear.apply(x, N, out);
      const picked = new Int32Array(N);
      linear.applyArgmax(x, N, picked);
      linear.free();
      return { out, picked };
    });
    expect(outs[1]).toEqual(outs[0]);
    // The arg-max head splits its rows over both threads and picks the maxima of those logits.
    const maxima = Array.from({ length: N }, (_, r) => {
      const row = (outs[0] as { out: Float32Array }).out.subarray(r * V, (r + 1) * V);
      return row.indexOf(Math.max(...row));
    });
    expect([...(outs[1] as { picked: Int32Array }).picked]).toEqual(maxima);
    for (const [cell, gates] of [
      ['gru', 3],
      ['lstm', 4],
    ] as const) {
      const o = layerInputs(rng, { L: 1, N, I, H, gates });
      const c0 = randomArray(rng, N * H);
      const states = [single, threaded].map((backend) => {
        const step = backend.prepareRecurrentStep(cell, o);
        const h = randomArray(new Random(1), N * H);
        const c = cell === 'lstm' ? c0.slice() : null;
        step.step(o.x, N, h, c);
        step.step(o.x, N, h, c);
        step.free();
        return [h, c];
      });
      expect(states[1]).toEqual(states[0]);
    }
  });

  it("scores a beam-search step (a prepared head's top log-probabilities) in two row bands with the single-threaded results", () => {
    const rng = new Random(12);
    const [N, H, V, count] = [66, 40, 3001, 8];
    const weight = randomArray(rng, V * H);
    const bias = randomArray(rng, V);
    const x = randomArray(rng, N * H);
    const outs = [single, threaded].map((backend) => {
      const linear = backend.prepareLinear({ inF: H, outF: V, weight, bias });
      const ids = new Int32Array(N * count);
      const logProbs = new Float64Array(N * count);
      linear.applyTopLogProbs(x, N, count, ids, logProbs);
      linear.free();
      return { ids, logProbs };
    });
    expect(outs[1]).toEqual(outs[0]);
    // Both bands' rows were scored: the last row's best token is its logits' arg-max.
    const picked = new Int32Array(N);
    const head = single.prepareLinear({ inF: H, outF: V, weight, bias });
    head.applyArgmax(x, N, picked);
    head.free();
    expect(Array.from({ length: N }, (_, r) => outs[1]?.ids[r * count])).toEqual([...picked]);
  });

  it('decodes greedily in two row bands sharing the head by columns (a step in one call per thread) with the tokens of the step-by-step loop', () => {
    const rng = new Random(10);
    // A head of 8 MFLOP per step or more: the threads share it by columns.
    const [N, E, H, V, steps, stop] = [64, 24, 40, 1600, 12, 2];
    expect(sharedHeadColumn(N, V, H)).toBe(800);
    for (const [cell, gates] of [
      ['gru', 3],
      ['lstm', 4],
      ['rnn-tanh', 1],
    ] as const) {
      const layer = (inputSize: number) => ({
        inputSize,
        hiddenSize: H,
        // Scaled up so tokens vary and rows reach the stop token at different steps.
        wIh: randomArray(rng, gates * H * inputSize).map((v) => 2 * v),
        wHh: randomArray(rng, gates * H * H).map((v) => 2 * v),
        bIh: randomArray(rng, gates * H),
        bHh: null,
      });
      const o = {
        cell,
        embedding: { vocab: V, dim: E, weight: randomArray(rng, V * E) },
        layers: [layer(E), layer(H)],
        head: { inF: H, outF: V, weight: randomArray(rng, V * H), bias: randomArray(rng, V) },
      };
      // Among 1600 tokens the stop token needs a lift to end some rows early.
      o.head.bias[stop] = 10;
      const run = {
        rows: N,
        first: Int32Array.from({ length: N }, (_, r) => 3 + (r % 40)),
        h: randomArray(rng, 2 * N * H),
        c: cell === 'lstm' ? randomArray(rng, 2 * N * H) : null,
        maxSteps: steps,
        stop,
      };
      // Each row's tokens up to and including its first stop (the rest is unspecified).
      const upToStop = (tokens: Int32Array) =>
        Array.from({ length: N }, (_, r) => {
          const ids: number[] = [];
          for (let t = 0; t < steps; t++) {
            ids.push(tokens[t * N + r] as number);
            if (ids[t] === stop) break;
          }
          return ids;
        });
      // The reference: the step-by-step loop on the single-threaded wasm backend's kernels. An
      // LSTM also starts once from c = 0 (a GRU encoder's state).
      const starts = cell === 'lstm' ? [run, { ...run, c: null }] : [run];
      for (const start of starts) {
        // The helper's state around the run, named on a mismatch (it must not matter).
        const threadsBefore = threaded.kernels.threads;
        const decoders = [threaded.prepareGreedyDecoder(o), prepareGreedyDecoderOn(single, o)];
        const [ours, reference] = decoders.map((decoder) => {
          const tokens = decoder.run(start);
          decoder.free();
          return upToStop(tokens);
        });
        // On a mismatch: each differing row, the first step it differs at and the reference's
        // token there (a token from the other band's column half points at the barriers).
        const differing = (ours as number[][]).flatMap((ids, r) => {
          const want = reference?.[r] as number[];
          const at = ids.findIndex((id, i) => id !== want[i]);
          const t = at < 0 ? Math.min(ids.length, want.length) : at;
          return at < 0 && ids.length === want.length ? [] : [`row ${r} step ${t}: ${want[t]}`];
        });
        const threads = `${cell}, threads ${threadsBefore} → ${threaded.kernels.threads}; ${differing.join(', ')}`;
        expect(ours, threads).toEqual(reference);
        const lengths = new Set((reference as number[][]).map((ids) => ids.length));
        expect(lengths.size).toBeGreaterThan(1);
      }
    }
  });

  it('decodes greedily on two threads with the step-by-step tokens when V8 compiled the kernels with its first tier only (Liftoff) and each thread sleeps in the meetings', () => {
    // Node 20's Liftoff loses values it keeps in registers across memory.atomic.wait32: a thread
    // that read its meeting's counters after such a sleep read wrong addresses and hung, or
    // passed early and took the other thread's half of the head before it was written.
    const script = fileURLToPath(new URL('../test/support/liftoffGreedy.ts', import.meta.url));
    const out = execFileSync(process.execPath, ['--liftoff-only', '--import', 'tsx', script], {
      encoding: 'utf8',
      timeout: 150_000,
    });
    expect(JSON.parse(out.trim().split('\n').pop() as string)).toEqual({
      threads: 2,
      equal: true,
      differing: [],
    });
  }, 160_000);

  it("picks greedy tokens across the two threads' column halves of the head as one arg-max would: first on ties, NaN never, 0 for none", () => {
    expect(threaded.kernels.threads).toBe(2);
    expect(sharedHeadColumn(TIE_ROWS, TIE_V, TIE_H)).toBe(2000);
    const E = 8;
    for (const [what, bias, expected] of TIE_BIASES) {
      const o = {
        cell: 'gru' as const,
        embedding: { vocab: TIE_V, dim: E, weight: randomArray(new Random(1), TIE_V * E) },
        layers: [
          {
            inputSize: E,
            hiddenSize: TIE_H,
            wIh: randomArray(new Random(2), 3 * TIE_H * E),
            wHh: randomArray(new Random(3), 3 * TIE_H * TIE_H),
            bIh: null,
            bHh: null,
          },
        ],
        head: tieHead(bias),
      };
      const run = {
        rows: TIE_ROWS,
        first: new Int32Array(TIE_ROWS).fill(1),
        h: new Float32Array(TIE_ROWS * TIE_H),
        c: null,
        maxSteps: 3,
        stop: expected === 2 ? 3 : 2,
      };
      const [ours, reference] = [
        threaded.prepareGreedyDecoder(o),
        prepareGreedyDecoderOn(single, o),
      ].map((decoder) => {
        const tokens = decoder.run(run);
        decoder.free();
        return [...tokens];
      });
      expect(ours, what).toEqual(new Array(3 * TIE_ROWS).fill(expected));
      expect(reference, what).toEqual(ours);
    }
  });

  it("takes a prepared head's arg-max on two threads' column halves as one arg-max would", () => {
    for (const [what, bias, expected] of TIE_BIASES) {
      const linear = threaded.prepareLinear(tieHead(bias));
      const picked = new Int32Array(TIE_ROWS).fill(-1);
      linear.applyArgmax(new Float32Array(TIE_ROWS * TIE_H), TIE_ROWS, picked);
      linear.free();
      expect([...picked], what).toEqual(new Array(TIE_ROWS).fill(expected));
    }
    // Random rows: the arg-max of the single-threaded logits.
    const rng = new Random(21);
    const head = {
      inF: TIE_H,
      outF: TIE_V,
      weight: randomArray(rng, TIE_V * TIE_H),
      bias: randomArray(rng, TIE_V),
    };
    const x = randomArray(rng, TIE_ROWS * TIE_H);
    const [ours, reference] = [threaded, single].map((backend) => {
      const linear = backend.prepareLinear(head);
      const picked = new Int32Array(TIE_ROWS);
      linear.applyArgmax(x, TIE_ROWS, picked);
      linear.free();
      return picked;
    });
    expect(ours).toEqual(reference);
    expect(new Set(ours).size).toBeGreaterThan(1);
  });

  it('splits a large softmax cross-entropy in row bands with the single-threaded results and count', () => {
    const rng = new Random(11);
    const [rows, classes] = [100, 1000];
    const logits = randomArray(rng, rows * classes);
    const targets = Int32Array.from({ length: rows }, (_, i) =>
      i % 7 === 0 ? -100 : (i * 37) % classes,
    );
    const ours = threaded.softmaxCrossEntropyWithGrad({
      logits,
      classes,
      targets,
      reduction: 'mean',
    });
    const ref = single.softmaxCrossEntropyWithGrad({ logits, classes, targets, reduction: 'mean' });
    expect(ours.count).toBe(85);
    expect(ours.count).toBe(ref.count);
    expect(ours.rowLoss).toEqual(ref.rowLoss);
    expect(ours.grad).toEqual(ref.grad);
    const fwd = threaded.softmaxCrossEntropy({ logits, classes, targets });
    const scales = randomArray(rng, rows);
    const o = { probs: fwd.probs, classes, targets, scale: 0, scales };
    expect(threaded.softmaxCrossEntropyBackward(o)).toEqual(single.softmaxCrossEntropyBackward(o));
  });

  it('stays on one thread, spawning nothing, where SharedArrayBuffer is missing', () => {
    const g = globalThis as { SharedArrayBuffer?: unknown };
    const saved = g.SharedArrayBuffer;
    let spawned = 0;
    try {
      delete g.SharedArrayBuffer;
      const backend = createThreadedWasmBackend(() => {
        spawned++;
      });
      expect(backend.kernels.hasHelper).toBe(false);
      expect(backend.kernels.threads).toBe(1);
    } finally {
      g.SharedArrayBuffer = saved;
    }
    expect(spawned).toBe(0);
  });
});
