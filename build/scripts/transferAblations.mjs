/**
 * Which part of a pre-trained language model helps or hurts the classifier it starts: after
 * transferNsmc.mjs has written its splits and lm.rnnmodel into --out, writes copies of the LM with
 * parts of its trunk drawn afresh (PyTorch's initialisation: embedding N(0, 1) with the padding
 * row zero, recurrent U(−1/√H, 1/√H)), fine-tunes a classifier from each with one rate for all
 * layers (`--transfer fine-tune --unfreeze none --layer-lr-decay 1`, so only the starting weights
 * differ from the from-scratch run), and scores each on the test split.
 *
 *   node --import tsx build/scripts/transferAblations.mjs [--out DIR] [--seeds 0,1] [--epochs 20]
 *     [--variants vocab,embedding,recurrent,both,scaled]
 *
 * Variants: `vocab` (the LM's tokenizer and vocabulary, every weight fresh), `embedding` (its
 * embedding, fresh recurrent layer), `recurrent` (its recurrent layer, fresh embedding), `both`
 * (the whole trunk, as `--init-from` does), `scaled` (the whole trunk, recurrent weights × 0.3: the
 * LM's directions at a from-scratch layer's size). One JSON line per run, then a summary per variant.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readBundle, writeBundle } from '../../core/io/bundle.ts';
import { Random } from '../../core/random.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

function option(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? fallback : process.argv[i + 1];
}

const out = option('out', '/tmp/rnn-transfer-nsmc');
const seeds = option('seeds', '0,1').split(',').map(Number);
const epochs = option('epochs', '20');
const VARIANTS = {
  vocab: { kept: [] },
  embedding: { kept: ['embedding.'] },
  recurrent: { kept: ['rnn.'] },
  both: { kept: ['embedding.', 'rnn.'] },
  scaled: { kept: ['embedding.', 'rnn.'], recurrentScale: 0.3 },
};
const chosen = option('variants', Object.keys(VARIANTS).join(',')).split(',');

/**
 * The LM at `lmPath` with every trunk weight outside `kept` drawn afresh and the recurrent weights
 * times `recurrentScale`; returns the new file's path.
 */
function writeVariant(lmPath, name, { kept, recurrentScale = 1 }) {
  const bundle = readBundle(readFileSync(lmPath), 'lm.rnnmodel');
  const random = new Random(20);
  const bound = 1 / Math.sqrt(bundle.spec.model.recurrent.hiddenSize);
  for (const [key, w] of bundle.weights) {
    if (kept.some((prefix) => key.startsWith(prefix))) {
      if (key.startsWith('rnn.'))
        for (let i = 0; i < w.data.length; i++) w.data[i] *= recurrentScale;
      continue;
    }
    if (key.startsWith('embedding.')) {
      const width = w.shape[1];
      for (let i = 0; i < w.data.length; i++) w.data[i] = i < width ? 0 : random.normal();
    } else if (key.startsWith('rnn.')) random.fillUniform(w.data, -bound, bound);
  }
  const path = join(out, `lm-${name}.rnnmodel`);
  writeFileSync(path, writeBundle(bundle));
  return path;
}

function cli(args) {
  const run = spawnSync(
    process.execPath,
    ['--experimental-wasm-relaxed-simd', join(root, 'bin/rnn-studio.js'), ...args, '--json'],
    { cwd: root, encoding: 'utf8', env: { ...process.env, RNN_STUDIO_BACKEND: 'wasm' } },
  );
  const lines = run.stdout.split('\n').filter((l) => l.startsWith('{'));
  if (run.status !== 0 || lines.length === 0) {
    throw new Error(
      `rnn-studio ${args.join(' ')} failed (${run.status}): ${run.stderr.slice(-2000)}`,
    );
  }
  return JSON.parse(lines[lines.length - 1]);
}

const lm = join(out, 'lm.rnnmodel');
const accuracy = {};
for (const name of chosen) {
  const variant = VARIANTS[name];
  if (variant === undefined)
    throw new Error(`--variants: '${name}' must be one of ${Object.keys(VARIANTS)}.`);
  const start = name === 'both' ? lm : writeVariant(lm, name, variant);
  accuracy[name] = [];
  for (const seed of seeds) {
    const model = join(out, `ablation-${name}-${seed}.rnnmodel`);
    cli([
      'train',
      '--task',
      'classify',
      '--data',
      join(out, 'labeled.tsv'),
      '--text-col',
      'document',
      '--label-col',
      'label',
      '--epochs',
      epochs,
      '--patience',
      '0',
      '--val-split',
      '0.1',
      '--test-split',
      '0',
      '--seed',
      String(seed),
      '--lr',
      '0.003',
      '--init-from',
      start,
      '--transfer',
      'fine-tune',
      '--unfreeze',
      'none',
      '--layer-lr-decay',
      '1',
      '--out',
      model,
    ]);
    const result = cli(['eval', '--model', model, '--data', join(out, 'test.tsv')]);
    accuracy[name].push(result.metrics.accuracy);
    console.log(
      JSON.stringify({ type: 'ablation', variant: name, seed, accuracy: result.metrics.accuracy }),
    );
  }
}
const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
console.log(
  JSON.stringify({
    type: 'summary',
    seeds,
    ...Object.fromEntries(Object.entries(accuracy).map(([k, v]) => [k, mean(v)])),
  }),
);
