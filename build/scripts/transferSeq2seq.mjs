/**
 * Pre-train → fine-tune for seq2seq's encoder on Tatoeba ko→en, end to end: splits
 * ../shared/data/tatoeba-kor-eng/kor.txt into a fixed test set, a few labeled pairs and the rest,
 * whose Korean sides (with the labeled pairs' Korean sides: the source text the analyst has) are
 * the unlabeled text; pre-trains a character LM on it; then per seed trains the seq2seq model
 * `--init-from` it (ULMFiT's schedule, the product's default) and the same model from scratch with
 * the same budget, and scores both on the test set (BLEU, beam 4).
 *
 *   node build/scripts/transferSeq2seq.mjs [--out DIR] [--seeds 0,1,2] [--labeled 800]
 *     [--lm-minutes 6] [--s2s-minutes 4] [--s2s-epochs 30] [--skip-lm]
 *
 * Prints one JSON line per run and a summary; everything is written under --out (default
 * /tmp/rnn-transfer-seq2seq).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
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

const source = resolve(root, '../shared/data/tatoeba-kor-eng/kor.txt');

const out = option('out', '/tmp/rnn-transfer-seq2seq');
const seeds = option('seeds', '0,1,2').split(',').map(Number);
const labeledCount = Number(option('labeled', '800'));
const lmMinutes = option('lm-minutes', '6');
const s2sMinutes = option('s2s-minutes', '4');
const s2sEpochs = option('s2s-epochs', '30');
const TEST = 400;

/** Writes test.tsv and labeled.tsv (en, ko) and unlabeled.txt (every Korean side but the test set's). */
function writeSplits() {
  const rows = readFileSync(source, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => l.split('\t').slice(0, 2));
  const order = shuffled(rows, 20);
  const test = order.slice(0, TEST);
  const labeled = order.slice(TEST, TEST + labeledCount);
  const unlabeled = order.slice(TEST).map((r) => r[1]);
  const tsv = (part) => `en\tko\n${part.map((r) => r.join('\t')).join('\n')}\n`;
  writeFileSync(join(out, 'test.tsv'), tsv(test));
  writeFileSync(join(out, 'labeled.tsv'), tsv(labeled));
  writeFileSync(join(out, 'unlabeled.txt'), `${unlabeled.join('\n')}\n`);
  return { test: test.length, labeled: labeled.length, unlabeled: unlabeled.length };
}

function evaluate(model) {
  return cli(['eval', '--model', model, '--data', join(out, 'test.tsv')]).last;
}

mkdirSync(out, { recursive: true });
console.log(JSON.stringify({ type: 'splits', ...writeSplits() }));
const lm = join(out, 'lm.rnnmodel');
if (!(process.argv.includes('--skip-lm') && existsSync(lm))) {
  pretrainLm({
    unlabeled: join(out, 'unlabeled.txt'),
    lm,
    lmName: 'lm.rnnmodel',
    epochs: 50,
    minutes: lmMinutes,
    extra: [],
  });
}
const results = [];
for (const seed of seeds) {
  // The target side as English BPE subwords, as the tatoeba-ko-en recipe reads it; the Korean
  // source is read as syllables in both arms (the LM's tokenizer, and seq2seq's rule for Korean).
  const common = [
    '--task',
    'seq2seq',
    '--data',
    join(out, 'labeled.tsv'),
    '--source-col',
    'ko',
    '--target-col',
    'en',
    '--tokenizer',
    'bpe',
    '--epochs',
    s2sEpochs,
    '--max-minutes',
    s2sMinutes,
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
    '--batch-size',
    '32',
  ];
  const fine = join(out, `finetuned-${seed}.rnnmodel`);
  const f = cli(['train', ...common, '--init-from', lm, '--out', fine]);
  const scratch = join(out, `scratch-${seed}.rnnmodel`);
  const s = cli(['train', ...common, ...TRUNK, '--no-bidirectional', '--out', scratch]);
  const row = {
    type: 'seed',
    seed,
    finetuned: evaluate(fine),
    scratch: evaluate(scratch),
    minutes: { finetuned: f.minutes, scratch: s.minutes },
    epochs: { finetuned: epochsOf(f), scratch: epochsOf(s) },
    log: firstLog(f),
  };
  results.push(row);
  console.log(JSON.stringify(row));
}
const bleu = (r, k) => r[k]?.metrics?.bleu ?? r[k]?.model?.bleu;
console.log(
  JSON.stringify({
    type: 'summary',
    seeds: results.map((r) => r.seed),
    finetuned: mean(results.map((r) => bleu(r, 'finetuned'))),
    scratch: mean(results.map((r) => bleu(r, 'scratch'))),
  }),
);
