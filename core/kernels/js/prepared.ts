/** Prepared weights for decoding on the TypeScript kernels: the same gemm and time loop, with nothing to pack or keep resident. */

import { argmaxRows } from '../api/argmax.ts';
import type {
  Backend,
  PreparedLinear,
  PreparedRecurrentStep,
  PrepareLinearOptions,
  PrepareRecurrentStepOptions,
} from '../api/backend.ts';
import type { CellType } from '../api/recurrent.ts';

/** y = x·Wᵀ + b on `gemm` (the weights are copied once, so later changes are not seen). */
export function prepareLinearOn(gemm: Backend['gemm'], o: PrepareLinearOptions): PreparedLinear {
  const { inF, outF } = o;
  const weight = o.weight.slice(0, outF * inF);
  const bias = o.bias === null ? null : o.bias.slice(0, outF);
  const apply = (x: Float32Array, rows: number, out: Float32Array): void => {
    gemm({
      m: rows,
      n: outF,
      k: inF,
      a: x,
      b: weight,
      c: out,
      transB: true,
      ...(bias === null ? {} : { bias }),
    });
  };
  return {
    inF,
    outF,
    apply,
    applyArgmax(x, rows, out) {
      const logits = new Float32Array(rows * outF);
      apply(x, rows, logits);
      argmaxRows(logits, rows, outF, out);
    },
    free() {},
  };
}

/** One time step through `recurrentForward` with seqLen 1 (the weights copied once). */
export function prepareRecurrentStepOn(
  recurrentForward: Backend['recurrentForward'],
  cell: CellType,
  o: PrepareRecurrentStepOptions,
): PreparedRecurrentStep {
  const weights = {
    inputSize: o.inputSize,
    hiddenSize: o.hiddenSize,
    wIh: o.wIh.slice(),
    wHh: o.wHh.slice(),
    bIh: o.bIh === null ? null : o.bIh.slice(),
    bHh: o.bHh === null ? null : o.bHh.slice(),
  };
  return {
    step(x, rows, h, c) {
      const r = recurrentForward(cell, {
        ...weights,
        seqLen: 1,
        batch: rows,
        reverse: false,
        lengths: null,
        x,
        h0: h,
        c0: c,
      });
      h.set(r.hN);
      if (c !== null && r.cN !== null) c.set(r.cN);
    },
    free() {},
  };
}
