/** Prepared weights for decoding on the WebAssembly kernels: op(W) packed once into resident memory, so a step copies only its activations. */
import type {
  PreparedLinear,
  PreparedRecurrentStep,
  PrepareLinearOptions,
  PrepareRecurrentStepOptions,
} from '../api/backend.ts';
import { type CellType, gateCount } from '../api/recurrent.ts';
import type { WasmBuffer } from './wasmBuffer.ts';
import type { WasmKernels } from './wasmKernels.ts';

const CELL_CODES: Record<CellType, number> = { 'rnn-tanh': 0, 'rnn-relu': 1, lstm: 2, gru: 3 };
/** Batches smaller than this run their step on one thread (as the fused layer does). */
const MIN_SPLIT_ROWS = 8;

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
        sc.rows('linearArgmaxRows', {
          rows,
          minRows: MIN_SPLIT_ROWS,
          workFloats: sc.exports.gemmWorkspaceFloats(rows, outF, inF),
          args: (b0, b1, work) => [
            rows,
            outF,
            inF,
            pX,
            pLogits,
            bias === null ? 0 : bias.ptr,
            work,
            packedB.buffer.ptr,
            pOut,
            b0,
            b1,
          ],
        });
        const picked = sc.view(pOut, rows);
        out.set(new Int32Array(picked.buffer, picked.byteOffset, rows));
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
        sc.gemm({
          m: rows,
          n: GH,
          k: I,
          a: pX,
          b: 0,
          c: pGates,
          bias: bIh === null ? 0 : bIh.ptr,
          packedB: wIh.buffer.ptr,
        });
        const work = sc.exports.gemmWorkspaceFloats(rows, GH, H);
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
          ],
        });
        h.set(sc.read(pHs + NH * 4, NH));
        if (hasCell) (c as Float32Array).set(sc.read(pCs + NH * 4, NH));
      });
    },
    free: () => freeAll(kernels, [wIh.buffer, wHh.buffer, bIh, bHh]),
  };
}
