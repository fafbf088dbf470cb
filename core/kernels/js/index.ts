/** The plain-TypeScript backend: the reference implementation of every kernel and the fallback everywhere. */
import type { ActivationOp, Backend } from '../backend.ts';
import { cellKernel, recurrentBackward, recurrentForward } from '../recurrent/index.ts';
import { adamStepJs } from './adam.ts';
import { unary, unaryBackward } from './elementwise.ts';
import { embeddingGatherJs, embeddingScatterAddJs } from './embedding.ts';
import { gemmJs } from './gemm.ts';
import { linearBackwardJs } from './linear.ts';
import { linearCrossEntropyComposite } from './linearCrossEntropy.ts';
import {
  softmaxCrossEntropyBackwardJs,
  softmaxCrossEntropyJs,
  softmaxCrossEntropyWithGradJs,
} from './softmaxCrossEntropy.ts';

function activation(op: ActivationOp, x: Float32Array, y: Float32Array): void {
  unary(op, x, y.length === x.length ? y : y.subarray(0, x.length));
}

function activationBackward(
  op: ActivationOp,
  y: Float32Array,
  dy: Float32Array,
  dx: Float32Array,
): void {
  const out = dx.length === y.length ? dx : dx.subarray(0, y.length);
  // relu' is read from y > 0, which equals x > 0 because y = max(x, 0).
  unaryBackward(op, dy, y, y, out);
}

// NOTE: the recurrent entries wrap their functions in arrows: core/kernels/recurrent imports
// backend.ts, which imports this module, so the bindings may not be initialised yet here.
export const jsBackend: Backend = {
  name: 'js',
  gemm: gemmJs,
  unary: activation,
  unaryBackward: activationBackward,
  adamStep: (o) => adamStepJs(o),
  stateArray: (length) => new Float32Array(length),
  embeddingGather: (table, dim, ids, out) => embeddingGatherJs(table, dim, ids, out),
  embeddingScatterAdd: (grad, dim, ids, gradOut, options) =>
    embeddingScatterAddJs(grad, dim, ids, gradOut, options),
  softmaxCrossEntropy: (o) => softmaxCrossEntropyJs(o),
  softmaxCrossEntropyBackward: (o) => softmaxCrossEntropyBackwardJs(o),
  softmaxCrossEntropyWithGrad: (o) => softmaxCrossEntropyWithGradJs(o),
  linearBackward: (o) => linearBackwardJs(o),
  linearCrossEntropyWithGrad: (o) =>
    linearCrossEntropyComposite(
      {
        gemm: gemmJs,
        softmaxCrossEntropyWithGrad: softmaxCrossEntropyWithGradJs,
        linearBackward: linearBackwardJs,
      },
      o,
    ),
  recurrentForward: (cell, o) => recurrentForward(cellKernel(cell), o),
  recurrentBackward: (cell, cache, g) => recurrentBackward(cellKernel(cell), cache, g),
};
