/** The text classifier (both directions and one), the language model, the tagger (with and without its character encoder and dropout) and the forecaster on the array pool: their recurrent outputs go back to the pool once their one reader has run (the forecaster's, which nothing reads, at once), and steps and evaluations on reused arrays give the values fresh arrays give. */
import { afterEach, describe, expect, it } from 'vitest';
import { clearArrayPool, pooledAllocatedBytes } from '../../kernels/arrayPool.ts';
import { mse } from '../../nn/losses.ts';
import { Random } from '../../random.ts';
import { backward, noGrad } from '../../tensor/autograd.ts';
import { Tensor } from '../../tensor/tensor.ts';
import { ClassifierModel } from '../classify/model.ts';
import { ForecastModel } from '../forecast/model.ts';
import { LanguageModel } from '../generate/model.ts';
import { presetSpec } from '../presets.ts';
import type { ModelSpec } from '../spec.ts';
import { type TaggerInput, TaggerModel, wordChars } from '../tag/model.ts';
import { IGNORE_INDEX, type TimeMajorIds, timeMajor } from './batching.ts';
import type { PoolingMode } from './pooling.ts';

// 16 sequences of up to `longest` tokens (16 by default), GRU of 64 both ways: the outputs,
// 16 × 16 × 128 values, are pooled.
const batch = (seed: number, longest = 16): TimeMajorIds => {
  const random = new Random(seed);
  return timeMajor(
    Array.from({ length: 16 }, (_, n) =>
      Array.from({ length: n === 0 ? longest : 1 + random.int(longest) }, () => 2 + random.int(48)),
    ),
  );
};

function modelSpec(
  kind: 'classify' | 'tag' | 'generate',
  pooling?: PoolingMode,
  bidirectional = true,
): ModelSpec {
  // Without the tag preset's character encoder: word ids alone.
  const { charEncoder: _chars, ...model } = presetSpec(kind).model;
  return {
    ...model,
    embeddingDim: 16,
    recurrent: {
      ...model.recurrent,
      cell: 'gru',
      hiddenSize: 64,
      numLayers: 1,
      bidirectional,
    },
    ...(pooling === undefined ? {} : { pooling }),
    headDropout: 0,
  };
}

/** A model, its training loss on batch `seed` (as the task's training step computes it), and its outputs. */
interface Subject {
  model: ClassifierModel | TaggerModel | ForecastModel | LanguageModel;
  /** The loss on batch `seed`; a text model's batch has `longest` tokens in its longest text. */
  loss(seed: number, longest?: number): Tensor;
  logits(seed: number): Tensor;
}

function classifier(pooling: PoolingMode, bidirectional = true): Subject {
  const model = new ClassifierModel({
    vocabSize: 50,
    numClasses: 3,
    model: modelSpec('classify', pooling, bidirectional),
    random: new Random(3),
  });
  const targets = Int32Array.from({ length: 16 }, (_, n) => n % 3);
  return {
    model,
    loss: (seed, longest) => model.headLoss(model.pooled(batch(seed, longest)), targets),
    logits: (seed) => model.forward(batch(seed)),
  };
}

/** The language model (one direction, time-major): next-token loss and logits over the batch. */
function languageModel(): Subject {
  const model = new LanguageModel({
    vocabSize: 50,
    model: modelSpec('generate', undefined, false),
    random: new Random(3),
  });
  const targets = (input: TimeMajorIds) =>
    Int32Array.from({ length: input.steps * input.batch }, (_, i) =>
      i < input.steps * input.batch - input.batch ? 2 + (i % 48) : IGNORE_INDEX,
    );
  return {
    model,
    loss: (seed, longest) => {
      const input = batch(seed, longest);
      return model.nextTokenLoss(input, targets(input));
    },
    logits: (seed) => model.forward(batch(seed)),
  };
}

function tagger(): Subject {
  const model = new TaggerModel({
    vocabSize: 50,
    numTags: 5,
    model: modelSpec('tag'),
    random: new Random(3),
  });
  return taggerSubject(model, batch);
}

/** A tagger's subject over batches from `inputs`: one tag per token, none past a sentence's end (<pad>, id 0). */
function taggerSubject(
  model: TaggerModel,
  inputs: (seed: number, longest?: number) => TaggerInput,
): Subject {
  return {
    model,
    loss: (seed, longest) => {
      const input = inputs(seed, longest);
      return model.loss(
        input,
        Int32Array.from(input.ids, (id) => (id === 0 ? -100 : id % 5)),
        { ignoreIndex: -100 },
      );
    },
    logits: (seed) => model.forward(inputs(seed)),
  };
}

