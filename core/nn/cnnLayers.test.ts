import { afterEach, describe, expect, it } from 'vitest';
import {
  checkModuleCase,
  type ForwardModule,
  type ModuleCase,
} from '../../test/fixtures/moduleCases.ts';
import { loadCases } from '../../test/fixtures/torchFixtures.ts';
import { installRecordingBackend } from '../../test/support/recordingBackend.ts';
import { getBackend, setBackend } from '../kernels/backend.ts';
import { BatchNorm2d } from './batchNorm.ts';
import { Conv2d } from './conv.ts';
import { AdaptiveAvgPool2d, MaxPool2d } from './pooling.ts';
import { ReLU } from './sequential.ts';
import type { Size2 } from './window.ts';

type Options = Record<string, unknown>;

const cases = loadCases<ModuleCase<Options>>('cnn_layers.json');

function build(c: ModuleCase<Options>): ForwardModule {
  const o = c.options;
  const kind = c.name.split('-')[0];
  if (kind === 'conv2d') {
    return new Conv2d(o.inChannels as number, o.outChannels as number, o.kernelSize as Size2, o);
  }
  if (kind === 'batchnorm') return new BatchNorm2d(o.numFeatures as number, o);
  if (kind === 'maxpool2d') return new MaxPool2d(o.kernelSize as Size2, o);
  if (kind === 'adaptiveavgpool2d') return new AdaptiveAvgPool2d(o.outputSize as Size2);
  if (kind === 'relu') return new ReLU();
  throw new Error(`unknown case ${c.name}`);
}

describe('the image layers match PyTorch (outputs, running statistics, input and parameter gradients)', () => {
  it.each(cases.map((c) => [c.name, c] as const))('%s', (_, c) => {
    checkModuleCase(build(c), c);
  });

  it('cover every layer kind and mode the fixtures promise', () => {
    const names = cases.map((c) => c.name);
    for (const kind of ['conv2d-', 'batchnorm-', 'maxpool2d-', 'adaptiveavgpool2d-', 'relu']) {
      expect(names.some((n) => n.startsWith(kind))).toBe(true);
    }
    expect(cases.some((c) => c.name.startsWith('batchnorm') && !c.train)).toBe(true);
  });
});

describe('the image layers compute through the backend', () => {
  const installed = getBackend();
  afterEach(() => setBackend(installed));

  it('Conv2d runs im2col + gemm forward and col2im backward; BatchNorm2d and the pools their kernels', () => {
    const c = cases.find((k) => k.name === 'conv2d-groups2') as ModuleCase<Options>;
    const calls = installRecordingBackend();
    checkModuleCase(build(c), c);
    expect(calls).toEqual(expect.arrayContaining(['im2col', 'gemm', 'col2im', 'sumDim']));
    for (const name of ['batchnorm-train', 'maxpool2d-resnet', 'adaptiveavgpool2d-1x1']) {
      checkModuleCase(
        build(cases.find((k) => k.name === name) as ModuleCase<Options>),
        cases.find((k) => k.name === name) as ModuleCase<Options>,
      );
    }
    expect(calls).toEqual(
      expect.arrayContaining([
        'batchNormStats',
        'batchNormForward',
        'batchNormBackward',
        'maxPool2d',
        'maxPool2dBackward',
        'adaptiveAvgPool2d',
        'adaptiveAvgPool2dBackward',
      ]),
    );
  });
});
