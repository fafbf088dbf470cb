/** The fused recurrent layer (RNN tanh/relu, LSTM, GRU; one direction, whole sequence) on the WebAssembly kernels, with the contract of core/kernels/recurrent. */
import { type CellType, gateCount } from '../api/recurrent.ts';
import { acquireArray, releaseArray } from '../arrayPool.ts';
import {
  forwardOutputs,
  type LayerBackwardOptions,
  type LayerCache,
  type LayerForwardOptions,
  type LayerForwardResult,
  type LayerGrads,
  makeSchedule,
  type SequenceState,
} from '../recurrent/sequence.ts';
import type { Scratch, WasmKernels } from './wasmKernels.ts';

const CELL_CODES: Record<CellType, number> = { 'rnn-tanh': 0, 'rnn-relu': 1, lstm: 2, gru: 3 };
/** Batches smaller than this run their time loop on one thread (halves of < 4 rows waste the 4-row gemm panels). */
const MIN_SPLIT_ROWS = 8;

function isIdentity(sched: Int32Array, batch: number): boolean {
  for (let i = 0; i < sched.length; i++) if (sched[i] !== Math.floor(i / batch)) return false;
  return true;
}

/** Copies rows of `width` between time-major [t, b] and step-major [s, b] order. */
function permuteRows(
  o: { sched: Int32Array; batch: number; width: number; toStepOrder: boolean },
  from: Float32Array,
  to: Float32Array,
): void {
  const { sched, batch, width, toStepOrder } = o;
  for (let base = 0; base < sched.length; base += batch) {
    // A step whose rows all come from one time step (a reversed layer without lengths: every
    // step) is one contiguous block of batch·width values: one memmove.
    const t0 = sched[base] as number;
    let whole = t0 >= 0;
    for (let b = 1; whole && b < batch; b++) whole = sched[base + b] === t0;
    if (whole) {
      const timeBlock = t0 * batch * width;
      const stepBlock = base * width;
      const src = toStepOrder ? timeBlock : stepBlock;
      const dst = toStepOrder ? stepBlock : timeBlock;
      to.set(from.subarray(src, src + batch * width), dst);
      continue;
    }
    for (let i = base; i < base + batch; i++) {
      const t = sched[i] as number;
      if (t < 0) continue;
      const timeRow = (t * batch + (i % batch)) * width;
      const stepRow = i * width;
      const src = toStepOrder ? timeRow : stepRow;
      const dst = toStepOrder ? stepRow : timeRow;
      // NOTE: an element loop, not set(subarray()): rows are short and a view per row is garbage.
      for (let j = 0; j < width; j++) to[dst + j] = from[src + j] as number;
    }
  }
}

/** Caches whose resident arrays a backward has released (a second backward would read freed memory). */
const released = new WeakSet<LayerCache>();

/** Resident bytes past which a forward keeps its cache in plain arrays (bounds caches never backpropagated). */
const RESIDENT_CACHE_LIMIT = 256 * 1024 * 1024;

/** A cache's per-step arrays kept in the kernels' shared memory between forward and backward. */
interface ResidentCache {
  gates: Float32Array;
  hs: Float32Array;
  cs: Float32Array | null;
  aux: Float32Array | null;
}

/**
 * Arena views for the cache of a forward whose one backward will read them in place (no copy out
 * after the forward, none in before the backward), or null on an unshared memory or past the limit.
 */
