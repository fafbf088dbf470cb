/**
 * Pre-train → tagger on KLUE-NER with 20 % of the labels: splits ../shared/data/klue-ner (Python's
 * random.Random(20), as docs/results.md shows) into 400 test sentences, 320 labeled training
 * sentences and the text of all 1,600 training sentences as unlabeled data; pre-trains a character
 * LM on that text (and, for the `bilm` arm, a backward character LM on the same text with the same
 * budget, `--direction backward`); then per seed trains a tagger `--init-from` the LM (arm
 * `transfer`), one `--init-from` it `--init-from-backward` the backward LM (arm `bilm`) and the same
 * tagger from scratch (arm `scratch`: the klue-ner recipe with the LM's trunk, 15 epochs, the
 * transfer arms' fresh trunk); scores each with `rnn-studio eval`.
 *
 *   node build/scripts/transferKlueNer.mjs [--out DIR] [--seeds 0,1] [--lm-minutes 6] [--skip-lm]
 *     [--lm NAME] [--backward-lm NAME] [--lm-args "…"] [--transfer fine-tune|features]
 *     [--arms transfer,bilm,scratch]
 *
 * One JSON line per run and a summary; everything is written under --out (default
 * /tmp/rnn-transfer-klue).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  cli,
  epochsOf,
  firstLog,
  mean,
  option,
  pretrainLm,
  root,
  LM_TRUNK as TRUNK,
} from './transferCli.mjs';

const out = option('out', '/tmp/rnn-transfer-klue');
const seeds = option('seeds', '0,1').split(',').map(Number);
const lmMinutes = option('lm-minutes', '6');
const lmName = option('lm', 'lm.rnnmodel');
const backwardName = option('backward-lm', 'lm-backward.rnnmodel');
const lmArgs = option('lm-args', '')
  .split(' ')
  .filter((a) => a !== '');
const transfer = option('transfer', undefined);
const arms = option('arms', 'transfer,bilm,scratch').split(',');

/** The split of docs/results.md, in Python so that random.Random(20) shuffles as documented. */
const SPLIT = `
import random, sys
src, out = sys.argv[1], sys.argv[2]
lines = open(src, encoding='utf8').read().split('\\n')
header, body = lines[:5], '\\n'.join(lines[5:]).strip('\\n')
sents = [s for s in body.split('\\n\\n') if s.strip()]
random.Random(20).shuffle(sents)
test, train = sents[:400], sents[400:]
text = lambda s: ''.join(l.split('\\t')[0] for l in s.split('\\n') if not l.startswith('##') and '\\t' in l)
open(out + '/test.tsv', 'w').write('\\n'.join(header) + '\\n' + '\\n\\n'.join(test) + '\\n')
open(out + '/labeled.tsv', 'w').write('\\n'.join(header) + '\\n' + '\\n\\n'.join(train[:320]) + '\\n')
open(out + '/unlabeled.txt', 'w').write('\\n'.join(text(s) for s in train) + '\\n')
`;

mkdirSync(out, { recursive: true });
const source = resolve(root, '../shared/data/klue-ner/klue-ner-v1.1_dev.first2000.tsv');
const split = spawnSync('python3', ['-c', SPLIT, source, out], { encoding: 'utf8' });
if (split.status !== 0) throw new Error(`the split failed: ${split.stderr}`);
const lm = join(out, lmName);
const backwardLm = join(out, backwardName);
const pretrain = (path, name, extra) => {
  if (process.argv.includes('--skip-lm') && existsSync(path)) return;
  pretrainLm({
    unlabeled: join(out, 'unlabeled.txt'),
    lm: path,
    lmName: name,
    epochs: 30,
    minutes: lmMinutes,
    extra: [...lmArgs, ...extra],
  });
};
pretrain(lm, lmName, []);
if (arms.includes('bilm')) pretrain(backwardLm, backwardName, ['--direction', 'backward']);
const f1 = (result) => result.metrics?.f1 ?? result.metrics?.entityF1;
const results = [];
for (const seed of seeds) {
  const common = [
    'train',
    '--recipe',
    'klue-ner',
    '--data',
    join(out, 'labeled.tsv'),
    ...TRUNK,
    '--no-bidirectional',
    '--epochs',
    '15',
    '--patience',
    '0',
    '--max-minutes',
    '0',
    '--val-split',
    '0.1',
    '--test-split',
    '0',
    '--seed',
    String(seed),
  ];
  const row = { type: 'seed', seed, lm: lmName, transfer: transfer ?? 'default' };
  const score = (model) => cli(['eval', '--model', model, '--data', join(out, 'test.tsv')]).last;
  if (arms.includes('transfer')) {
    const tag = `${lmName.replace(/\.rnnmodel$/, '')}-${transfer ?? 'default'}`;
    const model = join(out, `tagger-${tag}-${seed}.rnnmodel`);
    const modeArgs = transfer === undefined ? [] : ['--transfer', transfer];
    const run = cli([...common, '--init-from', lm, ...modeArgs, '--out', model]);
    row.finetuned = score(model);
    row.finetunedMinutes = run.minutes;
    row.finetunedEpochs = epochsOf(run);
    row.log = firstLog(run);
  }
  if (arms.includes('bilm')) {
    const tag = `${lmName.replace(/\.rnnmodel$/, '')}+${backwardName.replace(/\.rnnmodel$/, '')}`;
    const model = join(out, `tagger-${tag}-${seed}.rnnmodel`);
    const args = ['--init-from', lm, '--init-from-backward', backwardLm, '--transfer', 'features'];
    const run = cli([...common, ...args, '--out', model]);
    row.bilm = score(model);
    row.bilmMinutes = run.minutes;
    row.bilmEpochs = epochsOf(run);
    row.bilmLog = firstLog(run);
  }
  if (arms.includes('scratch')) {
    const model = join(out, `tagger-scratch-${seed}.rnnmodel`);
    const run = cli([...common, '--out', model]);
    row.scratch = score(model);
    row.scratchMinutes = run.minutes;
  }
  results.push(row);
  console.log(JSON.stringify(row));
}
console.log(
  JSON.stringify({
    type: 'summary',
    seeds,
    finetuned: arms.includes('transfer') ? mean(results.map((r) => f1(r.finetuned))) : null,
    bilm: arms.includes('bilm') ? mean(results.map((r) => f1(r.bilm))) : null,
    scratch: arms.includes('scratch') ? mean(results.map((r) => f1(r.scratch))) : null,
  }),
);
