/** `rnn-studio train <image folder|zip> --task caption`: the captioner's spec from options, trained through the common training run, written as a .rnnmodel. */
import { writeBundle } from '../../core/io/bundle.ts';
import { Random } from '../../core/random.ts';
import { presetSpec } from '../../core/tasks/presets.ts';
import type { RunSpec } from '../../core/tasks/spec.ts';
import { decodeCheckpoint } from '../../core/train/checkpoint.ts';
import { fingerprintBytes } from '../../core/train/fingerprint.ts';
import { bundleFromTask, type TaskLookup } from '../../core/train/modelBundle.ts';
import { TrainingRun } from '../../core/train/trainer.ts';
import {
  choiceOption,
  numberOption,
  type ParsedArgs,
  parseArgs,
  putDefined,
  UsageError,
} from '../args.ts';
import { installBackend } from '../backend.ts';
import { openImageSource, readBackboneWeights } from '../imageSource.ts';
import { type CliIo, EXIT_BAD_ARGUMENTS, EXIT_OK } from '../io.ts';
import { checkModelTarget } from '../outputFiles.ts';
import { checkedSpec, putTrainingOptions } from '../specOptions.ts';
import {
  eventPrinter,
  fileCheckpointStore,
  formatMetrics,
  resultObject,
  userError,
} from './train.ts';

export const TRAIN_CAPTION_USAGE = `Usage: rnn-studio train <image folder|zip> --task caption --out <model.rnnmodel> [options] [--json] [--resume]

The folder (or zip) holds JPEG/PNG images and a captions file (CSV/TSV image,caption, Flickr8k
image#n<TAB>caption, or COCO captions JSON); a split file (image<TAB>train|dev|test) is used when
present, else a seeded split by image (--val-split, --test-split).
Encoder:  --backbone cnn|resnet18 (default cnn: a small CNN trained from scratch)
          --backbone-weights <resnet18.safetensors> (torchvision's state dict; write it with
            safetensors.torch.save_file(torchvision.models.resnet18(weights='DEFAULT').state_dict(), 'resnet18.safetensors'))
          --freeze-backbone (features computed once per image) --image-size N (default 32; 224 for resnet18)
          --cnn-width N --cnn-blocks N --feature-dropout P --zero-image (ablation: the decoder sees zeros)
Decoder:  --attention none|bahdanau|luong (default none = Show and Tell; bahdanau = Show, Attend and Tell)
          --cell rnn|lstm|gru --hidden N --layers N --embedding-dim N --max-length N --min-freq N
Training: --epochs N --batch-size N (images; each brings all its captions) --lr X --seed N --val-split F
          --test-split F --max-minutes M --patience N --clip-norm X
With --json, every event is one JSON line and the last line is {"type":"result","metrics":{…},…}.
`;

const VALUES = [
  'task',
  'data',
  'out',
  'backbone',
  'backbone-weights',
  'image-size',
  'cnn-width',
  'cnn-blocks',
  'feature-dropout',
  'attention',
  'cell',
  'hidden',
  'layers',
  'embedding-dim',
  'max-length',
  'min-freq',
  'epochs',
  'batch-size',
  'lr',
  'seed',
  'val-split',
  'test-split',
  'max-minutes',
  'patience',
  'clip-norm',
  'head-dropout',
];
const FLAGS = ['freeze-backbone', 'zero-image', 'json', 'resume', 'help'];

/** True when the arguments ask for the caption task (`--task caption` or `--task=caption`). */
export function isCaptionTrain(argv: readonly string[]): boolean {
  return argv.some(
    (a, i) => a === '--task=caption' || (a === '--task' && argv[i + 1] === 'caption'),
  );
}

/**
 * The caption run spec: the preset, then every option given. A resnet18 backbone defaults to
 * 224-pixel images (ImageNet's crop).
 * @throws UsageError for a bad value, naming the option.
 */
export function captionSpecFromArgs(args: ParsedArgs, weightsName?: string): RunSpec {
  const spec = presetSpec('caption');
  const image = { ...(spec.model.image as NonNullable<RunSpec['model']['image']>) };
  const backbone = choiceOption(args, 'backbone', ['cnn', 'resnet18'] as const);
  if (backbone === 'resnet18' || weightsName !== undefined) {
    image.backbone = 'resnet18';
    image.imageSize = 224;
    delete image.width;
    delete image.blocks;
  } else if (backbone !== undefined) image.backbone = backbone;
  if (weightsName !== undefined) image.weights = weightsName;
  if (args.options.has('freeze-backbone')) image.freeze = true;
  if (args.options.has('zero-image')) image.zeroImage = true;
  putDefined(image, 'imageSize', numberOption(args, 'image-size'));
  putDefined(image, 'width', numberOption(args, 'cnn-width'));
  putDefined(image, 'blocks', numberOption(args, 'cnn-blocks'));
  putDefined(image, 'featureDropout', numberOption(args, 'feature-dropout'));
  spec.model.image = image;
  putDefined(
    spec.model,
    'attention',
    choiceOption(args, 'attention', ['none', 'bahdanau', 'luong'] as const),
  );
  const r = spec.model.recurrent;
  putDefined(r, 'cell', choiceOption(args, 'cell', ['rnn', 'lstm', 'gru'] as const));
  putDefined(r, 'hiddenSize', numberOption(args, 'hidden'));
  putDefined(r, 'numLayers', numberOption(args, 'layers'));
  putDefined(spec.model, 'embeddingDim', numberOption(args, 'embedding-dim'));
  putDefined(spec.model, 'headDropout', numberOption(args, 'head-dropout'));
  putDefined(spec.data, 'maxLength', numberOption(args, 'max-length'));
  putDefined(spec.data, 'minFreq', numberOption(args, 'min-freq'));
  putTrainingOptions(spec.train, args);
  return checkedSpec(spec);
}

