/** The TypeScript image kernels (im2col, pooling, batch normalisation), one object both backends install. */
import type { ImageKernels } from '../api/image.ts';
import { batchNormBackwardJs, batchNormForwardJs, batchNormStatsJs } from './batchNorm.ts';
import { col2imJs, im2colJs } from './im2col.ts';
import {
  adaptiveAvgPool2dBackwardJs,
  adaptiveAvgPool2dJs,
  maxPool2dBackwardJs,
  maxPool2dJs,
} from './pool.ts';

/** Every ImageKernels member in plain TypeScript. */
export const imageKernelsJs: ImageKernels = {
  im2col: im2colJs,
  col2im: col2imJs,
  maxPool2d: maxPool2dJs,
  maxPool2dBackward: maxPool2dBackwardJs,
  adaptiveAvgPool2d: adaptiveAvgPool2dJs,
  adaptiveAvgPool2dBackward: adaptiveAvgPool2dBackwardJs,
  batchNormStats: batchNormStatsJs,
  batchNormForward: batchNormForwardJs,
  batchNormBackward: batchNormBackwardJs,
};
