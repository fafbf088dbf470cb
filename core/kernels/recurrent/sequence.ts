/** The fused time loop of one recurrent layer in one direction: schedule, forward, and backward through time. */
import { ShapeError } from '../../errors.ts';
import type { GemmOptions } from '../api/backend.ts';
import type {
  LayerBackwardOptions,
  LayerCache,
  LayerForwardOptions,
  LayerForwardResult,
  LayerGrads,
  SequenceState,
} from '../api/recurrent.ts';

export type {
  LayerBackwardOptions,
  LayerCache,
  LayerForwardOptions,
  LayerForwardResult,
  LayerGrads,
  SequenceState,
} from '../api/recurrent.ts';

/**
 * The arrays a forward writes out, h_n and c_n into: views of `o.into` laid out as
 * [out | h_n | c_n], or fresh arrays when the caller gave none.
 * @throws ShapeError when `o.into` is shorter than the three together.
 */
export function forwardOutputs(
  o: LayerForwardOptions,
  hasCell: boolean,
): { out: Float32Array; hN: Float32Array; cN: Float32Array | null } {
  const LNH = o.seqLen * o.batch * o.hiddenSize;
  const NH = o.batch * o.hiddenSize;
  const into = o.into;
  if (into === undefined) {
    return {
      out: new Float32Array(LNH),
      hN: new Float32Array(NH),
      cN: hasCell ? new Float32Array(NH) : null,
    };
  }
  const need = LNH + NH * (hasCell ? 2 : 1);
  if (into.length < need) {
    throw new ShapeError(
      `recurrentForward: into must hold at least ${need} values (out, h_n${hasCell ? ', c_n' : ''}), got ${into.length}.`,
    );
  }
  const out = into.subarray(0, LNH);
  // Rows past a sequence's end are never written: they must read zero, as in a fresh array.
  if (o.lengths !== null) out.fill(0);
  return {
    out,
    hN: into.subarray(LNH, LNH + NH),
    cN: hasCell ? into.subarray(LNH + NH, LNH + 2 * NH) : null,
  };
}

/** The matrix multiply the time loop runs on: the installed backend's, handed in by the caller. */
export type Gemm = (options: GemmOptions) => void;

/** Gradient workspaces of one backward step. */
export interface StepGrads {
  /** [N, H]: gradient w.r.t. the step's output h'. */
  dh: Float32Array;
  /** [N, H]: gradient w.r.t. the step's c' (LSTM only). */
  dc: Float32Array | null;
  /** [N, H]: the cell writes the direct part of dL/dh_prev (GRU z⊙dh; otherwise 0). */
  dhPrev: Float32Array;
  /** [N, H]: the cell writes dL/dc_prev (LSTM only). */
  dcPrev: Float32Array | null;
  /** [L, N, G·H]: gradient w.r.t. the input-projection pre-activations; the cell writes block s. */
  dGx: Float32Array;
  /** [L, N, G·H]: gradient w.r.t. h·W_hhᵀ + b_hh; the same array as dGx except for GRU. */
  dGh: Float32Array;
}

/** One cell type's elementwise step; it touches only rows with `sched[s·N + b] >= 0`. */
export interface CellKernel {
  /** Gate blocks G stacked in the weights' rows (RNN 1, LSTM 4, GRU 3). */
  readonly gateCount: number;
  /** Whether the cell carries c (LSTM). */
  readonly hasCell: boolean;
  /** Whether the cell needs the [L, N, H] aux array. */
  readonly hasAux: boolean;
  /** Whether dGh differs from dGx (GRU's n gate). */
  readonly separateHiddenGrad: boolean;
  /** Reads gates/hh/hs[s] (and cs[s]); writes activations, hs[s + 1] (and cs[s + 1], aux[s]). */
  forwardStep(st: SequenceState, s: number): void;
  /** Reads g.dh (g.dc) and the caches of step s; writes g.dGx/dGh block s, g.dhPrev, g.dcPrev. */
  backwardStep(st: SequenceState, g: StepGrads, s: number): void;
}

/**
 * Which time index each batch row processes at each step: forward t = s, reverse
 * t = len_b − 1 − s, and −1 once s ≥ len_b, so padding never reaches a final state.
 */
export function makeSchedule(options: {
  seqLen: number;
  batch: number;
  lengths: Int32Array | null;
  reverse: boolean;
}): Int32Array {
  const { seqLen, batch, lengths, reverse } = options;
  const sched = new Int32Array(seqLen * batch);
  for (let s = 0; s < seqLen; s++) {
    for (let b = 0; b < batch; b++) {
      const len = lengths === null ? seqLen : lengths[b];
      sched[s * batch + b] = s >= len ? -1 : reverse ? len - 1 - s : s;
    }
  }
  return sched;
}

