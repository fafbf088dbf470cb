/** `nn.Conv2d` over NCHW images: im2col + gemm per image and group, with its backward (stride, padding, dilation, groups). */
import { ConfigError, ShapeError } from '../errors.ts';
import { getBackend, type WindowGeometry } from '../kernels/backend.ts';
import { globalRandom, type Random } from '../random.ts';
import { makeResult } from '../tensor/autograd.ts';
import { Tensor } from '../tensor/tensor.ts';
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

interface ConvPlan {
  batch: number;
  groups: number;
  /** In-channels per group (one image's geometry covers these). */
  geometry: WindowGeometry;
  outPerGroup: number;
  /** Rows of a group's columns: inPerGroup · kH · kW. */
  k: number;
  /** Output positions per image: outH · outW. */
  l: number;
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
      `${where}: weight must be [out, in/groups, kH, kW] with in = ${channels} and out divisible by groups ${groups}, got [${weight.shape.join(', ')}].`,
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

/** A [start, end) range of a flat array. */
type Range = readonly [number, number];

function view(a: Float32Array, range: Range): Float32Array {
  return a.subarray(range[0], range[1]);
}

/** The slices of image n, group g: its input channels, its weight rows and its output channels. */
function slices(p: ConvPlan, n: number, g: number) {
  const { channels, height, width } = p.geometry;
  const inAt = (n * p.groups + g) * channels * height * width;
  const outAt = (n * p.groups + g) * p.outPerGroup * p.l;
  return {
    input: [inAt, inAt + channels * height * width] as const,
    weight: [g * p.outPerGroup * p.k, (g + 1) * p.outPerGroup * p.k] as const,
    output: [outAt, outAt + p.outPerGroup * p.l] as const,
  };
}

function forwardData(x: Tensor, weight: Tensor, bias: Tensor | null, p: ConvPlan): Float32Array {
  const backend = getBackend();
  const out = new Float32Array(p.batch * p.groups * p.outPerGroup * p.l);
  const col = new Float32Array(p.k * p.l);
  for (let n = 0; n < p.batch; n++) {
    for (let g = 0; g < p.groups; g++) {
      const s = slices(p, n, g);
      backend.im2col(view(x.data, s.input), p.geometry, col);
      const c = view(out, s.output);
      backend.gemm({
        m: p.outPerGroup,
        n: p.l,
        k: p.k,
        a: view(weight.data, s.weight),
        b: col,
        c,
      });
      if (bias !== null) {
        for (let o = 0; o < p.outPerGroup; o++) {
          const b = bias.data[g * p.outPerGroup + o] as number;
          backend.binaryScalar(
            'add',
            c.subarray(o * p.l, (o + 1) * p.l),
            b,
            c.subarray(o * p.l, (o + 1) * p.l),
            false,
          );
        }
      }
    }
  }
  return out;
}

/** dW (accumulated over images) and dx, recomputing each image's columns instead of keeping them. */
function backwardData(
  gOut: Float32Array,
  x: Tensor,
  weight: Tensor,
  p: ConvPlan,
): { dx: Float32Array | null; dw: Float32Array } {
  const backend = getBackend();
  const dw = new Float32Array(weight.size);
  const dx = x.requiresGrad ? new Float32Array(x.size) : null;
  const col = new Float32Array(p.k * p.l);
  for (let n = 0; n < p.batch; n++) {
    for (let g = 0; g < p.groups; g++) {
      const s = slices(p, n, g);
      const go = view(gOut, s.output);
      backend.im2col(view(x.data, s.input), p.geometry, col);
      const dwg = view(dw, s.weight);
      backend.gemm({
        m: p.outPerGroup,
        n: p.k,
        k: p.l,
        a: go,
        b: col,
        c: dwg,
        transB: true,
        beta: 1,
      });
      if (dx === null) continue;
      const w = view(weight.data, s.weight);
      backend.gemm({ m: p.k, n: p.l, k: p.outPerGroup, a: w, b: go, c: col, transA: true });
      backend.col2im(col, p.geometry, view(dx, s.input));
    }
  }
  return { dx, dw };
}

/** db[c] = Σ over images and positions of g[n, c, :], as two backend sums. */
function biasGrad(gOut: Float32Array, p: ConvPlan): Float32Array {
  const backend = getBackend();
  const channels = p.groups * p.outPerGroup;
  const perImage = new Float32Array(p.batch * channels);
  backend.sumDim(gOut, p.batch * channels, p.l, 1, perImage);
  const db = new Float32Array(channels);
  backend.sumDim(perImage, 1, p.batch, channels, db);
  return db;
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
  const out = forwardData(x, weight, bias, p);
  const inputs = bias === null ? [x, weight] : [x, weight, bias];
  const shape = [p.batch, p.groups * p.outPerGroup, p.geometry.outH, p.geometry.outW];
  return makeResult(out, shape, {
    op: 'conv2d',
    inputs,
    backward(g) {
      const { dx, dw } = backwardData(g, x, weight, p);
      return bias === null ? [dx, dw] : [dx, dw, biasGrad(g, p)];
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
