/** torchvision's ResNet-18 and its BasicBlock, built with torchvision's exact module and parameter names so its state dicts load by name. */
import '../tensor/ops.ts';
import { ConfigError } from '../errors.ts';
import { globalRandom, type Random } from '../random.ts';
import type { Tensor } from '../tensor/tensor.ts';
import { BatchNorm2d } from './batchNorm.ts';
import { Conv2d } from './conv.ts';
import { Linear } from './linear.ts';
import { Module } from './module.ts';
import { AdaptiveAvgPool2d, MaxPool2d } from './pooling.ts';
import { ReLU, Sequential } from './sequential.ts';

/**
 * torchvision.models.resnet.BasicBlock: relu(bn2(conv2(relu(bn1(conv1(x))))) + shortcut(x)), both
 * convolutions 3×3 without bias, the first with `stride`; the shortcut is `downsample` (a 1×1
 * convolution with `stride` and a BatchNorm2d, named `downsample.0` and `downsample.1`) when given.
 */
export class BasicBlock extends Module {
  readonly typeName = 'BasicBlock';
  readonly conv1: Conv2d;
  readonly bn1: BatchNorm2d;
  readonly relu = new ReLU();
  readonly conv2: Conv2d;
  readonly bn2: BatchNorm2d;
  readonly downsample: Sequential | null;

  /** A downsample is built when stride ≠ 1 or inplanes ≠ planes, as torchvision's _make_layer does. */
  constructor(inplanes: number, planes: number, stride = 1, random: Random = globalRandom) {
    super();
    this.conv1 = this.registerModule(
      'conv1',
      new Conv2d(inplanes, planes, 3, { stride, padding: 1, bias: false, random }),
    );
    this.bn1 = this.registerModule('bn1', new BatchNorm2d(planes));
    this.registerModule('relu', this.relu);
    this.conv2 = this.registerModule(
      'conv2',
      new Conv2d(planes, planes, 3, { padding: 1, bias: false, random }),
    );
    this.bn2 = this.registerModule('bn2', new BatchNorm2d(planes));
    this.downsample = null;
    if (stride !== 1 || inplanes !== planes) {
      const conv = new Conv2d(inplanes, planes, 1, { stride, bias: false, random });
      this.downsample = this.registerModule(
        'downsample',
        new Sequential(conv, new BatchNorm2d(planes)),
      );
    }
  }

  /** [N, inplanes, H, W] → [N, planes, H/stride, W/stride]. */
  forward(x: Tensor): Tensor {
    const y = this.bn2.forward(
      this.conv2.forward(this.relu.forward(this.bn1.forward(this.conv1.forward(x)))),
    );
    const shortcut = this.downsample === null ? x : this.downsample.forward(x);
    return this.relu.forward(y.add(shortcut));
  }
}

export interface ResNetOptions {
  /** Out-features of `fc`; default 1000 (ImageNet's, what a torchvision state dict has). */
  numClasses?: number;
  /** Generator for the initial weights; default `globalRandom`. */
  random?: Random;
}

/**
 * torchvision.models.resnet18: conv1 (7×7, stride 2) → bn1 → relu → maxpool (3, stride 2,
 * padding 1) → layer1..layer4 (two BasicBlocks each, 64/128/256/512 planes, layers 2–4 halving
 * the size) → avgpool (1×1) → flatten → fc. Parameter and buffer names are torchvision's
 * (`conv1.weight`, `bn1.running_mean`, `layer2.0.downsample.0.weight`, `fc.bias`, …).
 * NOTE: weights start from the layers' PyTorch default initialisation, not torchvision's
 * kaiming-normal: a trained backbone comes from a loaded state dict.
 */
export class ResNet18 extends Module {
  readonly typeName = 'ResNet18';
  readonly conv1: Conv2d;
  readonly bn1: BatchNorm2d;
  readonly relu = new ReLU();
  readonly maxpool = new MaxPool2d(3, { stride: 2, padding: 1 });
  readonly layers: readonly Sequential[];
  readonly avgpool = new AdaptiveAvgPool2d(1);
  readonly fc: Linear;

  /** @throws ConfigError when numClasses is not a positive integer. */
  constructor(options: ResNetOptions = {}) {
    super();
    const random = options.random ?? globalRandom;
    const numClasses = options.numClasses ?? 1000;
    if (!Number.isInteger(numClasses) || numClasses <= 0) {
      throw new ConfigError(`ResNet18: numClasses must be a positive integer, got ${numClasses}.`);
    }
    this.conv1 = this.registerModule(
      'conv1',
      new Conv2d(3, 64, 7, { stride: 2, padding: 3, bias: false, random }),
    );
    this.bn1 = this.registerModule('bn1', new BatchNorm2d(64));
    this.registerModule('relu', this.relu);
    this.registerModule('maxpool', this.maxpool);
    const layers: Sequential[] = [];
    let inplanes = 64;
    for (const [i, planes] of [64, 128, 256, 512].entries()) {
      const stride = i === 0 ? 1 : 2;
      const layer = new Sequential(
        new BasicBlock(inplanes, planes, stride, random),
        new BasicBlock(planes, planes, 1, random),
      );
      layers.push(this.registerModule(`layer${i + 1}`, layer));
      inplanes = planes;
    }
    this.layers = layers;
    this.registerModule('avgpool', this.avgpool);
    this.fc = this.registerModule('fc', new Linear(512, numClasses, { random }));
  }

  /** layer4's [N, 512, ⌈H/32⌉, ⌈W/32⌉] feature map of [N, 3, H, W] images (what attention looks over). */
  featureMap(x: Tensor): Tensor {
    let y = this.maxpool.forward(this.relu.forward(this.bn1.forward(this.conv1.forward(x))));
    for (const layer of this.layers) y = layer.forward(y);
    return y;
  }

  /** The [N, 512] pooled feature of [N, 3, H, W] images (what a captioner's decoder starts from). */
  features(x: Tensor): Tensor {
    const pooled = this.avgpool.forward(this.featureMap(x));
    return pooled.reshape([pooled.shape[0] as number, 512]);
  }

  /** [N, 3, H, W] → [N, numClasses] logits. */
  forward(x: Tensor): Tensor {
    return this.fc.forward(this.features(x));
  }
}