function isIdentity(sched: Int32Array, batch: number): boolean {
  for (let i = 0; i < sched.length; i++) if (sched[i] !== Math.floor(i / batch)) return false;
  return true;
}

/** Copies rows of `width` between time-major [t, b] and step-major [s, b] order. */
function permuteRows(options: {
  sched: Int32Array;
  batch: number;
  width: number;
  from: Float32Array;
  to: Float32Array;
  toStepOrder: boolean;
}): void {
  const { sched, batch, width, from, to, toStepOrder } = options;
  for (let i = 0; i < sched.length; i++) {
    const t = sched[i];
    if (t < 0) continue;
    const timeRow = (t * batch + (i % batch)) * width;
    const stepRow = i * width;
    const src = toStepOrder ? timeRow : stepRow;
    const dst = toStepOrder ? stepRow : timeRow;
    for (let j = 0; j < width; j++) to[dst + j] = from[src + j];
  }
}

/** L views of `array`, block s = [s·block, (s + 1)·block): made once per call, not per step. */
function blockViews(array: Float32Array, count: number, block: number): Float32Array[] {
  const views: Float32Array[] = [];
  for (let s = 0; s < count; s++) views.push(array.subarray(s * block, (s + 1) * block));
  return views;
}

/**
 * Runs one layer in one direction over the whole sequence.
 * Input projection for all steps is one gemm (x·W_ihᵀ + b_ih); each step adds h·W_hhᵀ + b_hh.
 * Rows whose sequence has ended keep their state and produce zero output. Every product runs on
 * `gemm`, the installed backend's (passed in, so this loop depends on no backend).
 */
export function recurrentForward(
  cell: CellKernel,
  o: LayerForwardOptions,
  gemm: Gemm,
): LayerForwardResult {
  const { seqLen: L, batch: N, inputSize: I, hiddenSize: H } = o;
  const GH = cell.gateCount * H;
  const NH = N * H;
  const sched = makeSchedule({ seqLen: L, batch: N, lengths: o.lengths, reverse: o.reverse });
  let xs = o.x;
  if (!isIdentity(sched, N)) {
    xs = new Float32Array(L * N * I);
    permuteRows({ sched, batch: N, width: I, from: o.x, to: xs, toStepOrder: true });
  }
  const state: SequenceState = {
    steps: L,
    batch: N,
    hidden: H,
    sched,
    gates: new Float32Array(L * N * GH),
    hh: new Float32Array(N * GH),
    hs: new Float32Array((L + 1) * NH),
    cs: cell.hasCell ? new Float32Array((L + 1) * NH) : null,
    aux: cell.hasAux ? new Float32Array(L * NH) : null,
  };
  gemm({ m: L * N, n: GH, k: I, a: xs, b: o.wIh, c: state.gates, transB: true, ...bias(o.bIh) });
  if (o.h0 !== null) state.hs.set(o.h0);
  if (state.cs !== null && o.c0 !== null) state.cs.set(o.c0);
  const hViews = blockViews(state.hs, L + 1, NH);
  const step: GemmOptions = { m: N, n: GH, k: H, a: hViews[0], b: o.wHh, c: state.hh };
  step.transB = true;
  if (o.bHh !== null) step.bias = o.bHh;
  for (let s = 0; s < L; s++) {
    step.a = hViews[s];
    gemm(step);
    cell.forwardStep(state, s);
    carryEndedRows(state, s);
  }
  const { out, hN, cN } = forwardOutputs(o, state.cs !== null);
  // Step-major outputs are hs blocks 1..L.
  permuteRows({
    sched,
    batch: N,
    width: H,
    from: state.hs.subarray(NH),
    to: out,
    toStepOrder: false,
  });
  hN.set(state.hs.subarray(L * NH));
  if (cN !== null) cN.set((state.cs as Float32Array).subarray(L * NH));
  return { out, hN, cN, cache: { options: o, state, xs } };
}

function bias(b: Float32Array | null): { bias?: Float32Array } {
  return b === null ? {} : { bias: b };
}

/** Rows that have ended carry h (and c) unchanged from step s to s + 1. */
function carryEndedRows(st: SequenceState, s: number): void {
  const { batch: N, hidden: H } = st;
  for (let b = 0; b < N; b++) {
    if (st.sched[s * N + b] >= 0) continue;
    const from = (s * N + b) * H;
    const to = from + N * H;
    for (let j = 0; j < H; j++) st.hs[to + j] = st.hs[from + j];
    if (st.cs !== null) for (let j = 0; j < H; j++) st.cs[to + j] = st.cs[from + j];
  }
}

