/** Tests of the generate task on Tatoeba's English sentences: a character LM beats the bigram baseline's perplexity; seeded sampling, greedy decoding, restore, and the bidirectional refusal. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { smallRecurrent, trainedTask } from '../../../test/support/taskTesting.ts';
import { buildVocab } from '../../data/vocab.ts';
import { presetSpec } from '../presets.ts';
import type { RunSpec } from '../spec.ts';
import type { GeneratePrediction, PreparedTask } from '../task.ts';
import { generateTask, textsIn, toSequences } from './index.ts';

const tatoeba = join(
  import.meta.dirname,
  '..',
  '..',
  '..',
  '..',
  'shared',
  'data',
  'tatoeba-kor-eng',
  'kor.txt',
);

function firstLines(count: number): Uint8Array {
  const lines = readFileSync(tatoeba, 'utf8').split('\n');
  return new TextEncoder().encode(`${lines.slice(0, count).join('\n')}\n`);
}

function smallSpec(): RunSpec {
  const spec = presetSpec('generate');
  spec.data = {
    textColumn: 'column 1',
    tokenizer: 'char',
    minFreq: 1,
    maxVocab: 200,
    maxLength: 40,
  };
  spec.model = {
    embeddingDim: 24,
    recurrent: smallRecurrent({ hiddenSize: 48 }),
    headDropout: 0,
  };
  spec.train = { ...spec.train, batchSize: 32, lr: 0.01, valSplit: 0.1, testSplit: 0.2 };
  return spec;
}

function trained(steps: number, spec = smallSpec()): Promise<PreparedTask> {
  return trainedTask(generateTask, { spec, fileName: 'kor.txt', bytes: firstLines(2000), steps });
}

describe('generate task', () => {
  it('clearly beats the bigram baseline perplexity on held-out sentences', async () => {
    const task = await trained(200);
    const model = task.evaluate('test');
    const baseline = task.baseline('test');
    expect(task.primaryMetric).toEqual({ name: 'perplexity', higherIsBetter: false });
    expect(baseline.metrics.perplexity).toBeGreaterThan(9);
    expect(model.metrics.perplexity).toBeLessThan((baseline.metrics.perplexity as number) * 0.75);
    expect(model.metrics.perplexity).toBeCloseTo(Math.exp(model.metrics.loss as number), 6);
  }, 60_000);

  it('samples the same text for the same seed, and greedy decoding ignores the seed', async () => {
    const task = await trained(20);
    const p = task.predictor();
    const sample = (seed: number) =>
      p.predict({
        text: 'I ',
        decode: { seed, temperature: 0.8, topK: 5, maxTokens: 30 },
      }) as GeneratePrediction;
    expect(sample(3)).toEqual(sample(3));
    expect(sample(3).text.startsWith('I ')).toBe(true);
    expect(sample(3).generated.length).toBeLessThanOrEqual(30);
    const greedy = (seed: number) =>
      p.predict({ text: 'I ', decode: { greedy: true, seed, maxTokens: 20 } });
    expect(greedy(1)).toEqual(greedy(2));
  }, 30_000);

  it('gives identical metrics for the same seed', async () => {
    expect((await trained(8)).evaluate('val').metrics).toEqual(
      (await trained(8)).evaluate('val').metrics,
    );
  }, 30_000);

  it('restores from state and weights and generates the same text; evaluates a file', async () => {
    const spec = smallSpec();
    const task = await trained(10, spec);
    const restored = generateTask.restore({
      spec,
      state: JSON.parse(JSON.stringify(task.state)),
      weights: task.model.stateDict(),
    });
    const input = { text: 'Tom', decode: { seed: 7, maxTokens: 25 } };
    expect(restored.predict(input)).toEqual(task.predictor().predict(input));
    const { model, baseline } = await restored.evaluateFile({
      fileName: 'kor.txt',
      bytes: firstLines(100),
    });
    expect(model.examples).toBe(100);
    expect(baseline.metrics.perplexity).toBeGreaterThan(1);
  }, 30_000);

  it('counts texts, not chunks of maxLength, as its evaluation examples', () => {
    const vocab = buildVocab([['a', 'b', 'c']], { minFreq: 1 });
    const long = Array.from({ length: 10 }, () => 'a');
    const sequences = toSequences([long, ['b', 'c'], [], ['c']], vocab, 4);
    expect(sequences.length).toBe(5);
    expect(textsIn(sequences)).toBe(3);
  });

  it('refuses a bidirectional model and says why', () => {
    const spec = smallSpec();
    spec.model.recurrent.bidirectional = true;
    expect(() => generateTask.checkSpec(spec)).toThrow(
      'generate: model.recurrent.bidirectional must be false, got true. Generation is auto-regressive: each token is predicted from the ones before it, so the model must not see the future.',
    );
  });

  it('refuses a non-positive temperature', async () => {
    const task = await trained(1);
    expect(() => task.predictor().predict({ text: 'a', decode: { temperature: -1 } })).toThrow(
      'generate: temperature must be a number > 0, got -1.',
    );
  });
});
