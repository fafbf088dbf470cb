/** The captioner's export README: the image transform with the model's sizes, predict.py on images, train.py on the image folder under torchrun, and for a resnet18 the --backbone flag and the Python lines that write its weights. */
import { describe, expect, it } from 'vitest';
import { presetSpec } from '../../tasks/presets.ts';
import type { ModelBundle } from '../bundle.ts';
import { exportReadme } from './readme.ts';
import { RESNET18_SAFETENSORS_LINES } from './readmeCaption.ts';

function captionBundle(image: NonNullable<ModelBundle['spec']['model']['image']>): ModelBundle {
  const spec = presetSpec('caption');
  spec.model = { ...spec.model, image };
  return {
    spec,
    taskState: {
      kind: 'caption',
      vocab: { $file: 'vocab.json' },
      transform:
        image.backbone === 'resnet18' ? { resize: 73, crop: 64 } : { resize: 32, crop: 32 },
    },
    weights: new Map(),
    vocabularies: { vocab: ['<pad>', '<unk>', '<bos>', '<eos>'] },
    history: [],
    metrics: {},
  };
}

describe('exportReadme for a captioner', () => {
  it('states the image transform with the model sizes and the commands on images and image folders', () => {
    const readme = exportReadme(
      captionBundle({ backbone: 'cnn', freeze: false, imageSize: 32, width: 16, blocks: 3 }),
    );
    expect(readme).toContain('T.Compose([T.Resize(32, antialias=True)');
    expect(readme).toContain('T.CenterCrop(32)');
    expect(readme).toContain('T.Normalize([0.485, 0.456, 0.406], [0.229, 0.224, 0.225])');
    expect(readme).toContain('python predict.py --image photo.jpg --beam-size 3');
    expect(readme).toContain(
      'torchrun --redirects 2 --tee 2 --nproc_per_node 2 train.py --data photos.zip --out trained\n',
    );
    expect(readme).not.toContain('--backbone');
    expect(readme).not.toContain('Tokenisation follows');
  });

  it('names --backbone with the weights file the app read and shows the Python lines that write it', () => {
    const readme = exportReadme(
      captionBundle({
        backbone: 'resnet18',
        freeze: true,
        imageSize: 64,
        weights: 'r18.safetensors',
      }),
    );
    expect(readme).toContain('T.Resize(73, antialias=True)');
    expect(readme).toContain(
      'python train.py --data photos/ --epochs 5 --backbone r18.safetensors',
    );
    expect(readme).toContain(RESNET18_SAFETENSORS_LINES);
    expect(RESNET18_SAFETENSORS_LINES).toContain(
      "save_file(net.state_dict(), 'resnet18.safetensors')",
    );
  });
});
