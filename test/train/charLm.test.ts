/** Trains a 2-layer unidirectional LSTM character language model on Tatoeba sentences and checks the loss falls, reproducibly. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Embedding } from '../../core/nn/embedding.ts';
import { Linear } from '../../core/nn/linear.ts';
import { crossEntropy } from '../../core/nn/losses.ts';
import { Module } from '../../core/nn/module.ts';
import { LSTM } from '../../core/nn/rnn.ts';
import { Adam } from '../../core/optim/adam.ts';
import { Random } from '../../core/random.ts';
import { backward } from '../../core/tensor/autograd.ts';
import type { Tensor } from '../../core/tensor/tensor.ts';
import { expectSteadyDecrease } from './steady.ts';

const dataDir = join(import.meta.dirname, '..', '..', '..', 'shared', 'data');

/** About 4 KB of English sentences (the first column of kor.txt), one per line. */
function loadText(): string {
  const lines = readFileSync(join(dataDir, 'tatoeba-kor-eng', 'kor.txt'), 'utf8').split('\n');
  let text = '';
  for (const line of lines.slice(2000)) {
    if (text.length > 4000) break;
    text += `${line.split('\t')[0]}\n`;
  }
  return text;
}

function unigramEntropy(text: string): number {
  const counts = new Map<string, number>();
  for (const c of text) counts.set(c, (counts.get(c) ?? 0) + 1);
  let h = 0;
  for (const n of counts.values()) h -= (n / text.length) * Math.log(n / text.length);
  return h;
}

class CharLm extends Module {
  readonly typeName = 'CharLm';
  readonly embed: Embedding;
  readonly lstm: LSTM;
  readonly head: Linear;
  constructor(vocab: number, random: Random) {
    super();
    this.embed = this.registerModule('embed', new Embedding(vocab, 16, { random }));
    this.lstm = this.registerModule(
      'lstm',
      new LSTM({ inputSize: 16, hiddenSize: 48, numLayers: 2, batchFirst: true, random }),
    );
    this.head = this.registerModule('head', new Linear(48, vocab, { random }));
  }

  /** ids [N, L] → logits [N, L, vocab]. */
  forward(ids: Int32Array, shape: [number, number]): Tensor {
    const [out] = this.lstm.forward(this.embed.forward(ids, shape));
    return this.head.forward(out);
  }
}

function train(seed: number, steps: number): number[] {
  const text = loadText();
  const chars = [...new Set(text)].sort();
  const index = new Map(chars.map((c, i) => [c, i]));
  const ids = Int32Array.from(text, (c) => index.get(c) as number);
  const random = new Random(seed);
  const model = new CharLm(chars.length, random);
  const optimizer = new Adam(model.parameters(), { lr: 0.02 });
  const [N, L] = [16, 32];
  const losses: number[] = [];
  for (let step = 0; step < steps; step++) {
    const inputs = new Int32Array(N * L);
    const targets = new Int32Array(N * L);
    for (let b = 0; b < N; b++) {
      const start = random.int(ids.length - L - 1);
      inputs.set(ids.subarray(start, start + L), b * L);
      // Next-character targets: the model only ever sees positions ≤ t (unidirectional).
      targets.set(ids.subarray(start + 1, start + L + 1), b * L);
    }
    const loss = crossEntropy(model.forward(inputs, [N, L]), targets);
    optimizer.zeroGrad();
    backward(loss);
    optimizer.step();
    losses.push(loss.item());
  }
  return losses;
}

describe('character language model (2-layer LSTM, Tatoeba English)', () => {
  it('lowers its loss steadily over 40 steps and repeats bit for bit with the same seed', () => {
    const first = train(1, 40);
    expectSteadyDecrease(first, { window: 10, ratio: 0.85 });
    // The last steps beat the best context-free model: the text's unigram entropy (nats/char).
    const lastMean = first.slice(-10).reduce((a, b) => a + b, 0) / 10;
    expect(lastMean).toBeLessThan(unigramEntropy(loadText()));
    const second = train(1, 40);
    expect(second).toEqual(first);
  });
});
