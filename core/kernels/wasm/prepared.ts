/** Prepared weights for decoding on the WebAssembly kernels: op(W) packed once into resident memory, so a step copies only its activations; greedy decoding of a row band in one call. */

import type {
  PreparedGreedyDecoder,
  PreparedLinear,
  PreparedRecurrentStep,
  PrepareGreedyDecoderOptions,
  PrepareLinearOptions,
  PrepareRecurrentStepOptions,
} from '../api/backend.ts';
import { type CellType, gateCount } from '../api/recurrent.ts';
import { checkTopLogProbs } from '../api/topLogProbs.ts';
import { checkGreedyOptions } from '../js/prepared.ts';
import type { WasmBuffer } from './wasmBuffer.ts';
import { type KernelExports, SPLIT_FLOPS, type WasmKernels } from './wasmKernels.ts';

const CELL_CODES: Record<CellType, number> = { 'rnn-tanh': 0, 'rnn-relu': 1, lstm: 2, gru: 3 };
/** Batches smaller than this run their step on one thread (as the fused layer does). */
const MIN_SPLIT_ROWS = 8;

/**
 * Whether a prepacked head of `rows` rows is better shared by columns than by rows: large enough
 * to split, and gemmSplitColumn says so (each thread streams half of the packed weight).
 */
function sharesColumns(ex: KernelExports, rows: number, outF: number, inF: number): boolean {
  return 2 * rows * outF * inF >= SPLIT_FLOPS && ex.gemmSplitColumn(rows, outF, inF, 1) > 0;
}

/** A resident copy of `values`, or null. */
function residentCopy(kernels: WasmKernels, values: Float32Array | null, n: number) {
  if (values === null) return null;
  const buffer = kernels.alloc(n);
  buffer.view().set(values.subarray(0, n));
  return buffer;
}

function freeAll(kernels: WasmKernels, buffers: (WasmBuffer | null)[]): void {
  for (const b of buffers) if (b?.isLive) kernels.free(b);
}

/** y = x·Wᵀ + b with Wᵀ packed once (the gemm's B panels) and the bias resident. */
export function wasmPrepareLinear(kernels: WasmKernels, o: PrepareLinearOptions): PreparedLinear {
  const { inF, outF } = o;
  const packedB = kernels.packB(o.weight, { n: outF, k: inF, transB: true });
  const bias = residentCopy(kernels, o.bias, outF);
  /**
   * The first arguments of a head kernel that runs the gemm on its band (linearArgmaxRows,
   * linearArgmaxColumns, linearTopLogProbRows): sizes, input, logits, bias, the band's workspace,
   * the packed weight.
   */
  const headArgs = (rows: number, pX: number, pLogits: number, work: number): number[] => [
    rows,
    outF,
    inF,
    pX,
    pLogits,
    bias === null ? 0 : bias.ptr,
    work,
    packedB.buffer.ptr,
  ];
  return {
    inF,
    outF,
    apply(x, rows, out) {
      kernels.gemm({
        m: rows,
        n: outF,
        k: inF,
        a: x,
        c: out,
        packedB,
        ...(bias === null ? {} : { bias }),
      });
    },
    applyArgmax(x, rows, out) {
      kernels.withScratch((sc) => {
        const pX = sc.put(x, rows * inF);
        const pLogits = sc.take(rows * outF);
        const pOut = sc.take(rows);
        const ex = sc.exports;
        const work = ex.gemmWorkspaceFloats(rows, outF, inF);
        if (kernels.threads === 2 && sharesColumns(ex, rows, outF, inF)) {
          // Each thread its half of the columns for every row, then the halves' arg-maxes joined.
          const pBest = sc.take(4 * rows);
          sc.view(pBest + rows * 8, 2 * rows).fill(Number.NEGATIVE_INFINITY);
          sc.rows('linearArgmaxColumns', {
            rows: outF,
            minRows: 0,
            align: 8,
            workFloats: work,
            args: (j0, j1, w) => {
              const at = pBest + (j0 === 0 ? 0 : rows * 8);
              return [...headArgs(rows, pX, pLogits, w), at, j0, j1];
            },
          });
          ex.pickArgmaxRows(pBest, pBest + rows * 8, pOut, rows);
        } else {
          sc.rows('linearArgmaxRows', {
            rows,
            minRows: MIN_SPLIT_ROWS,
            workFloats: work,
            args: (b0, b1, w) => [...headArgs(rows, pX, pLogits, w), pOut, b0, b1],
          });
        }
        const picked = sc.view(pOut, rows);
        out.set(new Int32Array(picked.buffer, picked.byteOffset, rows));
      });
    },
    applyTopLogProbs(x, rows, count, ids, logProbs) {
      checkTopLogProbs(outF, rows, count, ids, logProbs);
      kernels.withScratch((sc) => {
        const pX = sc.put(x, rows * inF);
        const pLogits = sc.take(rows * outF);
        const pIds = sc.take(rows * count);
        const pLogProbs = sc.takeF64(rows * count);
        sc.rows('linearTopLogProbRows', {
          rows,
          minRows: MIN_SPLIT_ROWS,
          workFloats: sc.exports.gemmWorkspaceFloats(rows, outF, inF),
          args: (b0, b1, w) => [...headArgs(rows, pX, pLogits, w), count, pIds, pLogProbs, b0, b1],
        });
        const picked = sc.view(pIds, rows * count);
        ids.set(new Int32Array(picked.buffer, picked.byteOffset, rows * count));
        logProbs.set(sc.readF64(pLogProbs, rows * count));
      });
    },
    free: () => freeAll(kernels, [packedB.buffer, bias]),
  };
}

