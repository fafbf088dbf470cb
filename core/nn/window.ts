/** Argument checks and output sizes shared by the image layers (Conv2d, MaxPool2d): PyTorch's int-or-pair sizes and NCHW inputs. */
import { ConfigError, ShapeError } from '../errors.ts';
import type { WindowGeometry } from '../kernels/backend.ts';
import { formatShape } from '../tensor/shape.ts';
import type { Tensor } from '../tensor/tensor.ts';

/** An int for both spatial axes, or [height, width]. */
export type Size2 = number | readonly [number, number];

/**
 * `value` as [height, width] (an int is used for both).
 * @throws ConfigError unless each is an integer ≥ `min`.
 */
export function pair(where: string, name: string, value: Size2, min: number): [number, number] {
  const [h, w] = typeof value === 'number' ? [value, value] : value;
  for (const v of [h, w]) {
    if (!Number.isInteger(v) || v < min) {
      throw new ConfigError(
        `${where}: ${name} must be an integer ≥ ${min} or a pair of them, got ${JSON.stringify(value)}.`,
      );
    }
  }
  return [h, w];
}

/**
 * The [height, width] of an image tensor, its last two sizes; `dims` lists the ranks accepted.
 * @throws ShapeError when x's rank is not one of them.
 */
export function imageSize(where: string, x: Tensor, dims: readonly number[]): [number, number] {
  if (!dims.includes(x.ndim)) {
    throw new ShapeError(
      `${where}: input must be ${dims.map((d) => `${d}-D`).join(' or ')} (${dims.includes(4) ? 'N, C, H, W' : 'C, H, W'}), got shape ${formatShape(x.shape)}.`,
    );
  }
  return [x.shape[x.ndim - 2] as number, x.shape[x.ndim - 1] as number];
}

/** The windows of a convolution or pooling: kernel, stride, padding and dilation per axis. */
export interface Window {
  kernel: [number, number];
  stride: [number, number];
  padding: [number, number];
  dilation: [number, number];
}

/**
 * The geometry of `window` sliding over a [channels, height, width] image:
 * out = ⌊(in + 2·pad − dilation·(kernel − 1) − 1) / stride⌋ + 1 per axis.
 * @throws ShapeError when the (padded) input is smaller than the kernel.
 */
export function windowGeometry(
  where: string,
  channels: number,
  height: number,
  width: number,
  window: Window,
): WindowGeometry {
  const [outH, outW] = [0, 1].map((a) => {
    const size = a === 0 ? height : width;
    const span = (window.dilation[a] as number) * ((window.kernel[a] as number) - 1) + 1;
    return (
      Math.floor((size + 2 * (window.padding[a] as number) - span) / (window.stride[a] as number)) +
      1
    );
  }) as [number, number];
  if (outH < 1 || outW < 1) {
    throw new ShapeError(
      `${where}: the padded input (${height + 2 * window.padding[0]}×${width + 2 * window.padding[1]}) must be at least the dilated kernel's size, got an output of ${outH}×${outW}.`,
    );
  }
  return {
    channels,
    height,
    width,
    kernelH: window.kernel[0],
    kernelW: window.kernel[1],
    strideH: window.stride[0],
    strideW: window.stride[1],
    padH: window.padding[0],
    padW: window.padding[1],
    dilationH: window.dilation[0],
    dilationW: window.dilation[1],
    outH,
    outW,
  };
}
