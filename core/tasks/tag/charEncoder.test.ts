/** Tests of the tagger's character encoder: PyTorch names and shapes, the character vocabulary, gradients of the character path, .rnnmodel round trip, and unseen Korean eojeol tagged better than by the word-only tagger. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { quickTrain } from '../../../test/support/quickTrain.ts';
import { describedTensors, stateDictTensors } from '../../../test/support/taskTesting.ts';
import { gradcheck } from '../../autograd/gradcheck.ts';
import { readBundle, writeBundle } from '../../io/bundle.ts';
import { Random } from '../../random.ts';
import { backward } from '../../tensor/autograd.ts';
import { sum } from '../../tensor/reduce.ts';
import type { Tensor } from '../../tensor/tensor.ts';
import { bundleFromTask, restoreBundle } from '../../train/modelBundle.ts';
import { classifyTask } from '../classify/index.ts';
import { timeMajor } from '../common/batching.ts';
import { presetSpec } from '../presets.ts';
import type { ModelSpec, RunSpec } from '../spec.ts';
import type { PreparedTask, TagPrediction, TaskState } from '../task.ts';
import { CharVocab, fitCharVocab } from './chars.ts';
import { normalizeWord, tagTask } from './index.ts';
import { MAX_WORD_CHARS, TaggerModel, wordChars } from './model.ts';

const data = join(import.meta.dirname, '..', '..', '..', '..', 'shared', 'data');
const ewt = join(data, 'ud-english-ewt', 'en_ewt-ud-dev.conllu');
const kaist = join(data, 'ud-korean-kaist', 'ko_kaist-ud-dev.first1000.conllu');

/** The first `count` sentences of a blank-line-separated file. */
function sentences(path: string, count: number): Uint8Array {
  const parts = readFileSync(path, 'utf8').split(/\n\n/);
  return new TextEncoder().encode(`${parts.slice(0, count).join('\n\n')}\n\n`);
}

const tiny: ModelSpec = {
  embeddingDim: 3,
  recurrent: {
    cell: 'lstm',
    hiddenSize: 3,
    numLayers: 1,
    bidirectional: true,
    dropout: 0,
    nonlinearity: 'tanh',
  },
  charEncoder: { embeddingDim: 2, hiddenSize: 2 },
};

function tinyModel(): TaggerModel {
  return new TaggerModel({
    vocabSize: 6,
    numTags: 3,
    model: tiny,
    random: new Random(3),
    charVocabSize: 5,
  });
}

function charSpec(model: Partial<ModelSpec> = {}): RunSpec {
  const spec = presetSpec('tag');
  spec.data = { tagField: 'upos', minFreq: 1, maxVocab: 30_000, maxLength: 60 };
  spec.model = {
    embeddingDim: 32,
    recurrent: { ...tiny.recurrent, hiddenSize: 32 },
    headDropout: 0.2,
    charEncoder: { embeddingDim: 16, hiddenSize: 16 },
    ...model,
  };
  spec.train = { ...spec.train, batchSize: 16, lr: 0.01, valSplit: 0.1, testSplit: 0.2 };
  return spec;
}

async function prepared(spec: RunSpec, path: string, count: number): Promise<PreparedTask> {
  return tagTask.prepare({
    spec,
    fileName: path.split('/').pop() as string,
    bytes: sentences(path, count),
    random: new Random(spec.train.seed),
  });
}