/**
 * Back-propagates through time. Per step: the cell's elementwise rule, then dh_prev += dG_h·W_hh.
 * Weight gradients are whole-sequence gemms over the stored states: dW_ih = dG_xᵀ·x,
 * dW_hh = dG_hᵀ·h_prev, and dx = dG_x·W_ih; every product runs on `gemm`.
 */
export function recurrentBackward(
  cell: CellKernel,
  cache: LayerCache,
  g: LayerBackwardOptions,
  gemm: Gemm,
): LayerGrads {
  const o = cache.options;
  const st = cache.state;
  const { seqLen: L, batch: N, inputSize: I, hiddenSize: H } = o;
  const GH = cell.gateCount * H;
  const NH = N * H;
  const dGx = new Float32Array(L * N * GH);
  const grads: StepGrads = {
    dh: g.dhN === null ? new Float32Array(NH) : Float32Array.from(g.dhN),
    dc: cell.hasCell ? (g.dcN === null ? new Float32Array(NH) : Float32Array.from(g.dcN)) : null,
    dhPrev: new Float32Array(NH),
    dcPrev: cell.hasCell ? new Float32Array(NH) : null,
    dGx,
    dGh: cell.separateHiddenGrad ? new Float32Array(L * N * GH) : dGx,
  };
  const dGhViews = blockViews(grads.dGh, L, N * GH);
  const step: GemmOptions = { m: N, n: H, k: GH, a: dGhViews[0], b: o.wHh, c: grads.dhPrev };
  step.beta = 1;
  for (let s = L - 1; s >= 0; s--) {
    if (g.dOut !== null) addStepOutputGrad(st, g.dOut, grads.dh, s);
    cell.backwardStep(st, grads, s);
    carryEndedGrads(st, grads, s);
    step.a = dGhViews[s];
    step.c = grads.dhPrev;
    gemm(step);
    swapStepGrads(grads);
  }
  const dWih = new Float32Array(GH * I);
  const dWhh = new Float32Array(GH * H);
  gemm({ m: GH, n: I, k: L * N, a: dGx, b: cache.xs, c: dWih, transA: true });
  gemm({
    m: GH,
    n: H,
    k: L * N,
    a: grads.dGh,
    b: st.hs.subarray(0, L * NH),
    c: dWhh,
    transA: true,
  });
  let dx: Float32Array | null = null;
  if (g.needInputGrad) {
    const dxs = new Float32Array(L * N * I);
    gemm({ m: L * N, n: I, k: GH, a: dGx, b: o.wIh, c: dxs });
    if (cache.xs === o.x) dx = dxs;
    else {
      dx = new Float32Array(L * N * I);
      permuteRows({ sched: st.sched, batch: N, width: I, from: dxs, to: dx, toStepOrder: false });
    }
  }
  return {
    dx,
    dh0: grads.dh,
    dc0: grads.dc,
    dWih,
    dWhh,
    dbIh: columnSums(dGx, L * N, GH),
    dbHh: columnSums(grads.dGh, L * N, GH),
  };
}

/** dh_prev becomes the next step's dh (and dc likewise), without allocating. */
function swapStepGrads(g: StepGrads): void {
  const dh = g.dh;
  g.dh = g.dhPrev;
  g.dhPrev = dh;
  const dc = g.dc;
  g.dc = g.dcPrev;
  g.dcPrev = dc;
}

function addStepOutputGrad(
  st: SequenceState,
  dOut: Float32Array,
  dh: Float32Array,
  s: number,
): void {
  const { batch: N, hidden: H } = st;
  for (let b = 0; b < N; b++) {
    const t = st.sched[s * N + b];
    if (t < 0) continue;
    const src = (t * N + b) * H;
    const dst = b * H;
    for (let j = 0; j < H; j++) dh[dst + j] += dOut[src + j];
  }
}

/** Rows that had ended at step s pass their gradient through unchanged. */
function carryEndedGrads(st: SequenceState, g: StepGrads, s: number): void {
  const { batch: N, hidden: H } = st;
  for (let b = 0; b < N; b++) {
    if (st.sched[s * N + b] >= 0) continue;
    const r = b * H;
    for (let j = 0; j < H; j++) g.dhPrev[r + j] = g.dh[r + j];
    if (g.dc !== null && g.dcPrev !== null)
      for (let j = 0; j < H; j++) g.dcPrev[r + j] = g.dc[r + j];
  }
}

function columnSums(a: Float32Array, rows: number, cols: number): Float32Array {
  const out = new Float32Array(cols);
  const acc = new Float64Array(cols);
  for (let i = 0; i < rows; i++) {
    const r = i * cols;
    for (let j = 0; j < cols; j++) acc[j] += a[r + j];
  }
  out.set(acc);
  return out;
}
