/**
 * Pre-train → fine-tune on NSMC, end to end: splits ../shared/data/nsmc-sample into a fixed test
 * set, 1,000 labeled training reviews and the rest as unlabeled text; pre-trains a language model
 * (characters unless --tokenizer says) on the unlabeled text (and, for the `bilm` arm, a backward
 * LM, `--direction backward`, on the same text with the same budget); then per seed trains a classifier `--init-from` it (arm
 * `transfer`: the product's default transfer unless --transfer says), one `--init-from` it
 * `--init-from-backward` the backward LM as features (arm `bilm`), and the same classifier from
 * scratch (arm `scratch`) with the same budget; scores each on the test set.
 *
 *   node build/scripts/transferNsmc.mjs [--out DIR] [--seeds 0,1,2] [--lm-minutes 6]
 *     [--clf-minutes 2] [--clf-epochs 20] [--skip-lm] [--lm NAME] [--backward-lm NAME]
 *     [--lm-args "…"] [--transfer fine-tune|features] [--arms transfer,bilm,scratch]
 *     [--tokenizer char|word|bpe] [--lm-data unlabeled|train] [--lm-epochs 50] [--trunk-args "…"]
 *     [--clf-args "…"]
 *
 * --tokenizer char|word|bpe (default char) is the LM's and so the fine-tuned classifier's, and the
 * from-scratch classifier's; --lm-data train has the LM read the labeled reviews' text too (file
 * train-text.txt; default unlabeled: unlabeled.txt only); --lm-epochs (default 50) caps its epochs;
 * --trunk-args (e.g. "--hidden 256") changes the LM's and the from-scratch classifier's trunk alike,
 * --clf-args adds options to every classifier run (e.g. "--head-dropout 0.5").
 *
 * --lm names the LM file in --out (default lm.rnnmodel; reused with --skip-lm), --lm-args adds
 * options to its training (e.g. "--weight-drop 0.5 --input-dropout 0.1"), --arms picks the runs.
 *
 * Prints one JSON line per run and a summary; everything is written under --out (default
 * /tmp/rnn-transfer-nsmc).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  bestVal,
  cli,
  epochsOf,
  firstLog,
  mean,
  option,
  pretrainLm,
  root,
  shuffled,
  LM_TRUNK as TRUNK,
} from './transferCli.mjs';

const source = resolve(root, '../shared/data/nsmc-sample/nsmc_sample_10k.txt');

if (process.argv.includes('--help')) {
  // The usage is this file's opening comment; without --help every option has a default and the
  // script starts training.
  const header = readFileSync(new URL(import.meta.url), 'utf8').split('*/')[0];
  console.log(header.replace(/^\/\*\*\n?|^ \* ?/gm, ''));
  process.exit(0);
}

const out = option('out', '/tmp/rnn-transfer-nsmc');
const seeds = option('seeds', '0,1,2').split(',').map(Number);
const lmMinutes = option('lm-minutes', '6');
const clfMinutes = option('clf-minutes', '2');
const clfEpochs = option('clf-epochs', '20');
const lmName = option('lm', 'lm.rnnmodel');
const backwardName = option('backward-lm', 'lm-backward.rnnmodel');
const lmArgs = option('lm-args', '')
  .split(' ')
  .filter((a) => a !== '');
const transfer = option('transfer', undefined);
const arms = option('arms', 'transfer,bilm,scratch').split(',');
const tokenizer = option('tokenizer', 'char');
const lmEpochs = option('lm-epochs', '50');
const lmData = option('lm-data', 'unlabeled');
const words = (text) => text.split(' ').filter((a) => a !== '');
const clfArgs = words(option('clf-args', ''));
const trunkArgs = words(option('trunk-args', ''));
const TEST = 2000;
const LABELED = 1000;

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
  // The LM may also read the labeled reviews' text (never the test reviews'): all training text.
  const trainText = [...unlabeled, ...labeled.map((r) => r.split('\t')[1])];
  writeFileSync(join(out, 'train-text.txt'), `${trainText.join('\n')}\n`);
  return { test: test.length, labeled: labeled.length, unlabeled: unlabeled.length };
}

