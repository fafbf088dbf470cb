/** Prepared weights for decoding on the TypeScript kernels: the same gemm and time loop, with nothing to pack or keep resident; greedy decoding as a loop over them. */

import { ShapeError } from '../../errors.ts';
import { argmaxRows } from '../api/argmax.ts';
import type {
  Backend,
  PreparedGreedyDecoder,
  PreparedLinear,
  PreparedRecurrentStep,
  PrepareGreedyDecoderOptions,
  PrepareLinearOptions,
  PrepareRecurrentStepOptions,
} from '../api/backend.ts';
import type { CellType } from '../api/recurrent.ts';
import { checkTopLogProbs, topLogProbRows } from '../api/topLogProbs.ts';

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
    applyTopLogProbs(x, rows, count, ids, logProbs) {
      checkTopLogProbs(outF, rows, count, ids, logProbs);
      const logits = new Float32Array(rows * outF);
      apply(x, rows, logits);
      topLogProbRows(logits, rows, outF, count, ids, logProbs);
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

/** The kernels a step-by-step greedy decoder is built from. */
type GreedyPieces = Pick<Backend, 'prepareLinear' | 'prepareRecurrentStep' | 'embeddingGather'>;

/**
 * Greedy decoding as a loop of prepared steps on `backend`'s kernels (the reference for a fused
 * one): gather, each layer's step, the head's arg-max, until every row has emitted the stop token.
 * @throws ShapeError when the head has more outputs than the embedding has rows.
 */
export function prepareGreedyDecoderOn(
  backend: GreedyPieces,
  o: PrepareGreedyDecoderOptions,
): PreparedGreedyDecoder {
  checkGreedyOptions(o);
  const { vocab, dim } = o.embedding;
  const table = o.embedding.weight.slice(0, vocab * dim);
  const layers = o.layers.map((l) => backend.prepareRecurrentStep(o.cell, l));
  const head = backend.prepareLinear(o.head);
  const H = o.head.inF;
  return {
    run({ rows, first, h, c, maxSteps, stop }) {
      const tokens = new Int32Array(maxSteps * rows);
      const NH = rows * H;
      const hs = h.slice(0, layers.length * NH);
      const cs = o.cell !== 'lstm' ? null : c === null ? new Float32Array(hs.length) : c.slice();
      const x = new Float32Array(rows * dim);
      let prev = first.slice(0, rows);
      const done = new Uint8Array(rows);
      let remaining = rows;
      for (let t = 0; t < maxSteps && remaining > 0; t++) {
        backend.embeddingGather(table, dim, prev, x);
        let input = x;
        layers.forEach((layer, l) => {
          const hl = hs.subarray(l * NH, (l + 1) * NH);
          layer.step(input, rows, hl, cs === null ? null : cs.subarray(l * NH, (l + 1) * NH));
          input = hl;
        });
        const next = tokens.subarray(t * rows, (t + 1) * rows);
        head.applyArgmax(input, rows, next);
        for (let r = 0; r < rows; r++) {
          if (done[r] === 0 && next[r] === stop) {
            done[r] = 1;
            remaining--;
          }
        }
        prev = next;
      }
      return tokens;
    },
    free() {
      for (const layer of layers) layer.free();
      head.free();
    },
  };
}

/** @throws ShapeError when the head could pick a token the embedding has no row for. */
export function checkGreedyOptions(o: PrepareGreedyDecoderOptions): void {
  if (o.head.outF > o.embedding.vocab) {
    throw new ShapeError(
      `prepareGreedyDecoder: head.outF must be at most the embedding's vocab ${o.embedding.vocab}, got ${o.head.outF}.`,
    );
  }
}
