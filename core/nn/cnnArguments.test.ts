/** The image layers' argument checks: bad sizes are refused with the layer, the argument and what it got. */
import { describe, expect, it } from 'vitest';
import { ConfigError, ShapeError } from '../errors.ts';
import { Tensor } from '../tensor/tensor.ts';
import { BatchNorm2d } from './batchNorm.ts';
import { Conv2d, conv2d } from './conv.ts';
import { adaptiveAvgPool2d, maxPool2d } from './pooling.ts';

const zeros = (...shape: number[]) =>
  new Tensor(new Float32Array(shape.reduce((a, b) => a * b, 1)), shape);

describe('image layer arguments', () => {
  it('Conv2d refuses channels that do not divide by groups and bad windows', () => {
    expect(() => new Conv2d(3, 4, 3, { groups: 2 })).toThrow(
      new ConfigError('Conv2d: inChannels and outChannels must divide by groups 2, got 3 and 4.'),
    );
    expect(() => new Conv2d(3, 4, 0)).toThrow(ConfigError);
    expect(() => new Conv2d(3, 4, 3, { stride: [1, 0] })).toThrow(
      'Conv2d: stride must be an integer ≥ 1 or a pair of them, got [1,0].',
    );
  });

  it('conv2d refuses a wrong input rank, channel count or an input smaller than the kernel', () => {
    const conv = new Conv2d(2, 3, 3);
    expect(() => conv.forward(zeros(2, 5, 5))).toThrow(
      new ShapeError('conv2d: input must be 4-D (N, C, H, W), got shape [2, 5, 5].'),
    );
    expect(() => conv.forward(zeros(1, 3, 5, 5))).toThrow(
      'conv2d: weight must be [out, in/groups, kH, kW] with in = 3 and out divisible by groups 1, got [3, 2, 3, 3].',
    );
    expect(() => conv2d(zeros(1, 2, 2, 2), conv.weight, null)).toThrow(
      "conv2d: the padded input (2×2) must be at least the dilated kernel's size, got an output of 0×0.",
    );
  });

  it('BatchNorm2d refuses a wrong channel count and a training batch of one value per channel', () => {
    const bn = new BatchNorm2d(3);
    expect(() => bn.forward(zeros(2, 4, 2, 2))).toThrow(
      'batchNorm: input must be [N, 3, ...], got [2, 4, 2, 2].',
    );
    expect(() => bn.forward(zeros(1, 3, 1, 1))).toThrow(
      'batchNorm: a training batch must have more than 1 value per channel, got input [1, 3, 1, 1].',
    );
    expect(bn.eval().forward(zeros(1, 3, 1, 1)).shape).toEqual([1, 3, 1, 1]);
    expect(() => new BatchNorm2d(3, { momentum: 2 })).toThrow(
      'BatchNorm2d: momentum must be in [0, 1] or null, got 2.',
    );
  });

  it('the pools refuse padding over half the kernel and a wrong rank', () => {
    expect(() => maxPool2d(zeros(1, 1, 4, 4), 2, { padding: 2 })).toThrow(
      'maxPool2d: padding must be at most half the kernel size 2, got 2.',
    );
    expect(() => adaptiveAvgPool2d(zeros(4, 4), 1)).toThrow(
      'adaptiveAvgPool2d: input must be 3-D or 4-D (N, C, H, W), got shape [4, 4].',
    );
  });
});