function evaluate(model) {
  return cli(['eval', '--model', model, '--data', join(out, 'test.tsv')]).last;
}

mkdirSync(out, { recursive: true });
const sizes = writeSplits();
console.log(JSON.stringify({ type: 'splits', ...sizes }));
const lm = join(out, lmName);
const backwardLm = join(out, backwardName);
const pretrain = (path, name, extra) => {
  if (process.argv.includes('--skip-lm') && existsSync(path)) return;
  pretrainLm({
    unlabeled: join(out, lmData === 'train' ? 'train-text.txt' : 'unlabeled.txt'),
    lm: path,
    lmName: name,
    tokenizer,
    epochs: lmEpochs,
    minutes: lmMinutes,
    extra: [...trunkArgs, ...lmArgs, ...extra],
  });
};
if (arms.includes('transfer') || arms.includes('bilm')) pretrain(lm, lmName, []);
if (arms.includes('bilm')) pretrain(backwardLm, backwardName, ['--direction', 'backward']);
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
  const row = {
    type: 'seed',
    seed,
    tokenizer,
    lm: lmName,
    transfer: transfer ?? 'default',
    minutes: {},
    val: {},
  };
  if (arms.includes('transfer')) {
    const tag = `${lmName.replace(/\.rnnmodel$/, '')}-${transfer ?? 'default'}`;
    const fine = join(out, `finetuned-${tag}-${seed}.rnnmodel`);
    const modeArgs = transfer === undefined ? [] : ['--transfer', transfer];
    const f = cli(['train', ...common, '--init-from', lm, ...modeArgs, ...clfArgs, '--out', fine]);
    row.finetuned = evaluate(fine);
    row.minutes.finetuned = f.minutes;
    row.val.finetuned = bestVal(f);
    row.epochs = { finetuned: epochsOf(f) };
    row.log = firstLog(f);
  }
  if (arms.includes('bilm')) {
    const tag = `${lmName.replace(/\.rnnmodel$/, '')}+${backwardName.replace(/\.rnnmodel$/, '')}`;
    const model = join(out, `bilm-${tag}-${seed}.rnnmodel`);
    const args = ['--init-from', lm, '--init-from-backward', backwardLm, '--transfer', 'features'];
    const b = cli(['train', ...common, ...args, '--out', model]);
    row.bilm = evaluate(model);
    row.minutes.bilm = b.minutes;
    row.val.bilm = bestVal(b);
    row.epochs = { ...row.epochs, bilm: epochsOf(b) };
    row.bilmLog = firstLog(b);
  }
  if (arms.includes('scratch')) {
    const scratch = join(out, `scratch-${tokenizer}-${seed}.rnnmodel`);
    const s = cli([
      'train',
      ...common,
      ...TRUNK,
      ...trunkArgs,
      ...clfArgs,
      '--no-bidirectional',
      '--tokenizer',
      tokenizer,
      '--out',
      scratch,
    ]);
    row.scratch = evaluate(scratch);
    row.minutes.scratch = s.minutes;
    row.val.scratch = bestVal(s);
    row.epochs = { ...row.epochs, scratch: epochsOf(s) };
  }
  results.push(row);
  console.log(JSON.stringify(row));
}
const acc = (r, k) => r[k]?.metrics?.accuracy ?? r[k]?.model?.accuracy;
console.log(
  JSON.stringify({
    type: 'summary',
    seeds: results.map((r) => r.seed),
    finetuned: arms.includes('transfer') ? mean(results.map((r) => acc(r, 'finetuned'))) : null,
    bilm: arms.includes('bilm') ? mean(results.map((r) => acc(r, 'bilm'))) : null,
    scratch: arms.includes('scratch') ? mean(results.map((r) => acc(r, 'scratch'))) : null,
    val: Object.fromEntries(
      ['finetuned', 'bilm', 'scratch']
        .filter((k) => results.some((r) => r.val[k] !== undefined))
        .map((k) => [k, mean(results.map((r) => r.val[k]?.accuracy))]),
    ),
  }),
);
