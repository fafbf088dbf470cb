/** Where one W4 GRU layer's fused time loops spend their time on one thread: each loop against its per-step products alone, and the whole backend calls against their parts (process CPU, minimum and median over the repetitions). */
// Usage (from the repository root, after `npm run build:wasm`):
//   node --experimental-wasm-relaxed-simd --import tsx bench/recurrentParts.ts [repetitions] [--whole-rows]
// The time loops run as two threads run them (two batch halves of 32 rows, here one after the
// other); --whole-rows runs all 64 rows in one call, as one thread does. A loop's time minus its
// products' is the cells' SIMD steps (and the loop's own bookkeeping).
import {
  loadWasmKernelsSync,
  wasmRecurrentBackward,
  wasmRecurrentForward,
} from '../core/kernels/wasm/index.ts';
import { Random } from '../core/random.ts';

const args = process.argv.slice(2);
const reps = Number(args.find((a) => !a.startsWith('--')) ?? 30);
const bands: [number, number][] = args.includes('--whole-rows')
  ? [[0, 64]]
  : [
      [0, 32],
      [32, 64],
    ];
const kernels = loadWasmKernelsSync({ variant: 'relaxed-simd' });
const CELL_GRU = 3;
const [L, N, I, H] = [20, 64, 128, 256];
const GH = 3 * H;
const NH = N * H;
const rng = new Random(3);
const fill = (n: number, scale: number) =>
  Float32Array.from({ length: n }, () => rng.uniform(-scale, scale));
const k = 1 / Math.sqrt(H);
const x = fill(L * N * I, 1);
const wIh = fill(GH * I, k);
const wHh = fill(GH * H, k);
const bIh = fill(GH, k);
const bHh = fill(GH, k);
const dOut = fill(L * NH, 1);

function time(label: string, run: () => void): void {
  run();
  const all: number[] = [];
  for (let r = 0; r < reps; r++) {
    const c0 = process.cpuUsage();
    run();
    const c = process.cpuUsage(c0);
    all.push((c.user + c.system) / 1000);
  }
  all.sort((a, b) => a - b);
  const min = (all[0] as number).toFixed(2);
  const median = (all[all.length >> 1] as number).toFixed(2);
  console.log(`${label.padEnd(46)} min ${min.padStart(6)}  median ${median.padStart(6)} ms`);
}

