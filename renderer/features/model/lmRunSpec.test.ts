/** The spec a language model trained from the Model section gets: from the current spec (its text column, reading and seed) and the user's settings, and what that model then writes into the current spec. */
import { describe, expect, it } from 'vitest';
import { inspectBytes } from '../../../core/data/inspect.ts';
import { languageModelTokens } from '../../../core/tasks/common/transfer.ts';
import { presetSpec } from '../../../core/tasks/presets.ts';
import { taskDefinition } from '../../../core/tasks/registry/index.ts';
import { type RunSpec, runSpecSchema } from '../../../core/tasks/spec.ts';
import { withLanguageModel, withTransfer } from './languageModel.ts';
import {
  LM_DEFAULTS,
  type LmSettings,
  LmTextError,
  languageModelRunSpec,
  otherFileText,
  sameFileText,
} from './lmRunSpec.ts';

const reading = { format: 'csv', delimiter: ',', header: 'yes', encoding: 'utf-8' } as const;

function classifySpec(): RunSpec {
  const spec = presetSpec('classify');
  spec.data = { ...spec.data, textColumn: 'document', labelColumn: 'label', reading };
  spec.train = { ...spec.train, seed: 7, epochs: 12, lr: 0.01 };
  return spec;
}

const encode = (text: string) => new TextEncoder().encode(text);

describe('language model run spec', () => {
  it("reads the classifier's text column as the file is read, with the transfer scripts' defaults", () => {
    const lm = languageModelRunSpec(
      classifySpec(),
      LM_DEFAULTS,
      sameFileText(classifySpec()) ?? {},
    );
    expect(runSpecSchema.parse(lm)).toEqual(lm);
    expect(lm.task).toBe('generate');
    expect(lm.data).toMatchObject({ textColumn: 'document', reading, tokenizer: 'char' });
    // The generate preset's vocabulary settings, as the transfer scripts' language models had.
    expect(lm.data).toMatchObject({
      minFreq: presetSpec('generate').data.minFreq,
      maxVocab: presetSpec('generate').data.maxVocab,
    });
    expect(lm.data.bpeMerges).toBeUndefined();
    expect(lm.data.labelColumn).toBeUndefined();
    expect(lm.model.embeddingDim).toBe(64);
    expect(lm.model.recurrent).toMatchObject({
      cell: 'gru',
      hiddenSize: 128,
      numLayers: 1,
      bidirectional: false,
    });
    expect(lm.model.direction).toBeUndefined();
    expect(lm.train).toMatchObject({
      epochs: 50,
      maxMinutes: 5,
      batchSize: 32,
      lr: 0.003,
      valSplit: 0.05,
      testSplit: 0.05,
      seed: 7,
    });
    expect(lm.train.initFrom).toBeUndefined();
  });

  it("carries every setting the user changed into the language model's spec", () => {
    const settings: LmSettings = {
      tokenizer: 'word',
      cell: 'lstm',
      hiddenSize: 24,
      embeddingDim: 16,
      numLayers: 2,
      minFreq: 3,
      maxVocab: 800,
      bpeMerges: 250,
      epochs: 3,
      maxMinutes: 0.5,
    };
    const lm = languageModelRunSpec(classifySpec(), settings, { textColumn: 'document' });
    expect(lm.data.tokenizer).toBe('word');
    expect(lm.data).toMatchObject({ minFreq: 3, maxVocab: 800 });
    // Merges are a BPE setting only.
    expect(lm.data.bpeMerges).toBeUndefined();
    const bpe = languageModelRunSpec(classifySpec(), { ...settings, tokenizer: 'bpe' }, {});
    expect(bpe.data).toMatchObject({ tokenizer: 'bpe', bpeMerges: 250, maxVocab: 800 });
    // An emptied Max. vocabulary: no limit, not the preset's.
    const { maxVocab: _, ...unlimited } = settings;
    expect(languageModelRunSpec(classifySpec(), unlimited, {}).data.maxVocab).toBeUndefined();
    expect(lm.model.embeddingDim).toBe(16);
    expect(lm.model.recurrent).toMatchObject({ cell: 'lstm', hiddenSize: 24, numLayers: 2 });
    expect(lm.train).toMatchObject({ epochs: 3, maxMinutes: 0.5 });
  });

  it('refuses a setting outside the spec', () => {
    expect(() =>
      languageModelRunSpec(classifySpec(), { ...LM_DEFAULTS, hiddenSize: 0 }, {}),
    ).toThrow(/hiddenSize/);
  });

  it("reads seq2seq's source column; a tagger's CoNLL file has no text for it", () => {
    const seq2seq = presetSpec('seq2seq');
    seq2seq.data = { ...seq2seq.data, sourceColumn: 'ko', targetColumn: 'en' };
    expect(sameFileText(seq2seq)).toEqual({ textColumn: 'ko' });
    expect(sameFileText(presetSpec('tag'))).toBeNull();
    expect(sameFileText(presetSpec('generate'))).toBeNull();
  });

  it('starts the current spec with the sizes and tokenizer set for its language model, other settings untouched', () => {
    const spec = classifySpec();
    const settings = { ...LM_DEFAULTS, tokenizer: 'bpe', hiddenSize: 40, numLayers: 2 } as const;
    const lmSpec = languageModelRunSpec(spec, settings, sameFileText(spec) ?? {});
    const started = withLanguageModel(spec, {
      fileName: 'run-1.rnnmodel',
      bytes: new Uint8Array(0),
      spec: lmSpec,
      vocabSize: 9,
    });
    expect(started.model.recurrent).toMatchObject({ cell: 'gru', hiddenSize: 40, numLayers: 2 });
    expect(started.model.embeddingDim).toBe(64);
    expect(started.data).toEqual({ ...spec.data, tokenizer: 'bpe' });
    expect(started.train).toMatchObject({ epochs: 12, lr: 0.01, seed: 7 });
    expect(started.train.initFrom).toBe('run-1.rnnmodel');
  });
});

