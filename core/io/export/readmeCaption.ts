/** The captioner's sections of the PyTorch export README: how images are read and transformed, the image folder train.py reads, and training with a resnet18 backbone. */
import type { ModelBundle } from '../bundle.ts';

/** The transform config.json's task state holds (`{ resize, crop }`), or torchvision's ImageNet one when absent. */
function transformOf(bundle: ModelBundle): { resize: number; crop: number } {
  const t = (bundle.taskState as { transform?: { resize?: unknown; crop?: unknown } }).transform;
  return typeof t?.resize === 'number' && typeof t.crop === 'number'
    ? { resize: t.resize, crop: t.crop }
    : { resize: 256, crop: 224 };
}

/** The Python lines that write torchvision's resnet18 weights as a safetensors state dict (what the app and train.py --backbone read). */
export const RESNET18_SAFETENSORS_LINES = `import torchvision
from safetensors.torch import save_file          # pip install safetensors
net = torchvision.models.resnet18(weights='DEFAULT')   # ImageNet weights (torchvision ≥ 0.13)
save_file(net.state_dict(), 'resnet18.safetensors')`;

/** The README's Data section for a captioner. */
export function captionDataSection(bundle: ModelBundle): string {
  const { resize, crop } = transformOf(bundle);
  return `## Images

Captioning needs \`torchvision\` beside \`torch\` (Debian: \`apt-get install python3-torchvision\`).
\`predict.py\` and \`train.py\` read an image as the app does (\`task_caption.image_tensor\`): decoded
to RGB by \`torchvision.io.decode_image\` (alpha dropped), then

\`\`\`python
T.Compose([T.Resize(${resize}, antialias=True),   # shorter side to ${resize}, antialiased bilinear, rounded to uint8
           T.CenterCrop(${crop}),
           T.ConvertImageDtype(torch.float32),       # / 255
           T.Normalize([0.485, 0.456, 0.406], [0.229, 0.224, 0.225])])   # ImageNet mean and std
\`\`\`

(\`config.json\`'s \`taskState.transform\` holds the two sizes). PNG files give the app's pixels
exactly; JPEG decoders round differently (libjpeg-turbo here and in the app's window, jpeg-js in the
\`rnn-studio\` command line) by about one level, which rarely changes a word.

\`train.py --data\` takes the image folder (or \`.zip\`) the app trained on, read as the app reads it
(\`captions.py\`): its one captions file (CSV/TSV \`image,caption\`, Flickr8k \`image#n<TAB>caption\` or
COCO captions JSON), each caption's image found beside the captions file, from the folder's root,
under \`images/\` or by its file name, and the folder's split file (\`image<TAB>train|dev|test\`) or
else the app's seeded split by image (seed \`${bundle.spec.train.seed}\`, validation
${bundle.spec.train.valSplit}, test ${bundle.spec.train.testSplit}); the vocabulary comes from the
training images' captions (lower-cased words).
`;
}

/** The README's Train section for a captioner. */
export function captionTrainSection(bundle: ModelBundle): string {
  const image = bundle.spec.model.image;
  const backbone = image?.backbone === 'resnet18';
  const flag = image?.weights !== undefined ? ` --backbone ${image.weights}` : '';
  return `## Train

\`\`\`
python train.py --data photos/ --epochs 5${flag}
torchrun --redirects 2 --tee 2 --nproc_per_node 2 train.py --data photos.zip --out trained${flag}
python predict.py --model-dir trained --image photo.jpg
rnn-studio import --from trained --out trained.rnnmodel     # back into the app
\`\`\`

A batch is \`--batch-size\` images with every caption of each; training images are mirrored left to
right with probability ½ unless the encoder is frozen. Under \`torchrun\` it uses
DistributedDataParallel (gloo on CPU, nccl on CUDA) and a DistributedSampler; rank 0 prints one JSON
object per line and writes \`<out>/checkpoint.pt\` every epoch. (\`--redirects 2 --tee 2\` works
around Debian's torch 1.13 \`torchrun\` on Python 3.11, which otherwise stops at start-up.) Options:
\`--epochs\`, \`--max-steps\`, \`--lr\`, \`--batch-size\`, \`--seed\`, \`--finetune\` (start from these
weights and this vocabulary)${backbone ? ", `--backbone` (torchvision's resnet18 weights as a safetensors state dict)" : ''}.
${
  backbone
    ? `
The encoder is \`torchvision.models.resnet18()\` (\`net.encoder\`; the captioner uses its layer4 feature
map, not \`fc\`), so a torchvision state dict loads into it by name. Write one with:

\`\`\`python
${RESNET18_SAFETENSORS_LINES}
\`\`\`
`
    : ''
}`;
}
