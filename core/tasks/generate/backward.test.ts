/** Tests of a backward language model (`model.direction: 'backward'`): it shares its forward twin's vocabulary, reads every text right to left in training, evaluation and prediction, and a predicted text ends with the prompt. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { smallRecurrent, trainedTask } from '../../../test/support/taskTesting.ts';
import { classifyTask } from '../classify/index.ts';
import { presetSpec } from '../presets.ts';
import type { RunSpec } from '../spec.ts';
import type { GeneratePrediction } from '../task.ts';
import { generateTask } from './index.ts';

const nsmc = join(import.meta.dirname, '..', '..', '..', '..', 'shared', 'data', 'nsmc-sample');
const lines = readFileSync(join(nsmc, 'nsmc_sample_10k.txt'), 'utf8').split('\n');

/** The header and rows `from`…`to`, with each review's text reversed when `reversed`. */
function reviews(from: number, to: number, reversed = false): Uint8Array {
  const rows = lines.slice(from, to).map((line) => {
    const [id, text = '', label] = line.split('\t');
    return [id, reversed ? Array.from(text).reverse().join('') : text, label].join('\t');
  });
  return new TextEncoder().encode(`${[lines[0], ...rows].join('\n')}\n`);
}

function lmSpec(direction?: 'forward' | 'backward'): RunSpec {
  const spec = presetSpec('generate');
  spec.data = { textColumn: 'document', tokenizer: 'char', minFreq: 2, maxLength: 40 };
  spec.model = {
    embeddingDim: 16,
    recurrent: smallRecurrent({ hiddenSize: 24 }),
    headDropout: 0,
    ...(direction === undefined ? {} : { direction }),
  };
  spec.train = { ...spec.train, batchSize: 32, lr: 0.01, valSplit: 0.1, testSplit: 0.1 };
  return spec;
}

const train = (spec: RunSpec) =>
  trainedTask(generateTask, { spec, fileName: 'reviews.tsv', bytes: reviews(1, 600), steps: 15 });

describe('a backward language model', () => {
  it('has the vocabulary of the forward model of the same text, and another bigram baseline', async () => {
    const forward = await train(lmSpec());
    const backward = await train(lmSpec('backward'));
    const f = forward.state as unknown as { vocab: string[]; bigram: { pairs: number[] } };
    const b = backward.state as unknown as { vocab: string[]; bigram: { pairs: number[] } };
    expect(b.vocab).toEqual(f.vocab);
    expect(b.bigram.pairs).not.toEqual(f.bigram.pairs);
  }, 60_000);

  it('scores a file as the same weights read forward score the file with every text reversed', async () => {
    const backward = await train(lmSpec('backward'));
    const restore = (spec: RunSpec) =>
      generateTask.restore({
        spec,
        state: JSON.parse(JSON.stringify(backward.state)),
        weights: backward.model.stateDict(),
      });
    const asBackward = await restore(lmSpec('backward')).evaluateFile({
      fileName: 'test.tsv',
      bytes: reviews(700, 800),
    });
    const asForward = await restore(lmSpec('forward')).evaluateFile({
      fileName: 'test-reversed.tsv',
      bytes: reviews(700, 800, true),
    });
    expect(asBackward.model.metrics).toEqual(asForward.model.metrics);
    const unreversed = await restore(lmSpec('forward')).evaluateFile({
      fileName: 'test.tsv',
      bytes: reviews(700, 800),
    });
    expect(unreversed.model.metrics.loss).not.toBe(asBackward.model.metrics.loss);
  }, 60_000);

  it('writes the text before the prompt: what the forward reading of the reversed prompt writes, reversed', async () => {
    const backward = await train(lmSpec('backward'));
    const restore = (spec: RunSpec) =>
      generateTask.restore({ spec, state: backward.state, weights: backward.model.stateDict() });
    const decode = { seed: 4, maxTokens: 12, temperature: 0.9 };
    const ours = restore(lmSpec('backward')).predict({
      text: '영화 최고',
      decode,
    }) as GeneratePrediction;
    const theirs = restore(lmSpec('forward')).predict({
      text: '고최 화영',
      decode,
    }) as GeneratePrediction;
    expect(ours.generated).toEqual([...theirs.generated].reverse());
    expect(ours.text).toBe(`${[...theirs.generated].reverse().join('')}영화 최고`);
    expect(ours.text.endsWith('영화 최고')).toBe(true);
  }, 60_000);

  it('is a language model setting: a classifier refuses it', () => {
    const spec = presetSpec('classify');
    spec.model.direction = 'backward';
    expect(() => classifyTask.checkSpec(spec)).toThrow(
      "classify: spec.model.direction must be left out (only a language model reads its text in a chosen direction), got 'backward'.",
    );
  });
});