/**
 * One time step of a layer-direction: the input projection on W_ihᵀ packed once, then the fused
 * layer's time loop for one step on W_hhᵀ packed once (the same kernels as the whole-sequence
 * forward, so the same values).
 */
export function wasmPrepareRecurrentStep(
  kernels: WasmKernels,
  cell: CellType,
  o: PrepareRecurrentStepOptions,
): PreparedRecurrentStep {
  const { inputSize: I, hiddenSize: H } = o;
  const GH = gateCount(cell) * H;
  const wIh = kernels.packB(o.wIh, { n: GH, k: I, transB: true });
  const wHh = kernels.packB(o.wHh, { n: GH, k: H, transB: true });
  const bIh = residentCopy(kernels, o.bIh, GH);
  const bHh = residentCopy(kernels, o.bHh, GH);
  const hasCell = cell === 'lstm';
  const hasAux = cell === 'lstm' || cell === 'gru';
  return {
    step(x, rows, h, c) {
      const NH = rows * H;
      kernels.withScratch((sc) => {
        const pX = sc.put(x, rows * I);
        const pGates = sc.take(rows * GH);
        const pHs = sc.take(2 * NH);
        sc.write(pHs, h.subarray(0, NH));
        const pCs = hasCell ? sc.take(2 * NH) : 0;
        if (hasCell) sc.write(pCs, (c as Float32Array).subarray(0, NH));
        const pAux = hasAux ? sc.take(NH) : 0;
        const pHh = sc.take(rows * GH);
        // Every row is at time 0 of a one-step sequence.
        const pSched = sc.putI32(new Int32Array(rows));
        const bHhPtr = bHh === null ? 0 : bHh.ptr;
        const work = Math.max(
          sc.exports.gemmWorkspaceFloats(rows, GH, H),
          sc.exports.gemmWorkspaceFloats(rows, GH, I),
        );
        sc.rows('recurrentLayerForward', {
          rows,
          minRows: MIN_SPLIT_ROWS,
          workFloats: work,
          args: (b0, b1, w) => [
            CELL_CODES[cell],
            1,
            rows,
            H,
            bHhPtr,
            pSched,
            pGates,
            pHh,
            pHs,
            pCs,
            pAux,
            wHh.buffer.ptr,
            w,
            b0,
            b1,
            // The input product runs inside, on each band's rows.
            pX,
            I,
            wIh.buffer.ptr,
            bIh === null ? 0 : bIh.ptr,
          ],
        });
        h.set(sc.read(pHs + NH * 4, NH));
        if (hasCell) (c as Float32Array).set(sc.read(pCs + NH * 4, NH));
      });
    },
    free: () => freeAll(kernels, [wIh.buffer, wHh.buffer, bIh, bHh]),
  };
}