describe('tagger character encoder', () => {
  it('registers char_embedding and char_rnn under PyTorch names; the stack reads E + 2·H_c features', () => {
    const m = tinyModel();
    const shapes = Object.fromEntries([...m.namedParameters()].map(([n, p]) => [n, p.shape]));
    expect(Object.keys(shapes)).toEqual([
      'embedding.weight',
      'char_embedding.weight',
      'char_rnn.weight_ih_l0',
      'char_rnn.weight_hh_l0',
      'char_rnn.bias_ih_l0',
      'char_rnn.bias_hh_l0',
      'char_rnn.weight_ih_l0_reverse',
      'char_rnn.weight_hh_l0_reverse',
      'char_rnn.bias_ih_l0_reverse',
      'char_rnn.bias_hh_l0_reverse',
      'rnn.weight_ih_l0',
      'rnn.weight_hh_l0',
      'rnn.bias_ih_l0',
      'rnn.bias_hh_l0',
      'rnn.weight_ih_l0_reverse',
      'rnn.weight_hh_l0_reverse',
      'rnn.bias_ih_l0_reverse',
      'rnn.bias_hh_l0_reverse',
      'head.weight',
      'head.bias',
    ]);
    expect(shapes['char_embedding.weight']).toEqual([5, 2]);
    expect(shapes['char_rnn.weight_ih_l0']).toEqual([8, 2]);
    expect(shapes['char_rnn.weight_hh_l0_reverse']).toEqual([8, 2]);
    expect(shapes['rnn.weight_ih_l0']).toEqual([12, 3 + 4]);
    expect(Array.from(m.charEncoder?.embedding.weight.data.subarray(0, 2) ?? [])).toEqual([0, 0]);
  });

  it('fits code points of the original words, rarer ones to <unk>, and caps a word at MAX_WORD_CHARS', () => {
    const chars = fitCharVocab(['Abba', 'bad', 'a', '한국', '국']);
    // a ×3, b ×3 (ties by code point), 국 ×2; A, d, 한 once.
    expect(chars).toEqual(['<pad>', '<unk>', 'a', 'b', '국']);
    const vocab = new CharVocab(chars);
    expect(vocab.encode('Abba')).toEqual([1, 3, 3, 2]);
    expect(vocab.encode('한국')).toEqual([1, 4]);
    expect(vocab.encode('a'.repeat(30))).toHaveLength(MAX_WORD_CHARS);
    expect(() => new CharVocab(['a', 'b'])).toThrow(
      `CharVocab: the first characters must be '<pad>', '<unk>', got ["a","b"].`,
    );
  });

  it('runs each distinct word once and places it at every token of it', () => {
    const w = wordChars(
      [
        [[2, 3], [4]],
        [[4], [2, 3], [3]],
      ],
      3,
    );
    expect(w.words.batch).toBe(3);
    expect(Array.from(w.words.lengths)).toEqual([2, 1, 1]);
    // time-major [L = 3, N = 2]
    expect(Array.from(w.index)).toEqual([0, 1, 1, 0, -1, 2]);
  });

  it('back-propagates through the character BiLSTM and embedding (finite differences)', () => {
    const m = tinyModel();
    m.eval();
    const ids = [
      [2, 5, 1],
      [3, 4],
    ];
    const input = {
      ...timeMajor(ids),
      chars: wordChars(
        [
          [[2, 3, 4], [4], [1, 2]],
          [
            [3, 3],
            [2, 3, 4],
          ],
        ],
        3,
      ),
    };
    const enc = m.charEncoder as NonNullable<TaggerModel['charEncoder']>;
    const params = [enc.embedding.weight, ...enc.rnn.parameters(), m.rnn.parameters()[0] as Tensor];
    const err = gradcheck(() => sum(m.forward(input)), params, { eps: 1e-2, atol: 2e-3 });
    expect(err).toBeLessThan(2e-3);
    // The padding row of the character embedding gets no gradient.
    m.zeroGrad();
    backward(sum(m.forward(input)));
    expect(Array.from(enc.embedding.weight.grad?.data.subarray(0, 2) ?? [1])).toEqual([0, 0]);
  });

  it('refuses a batch without characters for a model with a character encoder', () => {
    expect(() => tinyModel().forward(timeMajor([[1, 2]]))).toThrow(
      'TaggerModel: batch.chars must be given for a model with a character encoder, got none.',
    );
  });

  it('describes the character layers and the stack input E + 2·H_c', async () => {
    const task = await prepared(charSpec(), ewt, 60);
    const d = task.describeModel();
    const kinds = d.layers.map((l) => l.kind);
    expect(kinds).toEqual(['embedding', 'char-encoder', 'encoder', 'dropout', 'head']);
    const state = task.state as unknown as { charVocab: string[] };
    const chars = d.layers[1];
    expect(chars?.module).toBe(
      `nn.Embedding(${state.charVocab.length}, 16, padding_idx=0) → nn.LSTM(16, 16, bidirectional=True)`,
    );
    expect(chars?.parameters).toBe(
      state.charVocab.length * 16 + 2 * (4 * 16 * (16 + 16) + 2 * 4 * 16),
    );
    expect(chars?.inputs[0]?.dims).toEqual(['C', 'W']);
    // Each word's 2·16 character features join its 32-wide embedding (E + 2·H_c = 64).
    expect(chars?.outputs.map((s) => s.dims)).toEqual([
      ['L', 'N', 64],
      ['L', 'N', 32],
    ]);
    expect(d.layers[2]?.module).toBe('nn.LSTM(64, 32, bidirectional=True)');
    expect(describedTensors(d)).toEqual(stateDictTensors(task.model));
    expect(d.totalParameters).toBe(
      task.model.parameters().reduce((s: number, p: Tensor) => s + p.size, 0),
    );
  });

  it('round-trips through a .rnnmodel: the restored tagger predicts the same tags and scores a file with the same loss', async () => {
    const task = await prepared(charSpec(), ewt, 120);
    quickTrain(task, { steps: 5 });
    const bytes = writeBundle(bundleFromTask(task, { history: [], metrics: {} }));
    expect(Object.keys(readBundle(bytes).vocabularies).sort()).toEqual([
      'vocab',
      'vocab-char-vocab',
    ]);
    const { restored } = restoreBundle(bytes, { tasks: () => tagTask });
    for (const text of ['The Quokka sat on Zanzibar .', 'I saw 12 unseenwords yesterday !']) {
      const p = restored.predict({ text }) as TagPrediction;
      expect(p).toEqual(task.predictor().predict({ text }));
    }
    const direct = tagTask.restore({
      spec: task.spec,
      state: task.state,
      weights: task.model.stateDict(),
    });
    const file = { fileName: 'ewt.conllu', bytes: sentences(ewt, 40) };
    const fromBundle = await restored.evaluateFile(file);
    expect(fromBundle.model.metrics).toEqual((await direct.evaluateFile(file)).model.metrics);
  }, 20_000);

  it('refuses to restore a character-encoder spec whose state has no character vocabulary', async () => {
    const spec = charSpec();
    const task = await prepared(spec, ewt, 40);
    const { charVocab: _, ...state } = task.state as unknown as Record<string, unknown>;
    const withoutChars = state as unknown as TaskState;
    expect(() =>
      tagTask.restore({ spec, state: withoutChars, weights: task.model.stateDict() }),
    ).toThrow(
      'tag: a model with a character encoder must have a character vocabulary (charVocab) in its state, got none.',
    );
  });

  it('tags unseen Korean eojeol better than the word-only tagger (UD KAIST)', async () => {
    // Trained on the first 500 sentences; scored on the next 120 at the eojeol the training
    // vocabulary lacks.
    const held = readFileSync(kaist, 'utf8')
      .split(/\n\n/)
      .slice(500, 620)
      .map((block) =>
        block
          .split('\n')
          .filter((l) => /^\d+\t/.test(l))
          .map((l) => l.split('\t') as [string, string, string, string]),
      )
      .filter((rows) => rows.length > 0);
    const unseenAccuracy = async (spec: RunSpec): Promise<number> => {
      const task = await prepared(spec, kaist, 500);
      quickTrain(task, { steps: 60 });
      const known = new Set((task.state as unknown as { vocab: string[] }).vocab);
      const predictor = task.predictor();
      let right = 0;
      let total = 0;
      for (const rows of held) {
        const p = predictor.predict({ tokens: rows.map((r) => r[1]) }) as TagPrediction;
        rows.forEach((r, i) => {
          if (known.has(normalizeWord(r[1]))) return;
          total += 1;
          if (p.tags[i] === r[3]) right += 1;
        });
      }
      expect(total).toBeGreaterThan(500);
      return right / total;
    };
    const wordOnly = charSpec();
    delete wordOnly.model.charEncoder;
    const words = await unseenAccuracy(wordOnly);
    const chars = await unseenAccuracy(charSpec());
    expect(chars).toBeGreaterThan(words + 0.1);
  }, 40_000);

  it('input dropout drops the encoder input in training only, shows in the description, and other tasks refuse it', async () => {
    const dropping = await prepared(charSpec({ inputDropout: 0.5, headDropout: 0 }), ewt, 60);
    const plain = await prepared(charSpec({ headDropout: 0 }), ewt, 60);
    plain.model.loadStateDict(dropping.model.stateDict());
    const [batch] = [...dropping.trainBatches(new Random(1))];
    const lossOf = (task: PreparedTask) => task.loss(batch as never).data[0] as number;
    // Training: a new mask each call with dropout, none without.
    expect(lossOf(dropping)).not.toBe(lossOf(dropping));
    expect(lossOf(plain)).toBe(lossOf(plain));
    // Evaluation: the same weights give the same tags.
    const text = 'The quick brown fox jumps over the lazy dog .';
    expect(dropping.predictor().predict({ text })).toEqual(plain.predictor().predict({ text }));
    expect(dropping.describeModel().layers.map((l) => l.kind)).toContain('input-dropout');
    const classify = presetSpec('classify');
    classify.model.inputDropout = 0.3;
    expect(() => classifyTask.checkSpec(classify)).toThrow(
      "classify: spec.model.inputDropout must be left out (only tag and generate drop their recurrent stack's input), got 0.3.",
    );
  });
});
