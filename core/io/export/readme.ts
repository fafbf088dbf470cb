/** README.md of the PyTorch export folder: the two lines that load the model, the predict and torchrun commands, and what each file holds. */
import type { ReadOptions } from '../../data/readOptions.ts';
import type { ModelBundle } from '../bundle.ts';
import { captionDataSection, captionTrainSection } from './readmeCaption.ts';

/** What each Python file of the export holds, in the README's file list (a test keeps it equal to the files shipped). */
export const PYTHON_FILE_ROLES: Readonly<Record<string, string>> = {
  'model.py':
    "`load` and `build_model`, which give the task's `torch.nn.Module` with the weights loaded",
  'tasks.py': 'the task registry (per task: its module, data preparation, prediction and printing)',
  'task_classify.py':
    'the classifier, its data (stratified split, classes) and the predicted label',
  'task_forecast.py':
    'the forecaster, its windows and target modes, the scaler and the next values',
  'task_tag.py': 'the tagger (with its character encoder), CoNLL files, IOB2 entities and decoding',
  'task_seq2seq.py':
    'the encoder, bridge, attention and decoder, the sentence pairs and beam search',
  'task_generate.py': 'the language model, its text chunks and seeded sampling',
  'task_caption.py':
    'the captioner (small CNN or torchvision resnet18, decoder), image reading and transform, beam search',
  'captions.py':
    'reading an image folder or zip as the app does: the captions file, image paths and the split',
  'layers.py': 'the recurrent building blocks the models share (packed runs, pooling, padding)',
  'tokenization.py':
    "the app's tokenizers (characters, words, BPE) and vocabularies; no torch needed",
  'data.py':
    "reading the data files with the app's options, the seeded splits, vocabulary and BPE fitting",
  'series.py':
    "reading a forecast's time series (numbers, dates, derived columns, gaps), fitting the scaler",
  'train.py': 'training in PyTorch, single-process or with torchrun',
  'finetune.py':
    "the app's fine-tuning schedule: a learning rate per layer and gradual unfreezing by epoch",
  'predict.py': 'predicting from the command line',
  'safetensors_lite.py':
    'reading and writing model.safetensors when the safetensors package is absent',
};

/** The README's list of the folder's files (vocabularies only when the bundle has some). */
function fileList(bundle: ModelBundle): string {
  const python = Object.entries(PYTHON_FILE_ROLES).map(([name, role]) => `- \`${name}\`: ${role}`);
  return [
    '- `config.json`: the run spec, the task state (tokenizers, classes, scaler, …) and the held-out metrics',
    ...(Object.keys(bundle.vocabularies).length > 0
      ? ['- `vocab*.json`: the vocabularies `config.json` refers to']
      : []),
    '- `model.safetensors`: the weights under the names `net.state_dict()` uses',
    ...python,
  ].join('\n');
}

const EXAMPLES: Record<string, string> = {
  classify: `logits = net(*m.pad_batch([[5, 6, 7]]))          # ids [N, L] (0 = padding), lengths [N] → [N, C]`,
  seq2seq: `logits = net(src, tgt_in)                           # src [N, S], tgt_in [N, T] (<bos> y…) → [N, T, V_tgt]`,
  forecast: `y = net(m.Scaler(config['taskState']['scaler']).apply(rows).unsqueeze(0))   # last L rows → [1, H] scaled`,
  tag: `logits = net(*m.pad_batch([[5, 6, 7]]))          # word ids [N, L], lengths [N] → [N, L, tags]`,
  generate: `logits = net(*m.pad_batch([[2, 5, 6]]))          # <bos> t1 … [N, L], lengths [N] → next-token [N, L, V]`,
  caption: `import torch
from task_caption import read_image
images = read_image('photo.jpg', config['taskState']['transform']).unsqueeze(0)   # [1, 3, S, S]
logits = net(images, torch.tensor([[2]]))          # images, tgt_in [N, T] (<bos> y…) → [N, T, V]`,
};

const PREDICT_INPUT: Record<string, string> = {
  classify: '--text "what a wonderful film"',
  seq2seq: '--text "a sentence to translate" --beam-size 4',
  forecast:
    '--text "12.1,5.0;13.4,5.6;…"   # the last L rows, columns in config.json order (no --text: the end of the training series)',
  tag: '--text "The quick brown fox"',
  generate: '--text "Once upon a time" --temperature 0.8 --top-k 20 --seed 1',
  caption: '--image photo.jpg --beam-size 3          # or --greedy; several files at once',
};

/** The reading options as one line of the README (or that every option was guessed). */
function readingSummary(bundle: ModelBundle): string {
  const reading = bundle.spec.data.reading ?? {};
  const parts = Object.entries(reading).map(([k, v]) => `${k} ${JSON.stringify(v)}`);
  return parts.length > 0 ? parts.join(', ') : 'none saved: each is guessed as before';
}

/** The `rnn-studio convert` flags that read a spreadsheet or Parquet file as the training did. */
function convertFlags(reading: ReadOptions): string {
  const flags: string[] = [];
  if (reading.sheet !== undefined) flags.push(`--sheet ${JSON.stringify(reading.sheet)}`);
  if (reading.header !== undefined) flags.push(`--header ${reading.header}`);
  if (reading.decimal !== undefined) flags.push(`--decimal ${reading.decimal}`);
  if (reading.thousands !== undefined) {
    flags.push(
      `--thousands ${reading.thousands === '' ? 'none' : JSON.stringify(reading.thousands)}`,
    );
  }
  for (const code of reading.missingCodes ?? []) flags.push(`--missing ${JSON.stringify(code)}`);
  if (reading.dateOrder !== undefined) flags.push(`--date-order ${reading.dateOrder}`);
  if (reading.serialDates !== undefined) flags.push(`--serial-dates ${reading.serialDates}`);
  return flags.map((f) => ` ${f}`).join('');
}