function parse(argv: string[]): { args: ParsedArgs; data: string; out: string } {
  const args = parseArgs(argv, { values: VALUES, flags: FLAGS });
  if (args.options.has('help')) return { args, data: '', out: '' };
  const data = (args.options.get('data') as string | undefined) ?? args.positionals[0];
  if (data === undefined) throw new UsageError('An image folder or zip is required.');
  if (args.positionals.length > (args.options.has('data') ? 0 : 1)) {
    throw new UsageError(`Unexpected argument '${args.positionals.at(-1)}'.`);
  }
  const out = args.options.get('out');
  if (typeof out !== 'string') throw new UsageError("Option '--out' is required.");
  return { args, data, out };
}

/** Runs `rnn-studio train … --task caption`: exit 0 with the model written, 1 for a user error, 2 for bad arguments. */
export async function runTrainCaption(
  argv: string[],
  io: CliIo,
  options: { tasks: TaskLookup; handleSignals?: boolean },
): Promise<number> {
  let parsed: ReturnType<typeof parse>;
  let spec: RunSpec;
  try {
    parsed = parse(argv);
    if (parsed.args.options.has('help')) {
      io.stdout(TRAIN_CAPTION_USAGE);
      return EXIT_OK;
    }
    const weightsPath = parsed.args.options.get('backbone-weights');
    spec = captionSpecFromArgs(
      parsed.args,
      typeof weightsPath === 'string' ? weightsPath.split(/[\\/]/).pop() : undefined,
    );
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    io.stderr(`rnn-studio train: ${err.message}\n${TRAIN_CAPTION_USAGE}`);
    return EXIT_BAD_ARGUMENTS;
  }
  const { args, data, out } = parsed;
  const json = args.options.has('json');
  installBackend();
  try {
    await checkModelTarget(out);
    const images = await openImageSource(io, data);
    const weightsPath = args.options.get('backbone-weights');
    const backboneWeights =
      typeof weightsPath === 'string' ? await readBackboneWeights(io, weightsPath) : undefined;
    const store = fileCheckpointStore(io, `${out}.ckpt`);
    const resume = args.options.has('resume') ? await store.load('last') : null;
    const resumeFrom =
      resume === null ? undefined : decodeCheckpoint(resume, `${out}.ckpt/last.ckpt`);
    if (resumeFrom !== undefined) spec = resumeFrom.spec;
    const definition = options.tasks(spec.task);
    const random = new Random(spec.train.seed);
    const task = await definition.prepare({
      spec,
      fileName: data,
      bytes: new Uint8Array(0),
      random,
      images,
      ...(backboneWeights === undefined ? {} : { backboneWeights }),
    });
    const fingerprint = fingerprintBytes(
      new TextEncoder().encode([...images.folder.paths].sort().join('\n')),
    );
    const printer = eventPrinter(io, json);
    const run = new TrainingRun({
      task,
      random,
      data: { fileName: data, fingerprint },
      store,
      onEvent: printer.onEvent,
      ...(resumeFrom === undefined ? {} : { resumeFrom }),
      memoryBytes: () => process.memoryUsage.rss(),
    });
    const stop = () => run.stop();
    if (options.handleSignals) process.once('SIGINT', stop);
    const result = await run.run().finally(() => {
      process.removeListener('SIGINT', stop);
      printer.clear();
    });
    await io.writeFileAtomic(
      out,
      writeBundle(bundleFromTask(task, { history: result.history, metrics: result.metrics })),
    );
    if (json) io.stdout(`${JSON.stringify(resultObject(result, out))}\n`);
    else {
      io.stdout(
        `${result.reason === 'completed' ? 'done' : result.reason}: ${formatMetrics(result.metrics)}\nnearest-neighbour baseline: ${formatMetrics(result.baseline)}\nmodel written to ${out}\n`,
      );
    }
    return EXIT_OK;
  } catch (err) {
    return userError(io, json, err);
  }
}
