/** The TypeScript kernels of the tensor layer (elementwise, reductions, data movement, dropout masks), one object both backends install. */
import type { TensorKernels } from '../api/backend.ts';
import { dropoutMaskJs } from './dropout.ts';
import {
  binaryBroadcast,
  binarySame,
  binaryScalar,
  sumToOperand,
  unary,
  unaryBackward,
} from './elementwise.ts';
import { copySlab, permuteCopy } from './layout.ts';
import { expandDim, maxDim, softmaxBackwardDim, softmaxDim, sumDim } from './reduce.ts';

/** Every TensorKernels member in plain TypeScript. */
export const tensorKernelsJs: TensorKernels = {
  binarySame,
  binaryScalar,
  binaryBroadcast,
  sumToOperand,
  unary,
  unaryBackward,
  sumDim,
  expandDim,
  maxDim,
  softmaxDim,
  softmaxBackwardDim,
  permuteCopy,
  copySlab,
  dropoutMask: dropoutMaskJs,
};
