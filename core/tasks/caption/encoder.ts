/** The captioner's image encoders: a small CNN trained from scratch, or torchvision's resnet18 trunk; both give a feature map [N, C, h, w]. */
import { BatchNorm2d } from '../../nn/batchNorm.ts';
import { Conv2d } from '../../nn/conv.ts';
import type { Module } from '../../nn/module.ts';
import { MaxPool2d } from '../../nn/pooling.ts';
import { ResNet18 } from '../../nn/resnet.ts';
import { type Layer, ReLU, Sequential } from '../../nn/sequential.ts';
import type { Random } from '../../random.ts';
import type { Tensor } from '../../tensor/tensor.ts';
import type { ImageEncoderSpec } from '../spec.ts';

/** Channels of the small CNN's first block when the spec does not say. */
export const DEFAULT_CNN_WIDTH = 16;
/** Blocks of the small CNN when the spec does not say. */
export const DEFAULT_CNN_BLOCKS = 3;

/** An image encoder: [N, 3, S, S] normalised images → [N, C, h, w] feature map. */
export interface ImageEncoder {
  /** The module whose parameters and buffers are the encoder's (registered as `encoder`). */
  readonly module: Module;
  featureMap(images: Tensor): Tensor;
}

/** Channels C and side h (= w) of the feature map an encoder spec gives for its image size. */
export function featureGrid(spec: ImageEncoderSpec): { channels: number; side: number } {
  if (spec.backbone === 'resnet18') {
    // conv1 (stride 2, padding 3), maxpool (stride 2, padding 1), then three stride-2 stages.
    let side = Math.floor((spec.imageSize + 2 * 3 - 7) / 2) + 1;
    side = Math.floor((side + 2 - 3) / 2) + 1;
    for (let i = 0; i < 3; i++) side = Math.floor((side + 2 - 3) / 2) + 1;
    return { channels: 512, side };
  }
  const blocks = spec.blocks ?? DEFAULT_CNN_BLOCKS;
  let side = spec.imageSize;
  for (let b = 0; b < blocks; b++) side = Math.floor(side / 2);
  return { channels: (spec.width ?? DEFAULT_CNN_WIDTH) * 2 ** (blocks - 1), side };
}

/** The small CNN's layers in order: per block Conv2d(3×3, padding 1, no bias), BatchNorm2d, ReLU, MaxPool2d(2). */
export function smallCnnLayers(spec: ImageEncoderSpec, random: Random): Layer[] {
  const layers: Layer[] = [];
  let channels = 3;
  const width = spec.width ?? DEFAULT_CNN_WIDTH;
  for (let b = 0; b < (spec.blocks ?? DEFAULT_CNN_BLOCKS); b++) {
    const out = width * 2 ** b;
    layers.push(
      new Conv2d(channels, out, 3, { padding: 1, bias: false, random }),
      new BatchNorm2d(out),
      new ReLU(),
      new MaxPool2d(2),
    );
    channels = out;
  }
  return layers;
}

/**
 * The encoder a spec names. The small CNN is `nn.Sequential` (names `0.weight`, `1.running_mean`,
 * …); resnet18 keeps torchvision's names and its `fc` (unused here) so a torchvision state dict
 * loads whole.
 * @throws ConfigError when the image is too small for the encoder's feature map.
 */
export function buildImageEncoder(spec: ImageEncoderSpec, random: Random): ImageEncoder {
  if (spec.backbone === 'resnet18') {
    const net = new ResNet18({ random });
    return { module: net, featureMap: (x) => net.featureMap(x) };
  }
  const net = new Sequential(...smallCnnLayers(spec, random));
  return { module: net, featureMap: (x) => net.forward(x) };
}
