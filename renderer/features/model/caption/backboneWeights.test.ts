/** Choosing the resnet18 weights a captioner starts from: a torchvision state dict is kept (only its header read), another file is refused naming what is wrong, and a run names the file it needs. */
import { afterEach, describe, expect, it } from 'vitest';
import { writeSafetensors } from '../../../../core/io/safetensors.ts';
import { presetSpec } from '../../../../core/tasks/presets.ts';
import { backboneWeightsFor, chooseBackbone, forgetBackbone } from './backboneWeights.ts';
import { switchBackbone } from './imageEncoder.ts';

const tensor = (shape: number[]) => ({
  shape,
  data: new Float32Array(shape.reduce((a, b) => a * b, 1)),
});

function weightsFile(name: string, conv1: number[]): File {
  const bytes = writeSafetensors({
    'conv1.weight': tensor(conv1),
    'layer4.1.conv2.weight': { shape: [512, 512, 3, 3], data: new Float32Array(512 * 512 * 9) },
  });
  return new File([bytes as Uint8Array<ArrayBuffer>], name);
}

afterEach(() => forgetBackbone());

describe('chooseBackbone', () => {
  it('keeps a resnet18 state dict and hands it to a run whose spec names it', async () => {
    const file = weightsFile('r18.safetensors', [64, 3, 7, 7]);
    await chooseBackbone(file);
    const spec = presetSpec('caption');
    spec.model.image = {
      backbone: 'resnet18',
      freeze: true,
      imageSize: 224,
      weights: 'r18.safetensors',
    };
    expect(backboneWeightsFor(spec)).toBe(file);
    expect(backboneWeightsFor(presetSpec('caption'))).toBeUndefined();
  });

  it('refuses a file that is not safetensors, or another model, naming the key', async () => {
    await expect(chooseBackbone(new File(['hello'], 'x.safetensors'))).rejects.toMatchObject({
      code: 'not-safetensors',
      params: { fileName: 'x.safetensors' },
    });
    await expect(chooseBackbone(weightsFile('m.safetensors', [16, 3, 3, 3]))).rejects.toMatchObject(
      {
        code: 'not-resnet18',
        params: { fileName: 'm.safetensors', key: 'conv1.weight' },
      },
    );
  });

  it('says the file is no longer open when the spec names one not chosen (after a reload)', () => {
    const spec = presetSpec('caption');
    spec.model.image = {
      backbone: 'resnet18',
      freeze: false,
      imageSize: 224,
      weights: 'r18.safetensors',
    };
    expect(() => backboneWeightsFor(spec)).toThrow(
      expect.objectContaining({ code: 'not-open', params: { fileName: 'r18.safetensors' } }),
    );
  });
});

describe('switchBackbone', () => {
  it("resnet18 drops the CNN's width and blocks and takes ImageNet's 224 pixels; back to the CNN drops the weights", () => {
    const cnn = { backbone: 'cnn' as const, freeze: false, imageSize: 48, width: 8, blocks: 2 };
    const r18 = switchBackbone(cnn, 'resnet18');
    expect(r18).toEqual({ backbone: 'resnet18', freeze: false, imageSize: 224 });
    expect(switchBackbone({ ...r18, weights: 'r.safetensors', freeze: true }, 'cnn')).toEqual({
      backbone: 'cnn',
      freeze: false,
      imageSize: 32,
      width: 16,
      blocks: 3,
    });
  });
});