describe('another file as the text', () => {
  it("takes a CSV's text column and the options it was read with", async () => {
    const csv = [
      'id,review,stars',
      '1,a fine film with a good end,5',
      '2,dull and slow from start,1',
      '3,what a waste of time,1',
      '4,loved every minute of it,5',
    ].join('\n');
    const inspection = await inspectBytes(encode(csv), { fileName: 'reviews.csv' });
    const text = otherFileText(inspection);
    expect(text.textColumn).toBe('review');
    expect(text.reading).toEqual(inspection.reading.options);
  });

  it("takes a plain text file's only column", async () => {
    const inspection = await inspectBytes(encode('first line of text\nsecond line here\n'), {
      fileName: 'unlabeled.txt',
    });
    expect(inspection.format).toBe('text');
    expect(otherFileText(inspection).textColumn).toBe(inspection.columns[0]?.name);
  });

  it('refuses a CoNLL file with a one-line reason', async () => {
    const conll = 'EU\tB-ORG\nrejects\tO\n\nPeter\tB-PER\nsaid\tO\n';
    const inspection = await inspectBytes(encode(conll), { fileName: 'ner.conll' });
    expect(() => otherFileText(inspection)).toThrow(LmTextError);
    expect(() => otherFileText(inspection)).toThrow(
      "Language model text: 'ner.conll' must be plain text, CSV/TSV, JSON(L), a workbook or Parquet, got conll.",
    );
  });
});

describe('the language model the defaults train', () => {
  it.each(['classify', 'tag', 'seq2seq'] as const)(
    'fits a %s model fine-tuned from it, as the trainer checks it',
    (task) => {
      const spec = presetSpec(task);
      const lmSpec = languageModelRunSpec(spec, LM_DEFAULTS, {});
      const chosen = {
        fileName: 'lm.rnnmodel',
        bytes: new Uint8Array(0),
        spec: lmSpec,
        vocabSize: 5,
      };
      // Fine-tuned (seq2seq's only way), the model's trunk must equal the language model's.
      const started = withTransfer(withLanguageModel(spec, chosen), 'fine-tune', chosen);
      const lm = {
        fileName: 'lm.rnnmodel',
        spec: lmSpec,
        taskState: {
          kind: 'generate',
          tokenizer: { kind: 'char', lowercase: false },
          vocab: ['<pad>', '<unk>', '<bos>', '<eos>', 'a'],
        },
        weights: new Map(),
      };
      expect(languageModelTokens(started, lm).vocab.size).toBe(5);
      expect(taskDefinition(task).checkSpec(started)).toBeUndefined();
      // The check is real: a trunk of another size is refused.
      const other = { ...started, model: { ...started.model, embeddingDim: 32 } };
      expect(() => languageModelTokens(other, lm)).toThrow(/model\.embeddingDim must equal/);
    },
  );
});