function residentCache(
  kernels: WasmKernels,
  cell: CellType,
  L: number,
  N: number,
  H: number,
  padded: boolean,
): ResidentCache | null {
  const NH = N * H;
  const hasCell = cell === 'lstm';
  const hasAux = cell === 'lstm' || cell === 'gru';
  const gateFloats = L * N * gateCount(cell) * H;
  const floats = gateFloats + (L + 1) * NH * (hasCell ? 2 : 1) + (hasAux ? L * NH : 0);
  if (kernels.residentBytes + floats * 4 > RESIDENT_CACHE_LIMIT) return null;
  const gates = kernels.residentView(gateFloats, { zero: false });
  if (gates === null) return null;
  // The time loop writes every state block after the first (wasmRecurrentForward fills that one),
  // and the cell extra of every step a row runs: all of it without lengths (else padded steps'
  // stay zero).
  return {
    gates,
    hs: kernels.residentView((L + 1) * NH, { zero: false }) as Float32Array,
    cs: hasCell ? kernels.residentView((L + 1) * NH, { zero: false }) : null,
    aux: hasAux ? kernels.residentView(L * NH, { zero: padded }) : null,
  };
}

/** Input widths up to this take dW_ih as (xᵀ·dG_x)ᵀ (see wasmRecurrentBackward). */
const NARROW_INPUT = 16;

/** A [cols, rows] copy of the [rows, cols] values `a`. */
function transposed(a: Float32Array, rows: number, cols: number): Float32Array {
  const out = new Float32Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) out[c * rows + r] = a[r * cols + c] as number;
  }
  return out;
}

/** The largest gemm workspace any of the shapes [m, n, k] needs. */
function workFloats(sc: Scratch, shapes: [number, number, number][]): number {
  let most = 0;
  for (const [m, n, k] of shapes) most = Math.max(most, sc.exports.gemmWorkspaceFloats(m, n, k));
  return most;
}

/**
 * One layer, one direction, the whole sequence, in one wasm call: the input projection, then per
 * step h·W_hhᵀ + b_hh (W_hh packed once) and the cell's SIMD step. Same arguments and results
 * as recurrentForward in core/kernels/recurrent/sequence.ts; the cache is plain arrays, so either
 * backward can consume it.
 */