/** i32 slots of one layer's descriptor (GREEDY_LAYER_SLOTS in assembly/greedy.ts). */
const GREEDY_LAYER_SLOTS = 10;

/**
 * greedyDecodeRows' last arguments for the band [b0, b1) of N rows: alone (every row) or when
 * the head is not worth sharing (column 0), nothing shared; else one of two bands, the head's
 * columns split at `column` (a multiple of 8), band 0 (the rows from 0) taking the lower ones.
 */
function headShare(
  b0: number,
  b1: number,
  N: number,
  V: number,
  column: number,
  at: { sync: number; best: number },
): number[] {
  if ((b0 === 0 && b1 === N) || column === 0) return [0, 0, 0, V, 0];
  return b0 === 0 ? [at.sync, 0, 0, column, at.best] : [at.sync, 1, column, V, at.best];
}

/** One layer's resident weights for greedy decoding. */
interface GreedyLayer {
  inputSize: number;
  wIh: WasmBuffer;
  wHh: WasmBuffer;
  bIh: WasmBuffer | null;
  bHh: WasmBuffer | null;
}

/**
 * The embedding table, each layer's W_ihᵀ and W_hhᵀ packed and the head's Wᵀ packed, resident;
 * a run keeps the state and the step's arrays resident too and runs greedyDecodeRows once per
 * step on two threads (the whole step, gather to arg-max, in one hand-off; a thread that sleeps
 * between short jobs keeps its place on a busy machine, where one long job per band lost it):
 * each steps its row band through the stack, then computes its half of the head's columns for
 * every row (so each streams half of the packed head, not all of it), with the values of the
 * step-by-step kernels.
 * @throws ShapeError when the head has more outputs than the embedding has rows.
 */