/** The tag preset's model as users train it: the character BiLSTM per word, input and head dropout. */
function taggerWithCharsAndDropout(): Subject {
  const preset = presetSpec('tag').model;
  const model = new TaggerModel({
    vocabSize: 50,
    numTags: 5,
    charVocabSize: 30,
    model: {
      ...modelSpec('tag'),
      charEncoder: preset.charEncoder,
      inputDropout: 0.3,
      headDropout: 0.3,
    },
    random: new Random(3),
  });
  const withChars = (seed: number, longest?: number) => {
    const input = batch(seed, longest);
    // Each token's word spelled by 1–6 character ids from its word id, so equal words spell alike.
    const sentences = Array.from({ length: input.batch }, (_, n) =>
      Array.from({ length: input.lengths[n] as number }, (_, t) => {
        const id = input.ids[t * input.batch + n] as number;
        return Array.from({ length: 1 + (id % 6) }, (_, k) => 2 + ((id * 7 + k) % 28));
      }),
    );
    return { ...input, chars: wordChars(sentences, input.steps) };
  };
  return taggerSubject(model, withChars);
}

function forecaster(): Subject {
  const model = new ForecastModel(
    {
      features: 3,
      horizon: 2,
      recurrent: { ...presetSpec('forecast').model.recurrent, cell: 'lstm', hiddenSize: 64 },
      headDropout: 0,
    },
    new Random(3),
  );
  // 16 windows of 24 steps of 3 features, batch first: the outputs, 16 × 24 × 64 values, are pooled.
  const windows = (seed: number) =>
    new Random(seed).fillUniform(new Float32Array(16 * 24 * 3), -1, 1);
  const targets = new Tensor(new Float32Array(32).fill(0.5), [16, 2]);
  return {
    model,
    loss: (seed) => mse(model.forward(windows(seed), [16, 24, 3]), targets),
    logits: (seed) => model.forward(windows(seed), [16, 24, 3]),
  };
}

/** One training step's forward and backward; returns the loss and every parameter's gradient. */
function step(subject: Subject, seed: number, longest?: number) {
  subject.model.train();
  for (const p of subject.model.parameters()) p.grad = null;
  const loss = subject.loss(seed, longest);
  backward(loss);
  return {
    loss: loss.data[0],
    grads: [...subject.model.namedParameters()].map(([name, p]) => [
      name,
      Float32Array.from(p.grad?.data ?? []),
    ]),
  };
}

afterEach(() => clearArrayPool());

const subjects: [string, () => Subject][] = [
  ['classifier, last', () => classifier('last')],
  ['classifier, max', () => classifier('max')],
  ['classifier, mean', () => classifier('mean')],
  ['classifier, last, one direction', () => classifier('last', false)],
  ['language model', languageModel],
  ['tagger', tagger],
  ['forecaster', forecaster],
];

// Its batches' character shapes (distinct words, longest word) change from batch to batch, so it
// is held to training steps alone: the evaluation test below compares two batches' allocations.
const withChars: [string, () => Subject][] = [
  ['tagger with characters and dropout', taggerWithCharsAndDropout],
];

describe.each([...subjects, ...withChars])('%s on a training step', (_name, make) => {
  it("gives a step on the last step's arrays the loss and gradients of fresh ones, and allocates nothing after a step of its shapes", () => {
    const fresh = make();
    const reused = make();
    for (const seed of [1, 2, 3]) {
      clearArrayPool();
      const expected = step(fresh, seed);
      const before = pooledAllocatedBytes();
      const got = step(reused, seed);
      // Right after a step of the same shapes (the fresh model's), every large array comes from the pool.
      expect(pooledAllocatedBytes()).toBe(before);
      expect(got.loss).toBe(expected.loss);
      expect(got.grads).toEqual(expected.grads);
    }
  });
});

describe.each(subjects)('%s in evaluation', (_name, make) => {
  it('gives the outputs back as soon as they are read in evaluation, and logits stay as computed', () => {
    const subject = make();
    subject.model.eval();
    clearArrayPool();
    const first = noGrad(() => subject.logits(4));
    const kept = Float32Array.from(first.data);
    const before = pooledAllocatedBytes();
    const second = noGrad(() => subject.logits(5));
    expect(pooledAllocatedBytes()).toBe(before);
    expect(first.data).toEqual(kept);
    clearArrayPool();
    expect(noGrad(() => subject.logits(5)).data).toEqual(second.data);
    expect(noGrad(() => subject.logits(4)).data).toEqual(kept);
  });
});

describe.each([...subjects.slice(0, 6), ...withChars])(
  '%s on texts of changing length',
  (_name, make) => {
    it("takes the longer batch's buffers for a shorter batch: no new allocation, the same loss and gradients", () => {
      const fresh = make();
      const reused = make();
      // Both models take the same two steps (their dropout draws stay in step); the fresh model's
      // second step runs on an empty pool.
      step(fresh, 6, 16);
      clearArrayPool();
      const expected = step(fresh, 7, 12);
      clearArrayPool();
      step(reused, 6, 16);
      const before = pooledAllocatedBytes();
      // 12 tokens against 16: every length-dependent array falls a capacity or two below the last
      // step's, and is served by one of its buffers.
      const got = step(reused, 7, 12);
      expect(pooledAllocatedBytes()).toBe(before);
      expect(got.loss).toBe(expected.loss);
      expect(got.grads).toEqual(expected.grads);
    });
  },
);