export function wasmRecurrentForward(
  kernels: WasmKernels,
  cell: CellType,
  o: LayerForwardOptions,
): LayerForwardResult {
  const { seqLen: L, batch: N, inputSize: I, hiddenSize: H } = o;
  const G = gateCount(cell);
  const GH = G * H;
  const NH = N * H;
  const sched = makeSchedule({ seqLen: L, batch: N, lengths: o.lengths, reverse: o.reverse });
  let xs = o.x;
  if (!isIdentity(sched, N)) {
    // Padded steps' rows (with lengths) are not written by the permutation: zero them.
    xs = acquireArray(L * N * I, { zero: o.lengths !== null });
    permuteRows({ sched, batch: N, width: I, toStepOrder: true }, o.x, xs);
  }
  const hasCell = cell === 'lstm';
  const hasAux = cell === 'lstm' || cell === 'gru';
  const padded = o.lengths !== null;
  const kept =
    o.cacheForOneBackward === true ? residentCache(kernels, cell, L, N, H, padded) : null;
  const ran = kernels.withScratch((sc) => {
    const pXs = sc.put(xs, L * N * I);
    const pWih = sc.put(o.wIh, GH * I);
    const pWhh = sc.put(o.wHh, GH * H);
    const pBih = o.bIh === null ? 0 : sc.put(o.bIh, GH);
    const pBhh = o.bHh === null ? 0 : sc.put(o.bHh, GH);
    const pSched = sc.putI32(sched);
    // A kept cache is written in place (its arrays are views of arena blocks, zero-filled).
    const at = (view: Float32Array | null | undefined) =>
      kernels.residentOffset(view as Float32Array) as number;
    const pGates = kept === null ? sc.take(L * N * GH) : at(kept.gates);
    const pHh = sc.take(N * GH);
    // Blocks 1..L of the states are written by the time loop (ended rows carry theirs): only
    // block 0, h0 (c0), is filled here.
    const pHs = kept === null ? sc.take((L + 1) * NH) : at(kept.hs);
    const pCs = !hasCell ? 0 : kept === null ? sc.take((L + 1) * NH) : at(kept.cs);
    const pAux = !hasAux
      ? 0
      : kept !== null
        ? at(kept.aux)
        : padded
          ? sc.zeros(L * NH)
          : sc.take(L * NH);
    const pPacked = sc.take(sc.exports.packedBFloats(GH, H));
    if (o.h0 !== null) sc.write(pHs, o.h0.subarray(0, NH));
    else sc.view(pHs, NH).fill(0);
    if (hasCell) {
      if (o.c0 !== null) sc.write(pCs, o.c0.subarray(0, NH));
      else sc.view(pCs, NH).fill(0);
    }
    // W_ihᵀ and W_hhᵀ are packed once; then the time loop runs, on two batch halves when a
    // helper thread is ready, each projecting its own rows of every step's input as it goes
    // (one hand-off for the layer, the projection on both threads).
    const pPackedIh = sc.take(sc.exports.packedBFloats(GH, I));
    sc.exports.packBAll(pWih, GH, I, 1, pPackedIh);
    sc.exports.packBAll(pWhh, GH, H, 1, pPacked);
    sc.rows('recurrentLayerForward', {
      rows: N,
      minRows: MIN_SPLIT_ROWS,
      workFloats: workFloats(sc, [
        [N, GH, H],
        [N, GH, I],
      ]),
      args: (b0, b1, work) => [
        CELL_CODES[cell],
        L,
        N,
        H,
        pBhh,
        pSched,
        pGates,
        pHh,
        pHs,
        pCs,
        pAux,
        pPacked,
        work,
        b0,
        b1,
        pXs,
        I,
        pPackedIh,
        pBih,
      ],
    });
    if (o.forwardOnly === true) {
      // Inference: the outputs and the final states are copied straight out of wasm memory
      // (nothing else leaves it; the views are read before anything can grow the memory).
      const none = new Float32Array(0);
      const results = layerResults(
        o,
        { sched, timeOrder: xs === o.x, hasCell },
        sc.view(pHs, (L + 1) * NH),
        hasCell ? sc.view(pCs + L * NH * 4, NH) : null,
      );
      const st: SequenceState = {
        steps: L,
        batch: N,
        hidden: H,
        sched,
        gates: none,
        hh: none,
        hs: none,
        cs: null,
        aux: null,
      };
      return { st, results };
    }
    const st: SequenceState = {
      steps: L,
      batch: N,
      hidden: H,
      sched,
      gates: kept?.gates ?? sc.read(pGates, L * N * GH),
      // The per-step scratch: no backward reads it.
      hh: new Float32Array(0),
      hs: kept?.hs ?? sc.read(pHs, (L + 1) * NH),
      cs: !hasCell ? null : (kept?.cs ?? sc.read(pCs, (L + 1) * NH)),
      aux: !hasAux ? null : (kept?.aux ?? sc.read(pAux, L * NH)),
    };
    return { st, results: null };
  });
  if (ran.results !== null) {
    // No backward reads a forward-only cache (wasmRecurrentBackward refuses one): the step-order
    // input goes back to the pool now.
    if (xs !== o.x) releaseArray(xs);
    return { ...ran.results, cache: { options: o, state: ran.st, xs } };
  }
  const state = ran.st;
  const results = layerResults(
    o,
    { sched, timeOrder: xs === o.x, hasCell },
    state.hs,
    state.cs === null ? null : state.cs.subarray(L * NH),
  );
  return { ...results, cache: { options: o, state, xs } };
}

/**
 * A layer's out, h_n and c_n from its states `hs` [L + 1, N, H] (block 0 h0, in step order) and
 * its last cell state `cLast` [N, H] (LSTM, else null). Step order is time order unless the layer
 * runs reversed or with lengths: then one block copy.
 */
