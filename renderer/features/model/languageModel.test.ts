/** The Model section's language-model choice: what a chosen bundle writes into the spec, what it refuses, and what a run is sent. */
import { describe, expect, it } from 'vitest';
import { writeBundle } from '../../../core/io/bundle.ts';
import { presetSpec } from '../../../core/tasks/presets.ts';
import { DEFAULT_TRANSFER, runSpecSchema } from '../../../core/tasks/spec.ts';
import {
  chooseBackwardLanguageModel,
  chooseLanguageModel,
  forgetBackwardLanguageModel,
  forgetLanguageModel,
  LanguageModelChoiceError,
  languageModelFor,
  withBackwardLanguageModel,
  withLanguageModel,
  withoutBackwardLanguageModel,
  withoutLanguageModel,
  withTransfer,
} from './languageModel.ts';

function bundleOf(task: 'generate' | 'classify', direction?: 'backward'): Uint8Array {
  const spec = presetSpec(task);
  if (direction !== undefined) spec.model.direction = direction;
  spec.model.recurrent = {
    ...spec.model.recurrent,
    cell: 'gru',
    hiddenSize: 12,
    numLayers: 2,
    weightDrop: 0.3,
  };
  spec.model.embeddingDim = 6;
  return writeBundle({
    spec,
    taskState: { kind: task, vocab: { $file: 'vocab.json' } },
    vocabularies: { vocab: ['<pad>', '<unk>', '<bos>', '<eos>', 'a', 'b'] },
    // NOTE: as many values as the spec describes, or readBundle calls the file damaged.
    weights: new Map([
      ['embedding.weight', { shape: [6, 6], data: new Float32Array(36) }],
      ['rnn.weight_ih_l0', { shape: [40, 100], data: new Float32Array(4000) }],
    ]),
    history: [],
    metrics: {},
  });
}

