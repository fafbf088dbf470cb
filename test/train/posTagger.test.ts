/** Trains a bidirectional GRU part-of-speech tagger on UD English-EWT sentences and checks the loss falls, reproducibly. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Embedding } from '../../core/nn/embedding.ts';
import { Linear } from '../../core/nn/linear.ts';
import { crossEntropy } from '../../core/nn/losses.ts';
import { Module } from '../../core/nn/module.ts';
import { GRU } from '../../core/nn/rnn.ts';
import { Adam } from '../../core/optim/adam.ts';
import { Random } from '../../core/random.ts';
import { backward } from '../../core/tensor/autograd.ts';
import type { Tensor } from '../../core/tensor/tensor.ts';
import { expectSteadyDecrease } from './steady.ts';

const dataDir = join(import.meta.dirname, '..', '..', '..', 'shared', 'data');
const UPOS = [
  'ADJ',
  'ADP',
  'ADV',
  'AUX',
  'CCONJ',
  'DET',
  'INTJ',
  'NOUN',
  'NUM',
  'PART',
  'PRON',
  'PROPN',
  'PUNCT',
  'SCONJ',
  'SYM',
  'VERB',
  'X',
];
const PAD = 0;
const UNK = 1;
const IGNORE = -100;

interface Sentence {
  words: string[];
  tags: number[];
}

/**
 * A minimal CoNLL-U reader for this test (the product's importer lives in core/data): word lines
 * only, skipping comments, multi-word ranges (1-2) and empty nodes (1.1).
 */
function readConllu(text: string, limit: number): Sentence[] {
  const sentences: Sentence[] = [];
  let current: Sentence = { words: [], tags: [] };
  for (const line of text.split('\n')) {
    if (line.trim() === '') {
      if (current.words.length > 0) sentences.push(current);
      current = { words: [], tags: [] };
      if (sentences.length === limit) break;
      continue;
    }
    if (line.startsWith('#')) continue;
    const cols = line.split('\t');
    if (cols[0].includes('-') || cols[0].includes('.')) continue;
    current.words.push(cols[1].toLowerCase());
    current.tags.push(UPOS.indexOf(cols[3]));
  }
  return sentences;
}

class Tagger extends Module {
  readonly typeName = 'Tagger';
  readonly embed: Embedding;
  readonly gru: GRU;
  readonly head: Linear;
  constructor(vocab: number, random: Random) {
    super();
    this.embed = this.registerModule(
      'embed',
      new Embedding(vocab, 24, { paddingIdx: PAD, random }),
    );
    this.gru = this.registerModule(
      'gru',
      new GRU({ inputSize: 24, hiddenSize: 32, bidirectional: true, batchFirst: true, random }),
    );
    this.head = this.registerModule('head', new Linear(64, UPOS.length, { random }));
  }

  /** ids [N, L] (padded) with per-sentence lengths → logits [N, L, 17]. */
  forward(ids: Int32Array, shape: [number, number], lengths: number[]): Tensor {
    const [out] = this.gru.forward(this.embed.forward(ids, shape), null, { lengths });
    return this.head.forward(out);
  }
}

function train(seed: number, steps: number): number[] {
  const text = readFileSync(join(dataDir, 'ud-english-ewt', 'en_ewt-ud-dev.conllu'), 'utf8');
  const sentences = readConllu(text, 300).map((s) => ({
    words: s.words.slice(0, 30),
    tags: s.tags.slice(0, 30),
  }));
  expect(sentences.every((s) => s.tags.every((t) => t >= 0))).toBe(true);
  const vocab = new Map<string, number>();
  for (const s of sentences)
    for (const w of s.words) if (!vocab.has(w)) vocab.set(w, vocab.size + 2);
  const random = new Random(seed);
  const model = new Tagger(vocab.size + 2, random);
  const optimizer = new Adam(model.parameters(), { lr: 0.01 });
  const N = 16;
  const losses: number[] = [];
  for (let step = 0; step < steps; step++) {
    const batch = Array.from({ length: N }, () => sentences[random.int(sentences.length)]);
    const lengths = batch.map((s) => s.words.length);
    const L = Math.max(...lengths);
    const ids = new Int32Array(N * L).fill(PAD);
    const targets = new Int32Array(N * L).fill(IGNORE);
    batch.forEach((s, b) => {
      s.words.forEach((w, t) => {
        ids[b * L + t] = vocab.get(w) ?? UNK;
        targets[b * L + t] = s.tags[t];
      });
    });
    const loss = crossEntropy(model.forward(ids, [N, L], lengths), targets, {
      ignoreIndex: IGNORE,
    });
    optimizer.zeroGrad();
    backward(loss);
    optimizer.step();
    losses.push(loss.item());
  }
  return losses;
}

describe('part-of-speech tagger (bidirectional GRU, UD English-EWT)', () => {
  it('lowers its loss steadily over 40 steps and repeats bit for bit with the same seed', () => {
    const first = train(2, 40);
    expectSteadyDecrease(first, { window: 10, ratio: 0.6 });
    const second = train(2, 40);
    expect(second).toEqual(first);
  });
});