console.log(
  `W4 GRU layer ${I}→${H}, ${L} steps of ${N} rows, bands ${JSON.stringify(bands)}, ${kernels.variant}`,
);
kernels.withScratch((sc) => {
  const e = sc.exports;
  const p = {
    x: sc.put(x),
    wIh: sc.put(wIh),
    wHh: sc.put(wHh),
    bIh: sc.put(bIh),
    bHh: sc.put(bHh),
    sched: sc.putI32(Int32Array.from({ length: L * N }, (_, i) => Math.floor(i / N))),
    gates: sc.take(L * N * GH),
    hh: sc.take(N * GH),
    hs: sc.zeros((L + 1) * NH),
    aux: sc.take(L * NH),
    packedIh: sc.take(e.packedBFloats(GH, I)),
    packedHhT: sc.take(e.packedBFloats(GH, H)),
    packedHh: sc.take(e.packedBFloats(H, GH)),
    work: sc.take(Math.max(e.gemmWorkspaceFloats(N, GH, H), e.gemmWorkspaceFloats(N, H, GH))),
    dOut: sc.put(dOut),
    dh: sc.zeros(NH),
    dhPrev: sc.zeros(NH),
    dGx: sc.take(L * N * GH),
    dGh: sc.take(L * N * GH),
  };
  e.packBAll(p.wIh, GH, I, 1, p.packedIh);
  e.packBAll(p.wHh, GH, H, 1, p.packedHhT);
  e.packBAll(p.wHh, H, GH, 0, p.packedHh);
  const forward = () => {
    for (const [b0, b1] of bands) {
      e.recurrentLayerForward(
        CELL_GRU,
        L,
        N,
        H,
        p.bHh,
        p.sched,
        p.gates,
        p.hh,
        p.hs,
        0,
        p.aux,
        p.packedHhT,
        p.work,
        b0,
        b1,
        p.x,
        I,
        p.packedIh,
        p.bIh,
      );
    }
  };
  const forwardProducts = (input: boolean, state: boolean) => () => {
    for (const [b0, b1] of bands) {
      for (let s = 0; s < L; s++) {
        const first = s * N + b0;
        if (input) {
          e.gemm(
            b1 - b0,
            GH,
            I,
            p.x + first * I * 4,
            0,
            p.gates + first * GH * 4,
            0,
            0,
            1,
            0,
            p.bIh,
            p.work,
            p.packedIh,
          );
        }
        if (state) {
          e.gemm(
            b1 - b0,
            GH,
            H,
            p.hs + (s * NH + b0 * H) * 4,
            0,
            p.hh + b0 * GH * 4,
            0,
            0,
            1,
            0,
            p.bHh,
            p.work,
            p.packedHhT,
          );
        }
      }
    }
  };
  const backward = () => {
    for (const [b0, b1] of bands) {
      e.recurrentLayerBackward(
        CELL_GRU,
        L,
        N,
        H,
        p.sched,
        p.gates,
        p.hs,
        0,
        p.aux,
        p.dOut,
        p.dh,
        0,
        p.dhPrev,
        0,
        p.dGx,
        p.dGh,
        p.packedHh,
        p.work,
        b0,
        b1,
      );
    }
  };
  const backwardProducts = () => {
    for (const [b0, b1] of bands) {
      for (let s = L - 1; s >= 0; s--) {
        e.gemm(
          b1 - b0,
          H,
          GH,
          p.dGh + (s * N + b0) * GH * 4,
          0,
          p.dhPrev + b0 * H * 4,
          0,
          0,
          1,
          1,
          0,
          p.work,
          p.packedHh,
        );
      }
    }
  };
  forward();
  time('forward time loop (recurrentLayerForward)', forward);
  time('  its products (x·W_ihᵀ + b, h·W_hhᵀ + b)', forwardProducts(true, true));
  time('  h·W_hhᵀ alone', forwardProducts(false, true));
  time('  x·W_ihᵀ alone', forwardProducts(true, false));
  time('backward time loop (recurrentLayerBackward)', backward);
  time('  its products (dh_prev += dG_h·W_hh)', backwardProducts);
});

// The whole backend calls (one thread: every row in one call) and the backward's other parts.
const o = {
  seqLen: L,
  batch: N,
  inputSize: I,
  hiddenSize: H,
  reverse: false,
  lengths: null,
  x,
  h0: null,
  c0: null,
  wIh,
  wHh,
  bIh,
  bHh,
};
const g = { dOut, dhN: null, dcN: null, needInputGrad: true };
const cache = wasmRecurrentForward(kernels, 'gru', o).cache;
time('wasmRecurrentForward (the whole call)', () => wasmRecurrentForward(kernels, 'gru', o));
time('wasmRecurrentBackward (the whole call)', () =>
  wasmRecurrentBackward(kernels, 'gru', cache, g),
);
kernels.withScratch((sc) => {
  const e = sc.exports;
  const LN = L * N;
  const dG = sc.put(fill(LN * GH, 1));
  const xs = sc.put(x);
  const hs = sc.put(fill((L + 1) * NH, 1));
  const w = sc.put(wIh);
  const dW = sc.take(GH * H);
  const dx = sc.take(LN * I);
  const work = sc.take(
    Math.max(e.gemmWorkspaceFloats(GH, H, LN), e.gemmWorkspaceFloats(LN, I, GH)),
  );
  time('  dW_ih = dG_xᵀ·x', () => e.gemm(GH, I, LN, dG, xs, dW, 1, 0, 1, 0, 0, work, 0));
  time('  dW_hh = dG_hᵀ·h', () => e.gemm(GH, H, LN, dG, hs, dW, 1, 0, 1, 0, 0, work, 0));
  time('  dx = dG_x·W_ih', () => e.gemm(LN, I, GH, dG, w, dx, 0, 0, 1, 0, 0, work, 0));
  const acc = sc.take(2 * GH);
  const db = sc.take(GH);
  time('  bias sums (columnSums of dG_x and dG_h)', () => {
    e.columnSums(dG, LN, GH, GH, db, acc);
    e.columnSums(dG, LN, GH, GH, db, acc);
  });
});