export function wasmPrepareGreedyDecoder(
  kernels: WasmKernels,
  o: PrepareGreedyDecoderOptions,
): PreparedGreedyDecoder {
  checkGreedyOptions(o);
  const { vocab, dim: E } = o.embedding;
  const { inF: H, outF: V } = o.head;
  const GH = gateCount(o.cell) * H;
  const table = residentCopy(kernels, o.embedding.weight, vocab * E) as WasmBuffer;
  const layers: GreedyLayer[] = o.layers.map((l) => ({
    inputSize: l.inputSize,
    wIh: kernels.packB(l.wIh, { n: GH, k: l.inputSize, transB: true }).buffer,
    wHh: kernels.packB(l.wHh, { n: GH, k: H, transB: true }).buffer,
    bIh: residentCopy(kernels, l.bIh, GH),
    bHh: residentCopy(kernels, l.bHh, GH),
  }));
  const head = kernels.packB(o.head.weight, { n: V, k: H, transB: true }).buffer;
  const headBias = residentCopy(kernels, o.head.bias, V);
  const hasCell = o.cell === 'lstm';
  const hasAux = hasCell || o.cell === 'gru';
  return {
    run({ rows: N, first, h, c, maxSteps, stop }) {
      const NH = N * H;
      const owned: WasmBuffer[] = [];
      // Zero-filled resident arrays (views are taken after the last one: memory may grow).
      const alloc = (floats: number): WasmBuffer => {
        const b = kernels.alloc(floats);
        owned.push(b);
        return b;
      };
      try {
        const state = layers.map(() => ({
          hs: alloc(2 * NH),
          cs: hasCell ? alloc(2 * NH) : null,
          gates: alloc(N * GH),
          hh: alloc(N * GH),
          aux: hasAux ? alloc(NH) : null,
        }));
        const desc = alloc(layers.length * GREEDY_LAYER_SLOTS);
        const x = alloc(N * E);
        const logits = alloc(N * V);
        const sched = alloc(N);
        const tokens = alloc((maxSteps + 1) * N);
        // One copy of the stopped rows per band, the two threads' arrival counters (meet), each band's
        // per-row partial arg-max (value, column).
        const done = alloc(Math.ceil((2 * N) / 4));
        const sync = alloc(16);
        const best = alloc(4 * N);
        const ints = (b: WasmBuffer, n: number) => new Int32Array(kernels.memoryBuffer, b.ptr, n);
        layers.forEach((l, i) => {
          const s = state[i] as (typeof state)[number];
          s.hs.view().set(h.subarray(i * NH, (i + 1) * NH));
          if (s.cs !== null && c !== null) s.cs.view().set(c.subarray(i * NH, (i + 1) * NH));
          ints(desc, desc.length).set(
            [
              l.inputSize,
              l.wIh.ptr,
              l.bIh?.ptr ?? 0,
              l.wHh.ptr,
              l.bHh?.ptr ?? 0,
              s.gates.ptr,
              s.hh.ptr,
              s.hs.ptr,
              s.cs?.ptr ?? 0,
              s.aux?.ptr ?? 0,
            ],
            i * GREEDY_LAYER_SLOTS,
          );
        });
        // Row 0 holds the first tokens; step t writes row t + 1.
        ints(tokens, N).set(first.subarray(0, N));
        // Workspace for the largest product of a step (every product has N rows at most).
        const work = kernels.withScratch((sc) => {
          let most = sc.exports.gemmWorkspaceFloats(N, V, H);
          for (const l of layers) {
            most = Math.max(most, sc.exports.gemmWorkspaceFloats(N, GH, l.inputSize));
            most = Math.max(most, sc.exports.gemmWorkspaceFloats(N, GH, H));
          }
          return most;
        });
        // Where the threads split the head's columns (0: each takes its rows' whole head), fixed
        // for the run: a helper that becomes ready mid-run takes a row band without sharing, so
        // both threads' copies of the stopped rows always cover the same steps.
        const column = kernels.withScratch((sc) =>
          kernels.threads === 2 && sharesColumns(sc.exports, N, V, H)
            ? sc.exports.gemmSplitColumn(N, V, H, 1)
            : 0,
        );
        const shared = { sync: sync.ptr, best: best.ptr };
        const ended = new Uint8Array(N);
        let remaining = N;
        for (let t = 0; t < maxSteps && remaining > 0; t++) {
          const failed = kernels.withScratch((sc) =>
            sc.rows('greedyDecodeRows', {
              rows: N,
              minRows: MIN_SPLIT_ROWS,
              workFloats: work,
              sumResults: true,
              args: (b0, b1, w) => [
                CELL_CODES[o.cell],
                layers.length,
                N,
                H,
                E,
                V,
                desc.ptr,
                table.ptr,
                x.ptr,
                head.ptr,
                headBias?.ptr ?? 0,
                logits.ptr,
                sched.ptr,
                tokens.ptr,
                done.ptr,
                t,
                t + 1,
                stop,
                w,
                b0,
                b1,
                ...headShare(b0, b1, N, V, column, shared),
              ],
            }),
          );
          if (failed !== 0) {
            throw new Error(
              'WebAssembly kernels: the helper thread did not reach the greedy step within 60 s.',
            );
          }
          const next = new Int32Array(kernels.memoryBuffer, tokens.ptr + (t + 1) * N * 4, N);
          for (let r = 0; r < N; r++) {
            if (ended[r] === 0 && next[r] === stop) {
              ended[r] = 1;
              remaining--;
            }
          }
        }
        return new Int32Array(kernels.memoryBuffer, tokens.ptr + N * 4, maxSteps * N).slice();
      } finally {
        for (const b of owned) kernels.free(b);
      }
    },
    free: () =>
      freeAll(kernels, [
        table,
        head,
        headBias,
        ...layers.flatMap((l) => [l.wIh, l.wHh, l.bIh, l.bHh]),
      ]),
  };
}