function layerResults(
  o: LayerForwardOptions,
  order: { sched: Int32Array; timeOrder: boolean; hasCell: boolean },
  hs: Float32Array,
  cLast: Float32Array | null,
): { out: Float32Array; hN: Float32Array; cN: Float32Array | null } {
  const NH = o.batch * o.hiddenSize;
  const steps = hs.subarray(NH, (o.seqLen + 1) * NH);
  const results = forwardOutputs(o, order.hasCell);
  if (order.timeOrder) results.out.set(steps);
  else {
    const rows = { sched: order.sched, batch: o.batch, width: o.hiddenSize, toStepOrder: false };
    permuteRows(rows, steps, results.out);
  }
  results.hN.set(hs.subarray(o.seqLen * NH, (o.seqLen + 1) * NH));
  if (results.cN !== null) results.cN.set(cLast as Float32Array);
  return results;
}

/**
 * Back-propagation through time for a cache from either forward, in one wasm call: per step the
 * cell's SIMD backward and dh_prev += dG_h·W_hh (W_hh packed once), then dW_ih, dW_hh, dx and
 * the bias gradients over the whole sequence. Same results as recurrentBackward.
 */
export function wasmRecurrentBackward(
  kernels: WasmKernels,
  cell: CellType,
  cache: LayerCache,
  g: LayerBackwardOptions,
): LayerGrads {
  const o = cache.options;
  const st = cache.state;
  const { seqLen: L, batch: N, inputSize: I, hiddenSize: H } = o;
  const GH = gateCount(cell) * H;
  const NH = N * H;
  const hasCell = cell === 'lstm';
  if (o.forwardOnly === true) {
    throw new Error(
      'recurrentBackward: the cache must come from a forward that keeps its states, got one run with forwardOnly.',
    );
  }
  if (released.has(cache)) {
    throw new Error(
      'recurrentBackward: the cache must not have been consumed by a backward already, got one that was (its forward ran with cacheForOneBackward).',
    );
  }
  // dx in time order: a copy of the step-order rows, permuted on the way out when they differ;
  // from the array pool (the autograd walk gives it back once it has been consumed).
  const inputGrad = (stepOrder: Float32Array): Float32Array => {
    if (cache.xs === o.x) {
      const dx = acquireArray(L * N * I, { zero: false });
      dx.set(stepOrder);
      return dx;
    }
    // Padded positions (with lengths) get no row: zero them.
    const timeMajor = acquireArray(L * N * I, { zero: o.lengths !== null });
    permuteRows({ sched: st.sched, batch: N, width: I, toStepOrder: false }, stepOrder, timeMajor);
    return timeMajor;
  };
  const result = kernels.withScratch((sc) => {
    const p = {
      sched: sc.putI32(st.sched),
      // Read only: a cache kept resident by the forward is used in place.
      gates: sc.putReadOnly(st.gates),
      hs: sc.putReadOnly(st.hs),
      cs: st.cs === null ? 0 : sc.putReadOnly(st.cs),
      aux: st.aux === null ? 0 : sc.putReadOnly(st.aux),
      dOut: g.dOut === null ? 0 : sc.put(g.dOut, L * NH),
      dh: g.dhN === null ? sc.zeros(NH) : sc.put(g.dhN, NH),
      dc: hasCell ? (g.dcN === null ? sc.zeros(NH) : sc.put(g.dcN, NH)) : 0,
      dhPrev: sc.zeros(NH),
      dcPrev: hasCell ? sc.zeros(NH) : 0,
      // Written whole by the time loop's bands (each its own rows): not zero-filled here.
      dGx: sc.take(L * N * GH),
      dGh: 0,
      // Read only by the whole-sequence gemms: copied in while the helper wakes for the time loop.
      xs: sc.take(L * N * I),
      wIh: sc.take(GH * I),
      wHh: sc.put(o.wHh, GH * H),
      dWih: sc.take(GH * I),
      dWhh: sc.take(GH * H),
      dbIh: sc.take(GH),
      dbHh: sc.take(GH),
      dxs: g.needInputGrad ? sc.take(L * N * I) : 0,
      packed: sc.take(sc.exports.packedBFloats(H, GH)),
      acc: sc.take(2 * GH),
    };
    p.dGh = cell === 'gru' ? sc.take(L * N * GH) : p.dGx;
    sc.exports.packBAll(p.wHh, H, GH, 0, p.packed);
    const pDh0 = sc.rows('recurrentLayerBackward', {
      rows: N,
      minRows: MIN_SPLIT_ROWS,
      workFloats: workFloats(sc, [[N, H, GH]]),
      args: (b0, b1, work) => [
        CELL_CODES[cell],
        L,
        N,
        H,
        p.sched,
        p.gates,
        p.hs,
        p.cs,
        p.aux,
        p.dOut,
        p.dh,
        p.dc,
        p.dhPrev,
        p.dcPrev,
        p.dGx,
        p.dGh,
        p.packed,
        work,
        b0,
        b1,
      ],
      meanwhile: () => {
        sc.write(p.xs, cache.xs.subarray(0, L * N * I));
        sc.write(p.wIh, o.wIh.subarray(0, GH * I));
      },
    });
    // The whole-sequence gemms (both threads when they pay): dW_ih = dG_xᵀ·x,
    // dW_hh = dG_hᵀ·h_prev, dx = dG_x·W_ih; the bias sums run while the helper wakes for the first.
    const LN = L * N;
    const biasSums = () => {
      sc.exports.columnSums(p.dGx, LN, GH, GH, p.dbIh, p.acc);
      // RNN and LSTM: dG_h is dG_x, so b_hh's gradient is b_ih's (read twice below).
      if (p.dGh !== p.dGx) sc.exports.columnSums(p.dGh, LN, GH, GH, p.dbHh, p.acc);
    };
    // A few input features (forecasting, W1's 4): dW_ihᵀ = xᵀ·dG_x fills whole 8-column panels
    // from dG_x's contiguous rows where dG_xᵀ·x would pack dG_x transposed into panels of I
    // columns; each value is the same sum in the same order, so the bits are the same.
    const narrowInput = I <= NARROW_INPUT && I < GH;
    const pDWihT = narrowInput ? sc.take(I * GH) : 0;
    if (narrowInput) {
      sc.gemm({
        m: I,
        n: GH,
        k: LN,
        a: p.xs,
        b: p.dGx,
        c: pDWihT,
        transA: true,
        meanwhile: biasSums,
      });
    } else {
      sc.gemm({
        m: GH,
        n: I,
        k: LN,
        a: p.dGx,
        b: p.xs,
        c: p.dWih,
        transA: true,
        meanwhile: biasSums,
      });
    }
    sc.gemm({ m: GH, n: H, k: LN, a: p.dGh, b: p.hs, c: p.dWhh, transA: true });
    if (g.needInputGrad) sc.gemm({ m: LN, n: I, k: GH, a: p.dGx, b: p.wIh, c: p.dxs });
    const pDc0 = pDh0 === p.dh ? p.dc : p.dcPrev;
    return {
      dx: g.needInputGrad ? inputGrad(sc.view(p.dxs, L * N * I)) : null,
      dh0: sc.read(pDh0, NH),
      dc0: hasCell ? sc.read(pDc0, NH) : null,
      dWih: narrowInput
        ? transposed(sc.view(pDWihT, I * GH), I, GH)
        : sc.readPooled(p.dWih, GH * I),
      dWhh: sc.readPooled(p.dWhh, GH * H),
      dbIh: sc.read(p.dbIh, GH),
      dbHh: sc.read(p.dGh === p.dGx ? p.dbIh : p.dbHh, GH),
    };
  });
  if (o.cacheForOneBackward === true && kernels.residentOffset(st.gates) !== undefined) {
    for (const view of [st.gates, st.hs, st.cs, st.aux])
      if (view !== null) kernels.releaseView(view);
    // The step-order copy of x (a reversed layer's) was read for the last time above.
    if (cache.xs !== o.x) releaseArray(cache.xs);
    released.add(cache);
  }
  const { dx, dh0, dc0, dWih, dWhh, dbIh, dbHh } = result;
  return { dx, dh0, dc0, dWih, dWhh, dbIh, dbHh };
}
