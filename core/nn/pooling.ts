/** `nn.MaxPool2d` and `nn.AdaptiveAvgPool2d` over [N, C, H, W] or [C, H, W] images, with their backward. */

import { ConfigError } from '../errors.ts';
import { getBackend } from '../kernels/backend.ts';
import { makeResult } from '../tensor/autograd.ts';
import type { Tensor } from '../tensor/tensor.ts';
import { Module } from './module.ts';
import { imageSize, pair, type Size2, windowGeometry } from './window.ts';

export interface MaxPool2dOptions {
  /** Default: the kernel size. */
  stride?: Size2;
  /** −∞ padding on each side, at most half the kernel; default 0. */
  padding?: Size2;
  /** Default 1. */
  dilation?: Size2;
}

/**
 * F.max_pool2d (ceil_mode off): the maximum of each window of every plane.
 * @returns [..., outH, outW] with the leading sizes of x.
 * @throws ShapeError on a rank other than 3 or 4 or an input smaller than the window.
 * @throws ConfigError on a bad size, or padding over half the kernel.
 */
export function maxPool2d(x: Tensor, kernelSize: Size2, options: MaxPool2dOptions = {}): Tensor {
  const where = 'maxPool2d';
  const [height, width] = imageSize(where, x, [3, 4]);
  const kernel = pair(where, 'kernelSize', kernelSize, 1);
  const padding = pair(where, 'padding', options.padding ?? 0, 0);
  if (padding[0] * 2 > kernel[0] || padding[1] * 2 > kernel[1]) {
    throw new ConfigError(
      `${where}: padding must be at most half the kernel size ${JSON.stringify(kernelSize)}, got ${JSON.stringify(options.padding)}.`,
    );
  }
  const geometry = windowGeometry(where, 1, height, width, {
    kernel,
    stride: pair(where, 'stride', options.stride ?? kernelSize, 1),
    padding,
    dilation: pair(where, 'dilation', options.dilation ?? 1, 1),
  });
  const planes = x.size / (height * width);
  const outPlane = geometry.outH * geometry.outW;
  const out = new Float32Array(planes * outPlane);
  const arg = new Int32Array(planes * outPlane);
  getBackend().maxPool2d(x.data, planes, geometry, out, arg);
  return makeResult(out, [...x.shape.slice(0, -2), geometry.outH, geometry.outW], {
    op: 'maxPool2d',
    inputs: [x],
    backward(g) {
      const dx = new Float32Array(x.size);
      getBackend().maxPool2dBackward(g, arg, planes, height * width, outPlane, dx);
      return [dx];
    },
  });
}

/**
 * F.adaptive_avg_pool2d: the mean over PyTorch's adaptive bins, giving outputSize exactly.
 * @returns [..., outH, outW] with the leading sizes of x.
 * @throws ShapeError on a rank other than 3 or 4.
 */
export function adaptiveAvgPool2d(x: Tensor, outputSize: Size2): Tensor {
  const where = 'adaptiveAvgPool2d';
  const [height, width] = imageSize(where, x, [3, 4]);
  const [outH, outW] = pair(where, 'outputSize', outputSize, 1);
  const size = { height, width, outH, outW };
  const planes = x.size / (height * width);
  const out = new Float32Array(planes * outH * outW);
  getBackend().adaptiveAvgPool2d(x.data, planes, size, out);
  return makeResult(out, [...x.shape.slice(0, -2), outH, outW], {
    op: 'adaptiveAvgPool2d',
    inputs: [x],
    backward(g) {
      const dx = new Float32Array(x.size);
      getBackend().adaptiveAvgPool2dBackward(g, planes, size, dx);
      return [dx];
    },
  });
}

/** `nn.MaxPool2d(kernelSize, stride?, padding?)` (no parameters). */
export class MaxPool2d extends Module {
  readonly typeName = 'MaxPool2d';

  constructor(
    readonly kernelSize: Size2,
    readonly options: MaxPool2dOptions = {},
  ) {
    super();
    pair('MaxPool2d', 'kernelSize', kernelSize, 1);
  }

  /** [N, C, H, W] → [N, C, outH, outW]. */
  forward(x: Tensor): Tensor {
    return maxPool2d(x, this.kernelSize, this.options);
  }
}

/** `nn.AdaptiveAvgPool2d(outputSize)` (no parameters). */
export class AdaptiveAvgPool2d extends Module {
  readonly typeName = 'AdaptiveAvgPool2d';

  constructor(readonly outputSize: Size2) {
    super();
    pair('AdaptiveAvgPool2d', 'outputSize', outputSize, 1);
  }

  /** [N, C, H, W] → [N, C, outH, outW]. */
  forward(x: Tensor): Tensor {
    return adaptiveAvgPool2d(x, this.outputSize);
  }
}
