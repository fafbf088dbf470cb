/** `nn.Conv2d` over NCHW images: im2col + gemm per image and group, with its backward (stride, padding, dilation, groups). */
import { ConfigError, ShapeError } from '../errors.ts';
import { globalRandom, type Random } from '../random.ts';
import { makeResult } from '../tensor/autograd.ts';
import { formatShape } from '../tensor/shape.ts';
import { Tensor } from '../tensor/tensor.ts';
import { backwardData, biasGrad, type ConvPlan, forwardData } from './convData.ts';
import { Module } from './module.ts';
import { imageSize, pair, type Size2, windowGeometry } from './window.ts';

/** How a convolution's windows slide (PyTorch's keyword arguments). */
export interface Conv2dWindow {
  /** Default 1. */
  stride?: Size2;
  /** Zero padding on each side; default 0. */
  padding?: Size2;
  /** Default 1. */
  dilation?: Size2;
  /** Channel groups; in- and out-channels must both divide by it. Default 1. */
  groups?: number;
}

export interface Conv2dOptions extends Conv2dWindow {
  /** Add a learnable bias; default true. */
  bias?: boolean;
  /** Generator for the initial weights; default `globalRandom`. */
  random?: Random;
}

function plan(x: Tensor, weight: Tensor, window: Conv2dWindow): ConvPlan {
  const where = 'conv2d';
  const [height, width] = imageSize(where, x, [4]);
  const groups = window.groups ?? 1;
  if (!Number.isInteger(groups) || groups < 1) {
    throw new ConfigError(`${where}: groups must be a positive integer, got ${groups}.`);
  }
  const [outC, inPerGroup, kH, kW] = weight.shape as [number, number, number, number];
  const channels = x.shape[1] as number;
  if (weight.ndim !== 4 || inPerGroup * groups !== channels || outC % groups !== 0) {
    throw new ShapeError(
      `${where}: weight must be [out, in/groups, kH, kW] with in = ${channels} and out divisible by groups ${groups}, got ${formatShape(weight.shape)}.`,
    );
  }
  const geometry = windowGeometry(where, inPerGroup, height, width, {
    kernel: [kH, kW],
    stride: pair(where, 'stride', window.stride ?? 1, 1),
    padding: pair(where, 'padding', window.padding ?? 0, 0),
    dilation: pair(where, 'dilation', window.dilation ?? 1, 1),
  });
  return {
    batch: x.shape[0] as number,
    groups,
    geometry,
    outPerGroup: outC / groups,
    k: inPerGroup * kH * kW,
    l: geometry.outH * geometry.outW,
  };
}

/**
 * F.conv2d: y[n, o] = b[o] + Σ over o's group's input channels of the cross-correlation with W[o].
 * @param x [N, C, H, W]; @param weight [out, C/groups, kH, kW]; @param bias [out] or null.
 * @returns [N, out, outH, outW].
 * @throws ShapeError on mismatched shapes or an input smaller than the kernel.
 * @throws ConfigError on a bad stride, padding, dilation or groups.
 */
export function conv2d(
  x: Tensor,
  weight: Tensor,
  bias: Tensor | null,
  window: Conv2dWindow = {},
): Tensor {
  const p = plan(x, weight, window);
  const out = forwardData(x.data, weight.data, bias?.data ?? null, p);
  const inputs = bias === null ? [x, weight] : [x, weight, bias];
  const shape = [p.batch, p.groups * p.outPerGroup, p.geometry.outH, p.geometry.outW];
  return makeResult(out, shape, {
    op: 'conv2d',
    inputs,
    backward(g) {
      const need = { dx: x.requiresGrad, dw: weight.requiresGrad };
      const { dx, dw } = backwardData(g, x.data, weight.data, p, need);
      if (bias === null) return [dx, dw];
      return [dx, dw, bias.requiresGrad ? biasGrad(g, p) : null];
    },
  });
}

/** `nn.Conv2d(inChannels, outChannels, kernelSize, …)` with `weight` [out, in/groups, kH, kW] and `bias` [out]. */
export class Conv2d extends Module {
  readonly typeName = 'Conv2d';
  readonly weight: Tensor;
  readonly bias: Tensor | null;
  private readonly window: Conv2dWindow;

  /**
   * Initialised as PyTorch: U(±1/√fanIn) for weight and bias (kaiming-uniform, a = √5), where
   * fanIn = in/groups · kH · kW, drawn weight first.
   * @throws ConfigError on a non-positive size or channels that do not divide by groups.
   */
  constructor(
    inChannels: number,
    outChannels: number,
    kernelSize: Size2,
    options: Conv2dOptions = {},
  ) {
    super();
    const groups = options.groups ?? 1;
    for (const [name, v] of [
      ['inChannels', inChannels],
      ['outChannels', outChannels],
      ['groups', groups],
    ] as const) {
      if (!Number.isInteger(v) || v <= 0) {
        throw new ConfigError(`Conv2d: ${name} must be a positive integer, got ${v}.`);
      }
    }
    if (inChannels % groups !== 0 || outChannels % groups !== 0) {
      throw new ConfigError(
        `Conv2d: inChannels and outChannels must divide by groups ${groups}, got ${inChannels} and ${outChannels}.`,
      );
    }
    const [kH, kW] = pair('Conv2d', 'kernelSize', kernelSize, 1);
    const { stride, padding, dilation } = options;
    this.window = { stride: stride ?? 1, padding: padding ?? 0, dilation: dilation ?? 1, groups };
    pair('Conv2d', 'stride', this.window.stride as Size2, 1);
    pair('Conv2d', 'padding', this.window.padding as Size2, 0);
    pair('Conv2d', 'dilation', this.window.dilation as Size2, 1);
    const random = options.random ?? globalRandom;
    const fanIn = (inChannels / groups) * kH * kW;
    const bound = 1 / Math.sqrt(fanIn);
    const w = random.fillUniform(new Float32Array(outChannels * fanIn), -bound, bound);
    const shape = [outChannels, inChannels / groups, kH, kW];
    this.weight = this.registerParameter('weight', new Tensor(w, shape));
    this.bias = null;
    if (options.bias ?? true) {
      const b = random.fillUniform(new Float32Array(outChannels), -bound, bound);
      this.bias = this.registerParameter('bias', new Tensor(b, [outChannels]));
    }
  }

  /** [N, in, H, W] → [N, out, outH, outW]. @throws ShapeError on a wrong input shape. */
  forward(x: Tensor): Tensor {
    return conv2d(x, this.weight, this.bias, this.window);
  }
}
