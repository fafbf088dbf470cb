/** The plain-TypeScript backend: the reference implementation of every kernel and the fallback everywhere. */
import type { Backend } from '../api/backend.ts';
import { cellKernel, recurrentBackward, recurrentForward } from '../recurrent/index.ts';
import { adamStepJs } from './adam.ts';
import { embeddingGatherJs, embeddingScatterAddJs } from './embedding.ts';
import { gemmJs } from './gemm.ts';
import { imageKernelsJs } from './imageKernels.ts';
import { linearBackwardJs } from './linear.ts';
import {
  linearCrossEntropyComposite,
  linearCrossEntropyLossComposite,
} from './linearCrossEntropy.ts';
import { prepareGreedyDecoderOn, prepareLinearOn, prepareRecurrentStepOn } from './prepared.ts';
import {
  softmaxCrossEntropyBackwardJs,
  softmaxCrossEntropyJs,
  softmaxCrossEntropyWithGradJs,
} from './softmaxCrossEntropy.ts';
import { tensorKernelsJs } from './tensorKernels.ts';

/** Every TypeScript kernel but the recurrent ones, which take the gemm their time loop runs on. */
const kernels: Omit<
  Backend,
  | 'recurrentForward'
  | 'recurrentBackward'
  | 'prepareLinear'
  | 'prepareRecurrentStep'
  | 'prepareGreedyDecoder'
> = {
  ...tensorKernelsJs,
  ...imageKernelsJs,
  name: 'js',
  gemm: gemmJs,
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
  linearCrossEntropyLoss: (o) =>
    linearCrossEntropyLossComposite(
      { gemm: gemmJs, softmaxCrossEntropyWithGrad: softmaxCrossEntropyWithGradJs },
      o,
    ),
};

/**
 * The TypeScript backend whose recurrent time loop runs its products on `gemm` (a faster
 * backend's, when setBackend completes a partial one); every other kernel is shared.
 */
export function createJsBackend(gemm: Backend['gemm'] = gemmJs): Backend {
  const backend: Backend = {
    ...kernels,
    recurrentForward: (cell, o) => recurrentForward(cellKernel(cell), o, gemm),
    recurrentBackward: (cell, cache, g) => recurrentBackward(cellKernel(cell), cache, g, gemm),
    prepareLinear: (o) => prepareLinearOn(gemm, o),
    prepareRecurrentStep: (cell, o) =>
      prepareRecurrentStepOn((c, f) => recurrentForward(cellKernel(c), f, gemm), cell, o),
    prepareGreedyDecoder: (o) => prepareGreedyDecoderOn(backend, o),
  };
  return backend;
}

/** Greedy decoding as a loop over any backend's prepared pieces (the reference for a fused one). */
export { prepareGreedyDecoderOn };

/** The plain-TypeScript backend: every kernel, products included, in TypeScript. */
export const jsBackend: Backend = createJsBackend();
