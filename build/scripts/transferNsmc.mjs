/**
 * Pre-train → fine-tune on NSMC, end to end: splits ../shared/data/nsmc-sample into a fixed test
 * set, 1,000 labeled training reviews and the rest as unlabeled text; pre-trains a character LM
 * on the unlabeled text; then per seed fine-tunes a classifier from it (ULMFiT schedule) and
 * trains the same classifier from scratch with the same budget; scores both on the test set.
 *
 *   node build/scripts/transferNsmc.mjs [--out DIR] [--seeds 0,1,2] [--lm-minutes 6]
 *     [--clf-minutes 2] [--clf-epochs 20] [--skip-lm]
 *
 * Prints one JSON line per run and a summary; everything is written under --out (default
 * /tmp/rnn-transfer-nsmc).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const source = resolve(root, '../shared/data/nsmc-sample/nsmc_sample_10k.txt');

function option(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? fallback : process.argv[i + 1];
}

const out = option('out', '/tmp/rnn-transfer-nsmc');
const seeds = option('seeds', '0,1,2').split(',').map(Number);
const lmMinutes = option('lm-minutes', '6');
const clfMinutes = option('clf-minutes', '2');
const clfEpochs = option('clf-epochs', '20');
const TEST = 2000;
const LABELED = 1000;
/** The trunk both classifiers and the LM share: characters, 64-wide embedding, one GRU of 128. */
const TRUNK = ['--cell', 'gru', '--hidden', '128', '--layers', '1', '--embedding-dim', '64'];

/** Seeded shuffle (mulberry32), so the three files are the same on every machine. */
function shuffled(items, seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy;
}

function writeSplits() {
  const [header, ...rows] = readFileSync(source, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '');
  const usable = rows.filter((r) => (r.split('\t')[1] ?? '').trim() !== '');
  const order = shuffled(usable, 20);
  const test = order.slice(0, TEST);
  const labeled = order.slice(TEST, TEST + LABELED);
  const unlabeled = order.slice(TEST + LABELED).map((r) => r.split('\t')[1]);
  writeFileSync(join(out, 'test.tsv'), `${[header, ...test].join('\n')}\n`);
  writeFileSync(join(out, 'labeled.tsv'), `${[header, ...labeled].join('\n')}\n`);
  writeFileSync(join(out, 'unlabeled.txt'), `${unlabeled.join('\n')}\n`);
  return { test: test.length, labeled: labeled.length, unlabeled: unlabeled.length };
}

function cli(args) {
  const started = Date.now();
  const run = spawnSync(
    process.execPath,
    ['--experimental-wasm-relaxed-simd', join(root, 'bin/rnn-studio.js'), ...args, '--json'],
    {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, RNN_STUDIO_BACKEND: 'wasm' },
      maxBuffer: 1 << 28,
    },
  );
  const lines = run.stdout.split('\n').filter((l) => l.startsWith('{'));
  const last = lines.length > 0 ? JSON.parse(lines[lines.length - 1]) : null;
  if (run.status !== 0 || last === null) {
    throw new Error(
      `rnn-studio ${args.join(' ')} failed (${run.status}): ${run.stderr.slice(-2000)}`,
    );
  }
  return { last, lines, stderr: run.stderr, minutes: (Date.now() - started) / 60000 };
}

function evaluate(model) {
  return cli(['eval', '--model', model, '--data', join(out, 'test.tsv')]).last;
}

mkdirSync(out, { recursive: true });
const sizes = writeSplits();
console.log(JSON.stringify({ type: 'splits', ...sizes }));
const lm = join(out, 'lm.rnnmodel');
if (!(process.argv.includes('--skip-lm') && existsSync(lm))) {
  const r = cli([
    'train',
    '--task',
    'generate',
    '--data',
    join(out, 'unlabeled.txt'),
    '--out',
    lm,
    '--tokenizer',
    'char',
    ...TRUNK,
    '--epochs',
    '50',
    '--max-minutes',
    lmMinutes,
    '--batch-size',
    '32',
    '--lr',
    '0.003',
    '--val-split',
    '0.05',
    '--test-split',
    '0.05',
  ]);
  console.log(JSON.stringify({ ...r.last, type: 'lm', minutes: r.minutes }));
}
const results = [];
for (const seed of seeds) {
  const common = [
    '--task',
    'classify',
    '--data',
    join(out, 'labeled.tsv'),
    '--text-col',
    'document',
    '--label-col',
    'label',
    '--epochs',
    clfEpochs,
    '--max-minutes',
    clfMinutes,
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
  ];
  const fine = join(out, `finetuned-${seed}.rnnmodel`);
  const f = cli(['train', ...common, '--init-from', lm, '--out', fine]);
  const scratch = join(out, `scratch-${seed}.rnnmodel`);
  const s = cli([
    'train',
    ...common,
    ...TRUNK,
    '--no-bidirectional',
    '--tokenizer',
    'char',
    '--out',
    scratch,
  ]);
  const row = {
    type: 'seed',
    seed,
    finetuned: evaluate(fine),
    scratch: evaluate(scratch),
    minutes: { finetuned: f.minutes, scratch: s.minutes },
    transfer: f.lines.map((l) => JSON.parse(l)).find((e) => e.type === 'training-log')?.message,
  };
  results.push(row);
  console.log(JSON.stringify(row));
}
const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
const acc = (r, k) => r[k].metrics?.accuracy ?? r[k].model?.accuracy;
console.log(
  JSON.stringify({
    type: 'summary',
    seeds: results.map((r) => r.seed),
    finetuned: mean(results.map((r) => acc(r, 'finetuned'))),
    scratch: mean(results.map((r) => acc(r, 'scratch'))),
  }),
);