describe('language model choice', () => {
  it("starts a seq2seq encoder: fine-tuned with ULMFiT's schedule, the decoder following the encoder, the target tokenizer kept", () => {
    const lm = chooseLanguageModel(bundleOf('generate'), 'lm.rnnmodel');
    const seq2seq = presetSpec('seq2seq');
    seq2seq.data = { ...seq2seq.data, tokenizer: 'bpe' };
    seq2seq.model.decoder = { ...seq2seq.model.recurrent, numLayers: 1, hiddenSize: 64 };
    const spec = withLanguageModel(seq2seq, lm);
    expect(runSpecSchema.parse(spec)).toEqual(spec);
    expect(spec.model.recurrent).toMatchObject({ cell: 'gru', hiddenSize: 12, numLayers: 2 });
    expect(spec.model.embeddingDim).toBe(6);
    expect(spec.model.decoder).toBeUndefined();
    expect(spec.model.lmFeatures).toBeUndefined();
    expect(spec.data.tokenizer).toBe('bpe');
    expect(spec.train).toMatchObject({
      initFrom: 'lm.rnnmodel',
      transfer: 'fine-tune',
      unfreeze: 'gradual',
      layerLrDecay: 2.6,
    });
    expect(withoutLanguageModel(spec).train.transfer).toBeUndefined();
  });

  it('takes the LM trunk and tokenizer into the spec with the default transfer, switches it, and undoes it', () => {
    const lm = chooseLanguageModel(bundleOf('generate'), 'lm.rnnmodel');
    expect(lm.vocabSize).toBe(6);
    const spec = withLanguageModel(presetSpec('classify'), lm);
    expect(runSpecSchema.parse(spec)).toEqual(spec);
    expect(spec.model.recurrent).toMatchObject({ cell: 'gru', hiddenSize: 12, numLayers: 2 });
    // The language model's weight drop regularised its own training, not the new model's.
    expect(spec.model.recurrent.weightDrop).toBeUndefined();
    expect(spec.model.embeddingDim).toBe(6);
    expect(spec.data.tokenizer).toBe('char');
    expect(spec.train).toMatchObject({ initFrom: 'lm.rnnmodel', transfer: DEFAULT_TRANSFER });
    const fineTuned = withTransfer(spec, 'fine-tune', lm);
    expect(fineTuned.model.lmFeatures).toBeUndefined();
    expect(fineTuned.train).toMatchObject({
      initFrom: 'lm.rnnmodel',
      transfer: 'fine-tune',
      unfreeze: 'gradual',
      layerLrDecay: 2.6,
    });
    // As features the language model stays frozen: no fine-tuning schedule is written.
    const features = withTransfer(fineTuned, 'features', lm);
    expect(runSpecSchema.parse(features)).toEqual(features);
    // The frozen trunk the model view shows: the LM's sizes, no dropout and no weight drop.
    expect(features.model.lmFeatures).toEqual({
      embeddingDim: 6,
      recurrent: { ...lm.spec.model.recurrent, weightDrop: undefined, dropout: 0 },
    });
    expect(features.train.transfer).toBe('features');
    expect(features.train.unfreeze).toBeUndefined();
    expect(features.train.layerLrDecay).toBeUndefined();
    expect(languageModelFor(spec)).toEqual({ fileName: 'lm.rnnmodel', bytes: lm.bytes });
    const back = withoutLanguageModel(features);
    expect(back.model.lmFeatures).toBeUndefined();
    expect(back.train.transfer).toBeUndefined();
    expect(back.train.initFrom).toBeUndefined();
    expect(back.train.unfreeze).toBeUndefined();
    expect(back.train.layerLrDecay).toBeUndefined();
    expect(languageModelFor(back)).toBeUndefined();
  });

  it("keeps a backward language model's trunk a spec carries (train.initFromBackward) as features, and drops it to fine-tune or go from scratch", () => {
    const lm = chooseLanguageModel(bundleOf('generate'), 'lm.rnnmodel');
    const started = withLanguageModel(presetSpec('tag'), lm);
    const backward = {
      embeddingDim: 4,
      recurrent: { ...lm.spec.model.recurrent, hiddenSize: 5, weightDrop: undefined, dropout: 0 },
    };
    const spec = {
      ...started,
      model: { ...started.model, lmFeatures: { ...started.model.lmFeatures, backward } },
      train: { ...started.train, initFromBackward: 'lm-backward.rnnmodel' },
    } as typeof started;
    const kept = withTransfer(spec, 'features', lm);
    expect(runSpecSchema.parse(kept)).toEqual(kept);
    expect(kept.model.lmFeatures?.backward).toEqual(backward);
    expect(kept.train.initFromBackward).toBe('lm-backward.rnnmodel');
    const fineTuned = withTransfer(spec, 'fine-tune', lm);
    expect(fineTuned.train.initFromBackward).toBeUndefined();
    expect(fineTuned.model.lmFeatures).toBeUndefined();
    const scratch = withoutLanguageModel(spec);
    expect(scratch.train.initFromBackward).toBeUndefined();
    expect(scratch.model.lmFeatures).toBeUndefined();
  });

  it('starts a tagger without its character encoder, its words read as before (no tokenizer)', () => {
    const lm = chooseLanguageModel(bundleOf('generate'), 'lm.rnnmodel');
    const tag = presetSpec('tag');
    expect(tag.model.charEncoder).toBeDefined();
    const spec = withLanguageModel(tag, lm);
    expect(runSpecSchema.parse(spec)).toEqual(spec);
    expect(spec.model.charEncoder).toBeUndefined();
    expect(spec.model.recurrent).toMatchObject({ cell: 'gru', hiddenSize: 12, numLayers: 2 });
    expect(spec.data).toEqual(tag.data);
    expect(spec.train.initFrom).toBe('lm.rnnmodel');
  });

  it('refuses a model of another task, a file that is not a model, and a run naming a closed LM', () => {
    expect(() => chooseLanguageModel(bundleOf('classify'), 'clf.rnnmodel')).toThrow(
      expect.objectContaining({
        code: 'not-generate',
        params: { fileName: 'clf.rnnmodel', task: 'classify' },
      }),
    );
    const bad = () => chooseLanguageModel(new Uint8Array([1, 2, 3]), 'notes.rnnmodel');
    expect(bad).toThrow(LanguageModelChoiceError);
    expect(bad).toThrow(expect.objectContaining({ code: 'unreadable' }));
    forgetLanguageModel();
    const spec = presetSpec('classify');
    spec.train.initFrom = 'lm.rnnmodel';
    expect(() => languageModelFor(spec)).toThrow(
      expect.objectContaining({ code: 'not-open', params: { fileName: 'lm.rnnmodel' } }),
    );
  });

  it('adds a backward language model beside a forward one read as features: names it, writes its frozen trunk, sends its bytes, and removes it alone', () => {
    const lm = chooseLanguageModel(bundleOf('generate'), 'lm.rnnmodel');
    const bwd = chooseBackwardLanguageModel(bundleOf('generate', 'backward'), 'bwd.rnnmodel');
    const started = withLanguageModel(presetSpec('tag'), lm);
    expect(started.train.transfer).toBe('features');
    const spec = withBackwardLanguageModel(started, bwd);
    expect(runSpecSchema.parse(spec)).toEqual(spec);
    expect(spec.train).toMatchObject({ initFrom: 'lm.rnnmodel', initFromBackward: 'bwd.rnnmodel' });
    // The model view shows both frozen trunks; the backward one runs without any dropout.
    expect(spec.model.lmFeatures?.backward).toEqual({
      embeddingDim: 6,
      recurrent: { ...bwd.spec.model.recurrent, weightDrop: undefined, dropout: 0 },
    });
    expect(spec.model.lmFeatures?.embeddingDim).toBe(6);
    expect(languageModelFor(spec)).toEqual({ fileName: 'lm.rnnmodel', bytes: lm.bytes });
    expect(languageModelFor(spec, 'backward')).toEqual({
      fileName: 'bwd.rnnmodel',
      bytes: bwd.bytes,
    });
    const forwardOnly = withoutBackwardLanguageModel(spec);
    expect(forwardOnly).toEqual(started);
    expect(languageModelFor(forwardOnly, 'backward')).toBeUndefined();
    forgetBackwardLanguageModel();
    expect(() => languageModelFor(spec, 'backward')).toThrow(
      expect.objectContaining({ code: 'not-open', params: { fileName: 'bwd.rnnmodel' } }),
    );
    expect(languageModelFor(spec)).toEqual({ fileName: 'lm.rnnmodel', bytes: lm.bytes });
  });

  it('refuses a backward LM as the forward one, a forward LM as the backward one, and a backward LM without frozen features', () => {
    expect(() => chooseLanguageModel(bundleOf('generate', 'backward'), 'bwd.rnnmodel')).toThrow(
      expect.objectContaining({
        code: 'backward-as-forward',
        params: { fileName: 'bwd.rnnmodel' },
      }),
    );
    expect(() => chooseBackwardLanguageModel(bundleOf('generate'), 'lm.rnnmodel')).toThrow(
      expect.objectContaining({ code: 'not-backward', params: { fileName: 'lm.rnnmodel' } }),
    );
    expect(() => chooseBackwardLanguageModel(bundleOf('generate'), 'lm.rnnmodel')).toThrow(
      "Language model: 'lm.rnnmodel' must read its text right to left to be the backward language model, got a forward language model.",
    );
    expect(() => chooseBackwardLanguageModel(bundleOf('classify'), 'clf.rnnmodel')).toThrow(
      expect.objectContaining({ code: 'not-generate' }),
    );
    const lm = chooseLanguageModel(bundleOf('generate'), 'lm.rnnmodel');
    const bwd = chooseBackwardLanguageModel(bundleOf('generate', 'backward'), 'bwd.rnnmodel');
    const fineTuned = withTransfer(withLanguageModel(presetSpec('classify'), lm), 'fine-tune', lm);
    for (const spec of [presetSpec('classify'), fineTuned]) {
      expect(() => withBackwardLanguageModel(spec, bwd)).toThrow(
        expect.objectContaining({ code: 'backward-needs-features' }),
      );
    }
    // Going back to scratch forgets both choices.
    forgetLanguageModel();
    const named = withBackwardLanguageModel(withLanguageModel(presetSpec('classify'), lm), bwd);
    expect(() => languageModelFor(named, 'backward')).toThrow(
      expect.objectContaining({ code: 'not-open' }),
    );
  });
});