/** For spreadsheets and Parquet, which Python's standard library cannot read: the convert command. */
function binaryNote(bundle: ModelBundle): string {
  const format = bundle.spec.data.reading?.format;
  if (format !== 'xlsx' && format !== 'parquet') return '';
  return `
The model was trained on a ${format} file, which Python's standard library cannot read. Write it as
plain CSV first and train on that file (the CSV holds the table as the app read it: ISO-8601 dates,
plain numbers, missing values empty; \`data.py\` reads it as it is):

\`\`\`
rnn-studio convert data.${format} --to csv --out data.csv${convertFlags(bundle.spec.data.reading ?? {})}
python train.py --data data.csv
\`\`\`
`;
}

/** The Predict section: the command for the task's input, and how text is tokenised. */
function predictSection(bundle: ModelBundle): string {
  const task = bundle.spec.task;
  if (task === 'caption') {
    return `## Predict

\`\`\`
python predict.py ${PREDICT_INPUT.caption}
python predict.py --image a.jpg b.png --json
\`\`\`

Captions are decoded as in the app: beam search (beam 3, length penalty 1 unless given) from the
image's features, words detokenised with the app's rules (\`tokenization.py\`).
`;
  }
  return `## Predict

\`\`\`
python predict.py ${PREDICT_INPUT[task] ?? '--text "…"'}
python predict.py --input inputs.txt --json
\`\`\`

Tokenisation follows the app's rules (\`tokenization.py\`): characters are grapheme clusters, words follow
Unicode word boundaries; Chinese and Japanese ideographs become one token each (the app splits them
with ICU's dictionary), so predictions on such text may differ from the app's.
`;
}

/** The Data section: how train.py and predict.py read files (a captioner: images and its folder). */
function dataSection(bundle: ModelBundle): string {
  if (bundle.spec.task === 'caption') return captionDataSection(bundle);
  return `## Data

\`train.py\` and \`predict.py --input\` read files as the app read the training file: \`config.json\`'s
\`spec.data.reading\` holds the options (${readingSummary(bundle)}); \`data.py\` applies the
encoding, delimiter, quoting, header, decimal and thousands separators and missing-value codes, and
reads dates as the app does: the day-first or month-first order each date column's cells decide
(else \`dateOrder\`), Excel serial days (\`serialDates\`; \`43831\` is 2020-01-01), UTC offsets, and a
forecast's time-of-day column (\`taskState.timeColumn\`) added to its date. It needs only Python's
standard library (no torch): \`data.read_series_rows(path, taskState, reading)\` gives a forecast's
timestamps and values as plain lists.
${binaryNote(bundle)}`;
}

/** The Train section: train.py and torchrun commands and what train.py reproduces. */
function trainSection(bundle: ModelBundle): string {
  if (bundle.spec.task === 'caption') return captionTrainSection(bundle);
  return `## Train

\`\`\`
python train.py --data <file> --epochs 5
torchrun --nproc_per_node 4 train.py --data <file> --out trained
python predict.py --model-dir trained --text "…"
\`\`\`

With Debian's \`python3-torch\` 1.13 on Python 3.11, \`torchrun\` stops at start-up with
\`'NoneType' object has no attribute 'get'\` (its \`--redirects\`/\`--tee\` default of 0 no longer parses
on Python 3.11). Give both explicitly: \`torchrun --redirects 2 --tee 2 --nproc_per_node 4 train.py …\`.

\`train.py\` reads the same file formats and columns as the app, builds the vocabulary on the
training part, and splits with the app's seeded generator (seed \`${bundle.spec.train.seed}\`,
validation ${bundle.spec.train.valSplit}, test ${bundle.spec.train.testSplit}). Under \`torchrun\` it
uses DistributedDataParallel (gloo on CPU, nccl on CUDA) and a DistributedSampler; rank 0 prints one
JSON object per line and writes \`<out>/checkpoint.pt\` every epoch. Options: \`--epochs\`,
\`--max-steps\`, \`--lr\`, \`--batch-size\`, \`--seed\`, \`--finetune\` (start from these weights and
vocabularies).
`;
}

/** The README text for a bundle's export folder. */
export function exportReadme(bundle: ModelBundle): string {
  const task = bundle.spec.task;
  return `# RNN Studio model — PyTorch export (${task})

Load it in PyTorch (run from this folder):

\`\`\`python
import model as m
net, config = m.load('.')   # torch.nn.Module in eval mode with model.safetensors loaded
\`\`\`

\`net.state_dict()\` has the same keys and shapes as \`model.safetensors\` (PyTorch names, as the app
uses them). For example:

\`\`\`python
${EXAMPLES[task] ?? ''}
\`\`\`

The \`safetensors\` package is used when installed; otherwise \`safetensors_lite.py\` (struct + json)
reads and writes the file.

${predictSection(bundle)}
${dataSection(bundle)}
${trainSection(bundle)}
## Files

${fileList(bundle)}
`;
}
