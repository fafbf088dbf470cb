/** The tag task: CoNLL-U (UPOS/XPOS) or CoNLL/IOB NER → word embedding (+ a character BiLSTM per word) → (bi)recurrent → per-token linear; token accuracy and entity F1. */
import { z } from 'zod';
import { UNK_ID, Vocab } from '../../data/vocab.ts';
import { ConfigError } from '../../errors.ts';
import { seqevalChunks } from '../../metrics/tagging.ts';
import { Random } from '../../random.ts';
import { noGrad } from '../../tensor/autograd.ts';
import {
  bucketedBatches,
  IGNORE_INDEX,
  longest,
  pick,
  timeMajorTargets,
} from '../common/batching.ts';
import {
  checkTaskKind,
  checkWeightsFit,
  mapSplits,
  restoredTask,
  splitSizes,
} from '../common/lifecycle.ts';
import { lmFeatureNames } from '../common/lmFeatures.ts';
import { parseState } from '../common/schemas.ts';
import { splitBySpec } from '../common/text.ts';
import {
  countUnknown,
  languageModelFor,
  languageModelTokens,
  loadTrunk,
  type TransferReport,
  withLmFeatures,
} from '../common/transfer.ts';
import {
  applyWordVectors,
  readVocabVectors,
  vectorSourceFor,
  withVectorWidth,
} from '../common/wordVectors.ts';
import type { RunSpec } from '../spec.ts';
import type {
  MetricDirection,
  PredictInput,
  PreparedTask,
  RestoredTask,
  SplitName,
  TagPrediction,
  TaskBatch,
  TaskDefinition,
  TaskState,
} from '../task.ts';
import { CharVocab } from './chars.ts';
import {
  corpusExample,
  corpusExamples,
  encodeCorpus,
  nonEmptySentences,
} from './corpusEncoding.ts';
import { readTagCorpus, type TagFileLayout } from './data.ts';
import { decodeTags, tagProbability } from './decode.ts';
import { DEFAULT_MAX_LENGTH, describeTagger } from './describe.ts';
import {
  evaluateTagger,
  mostFrequentTagBaseline,
  type TagExample,
  taggerInput,
} from './evaluate.ts';
import { tokenAccuracyByExample } from './exampleScores.ts';
import { type TaggerInput, TaggerModel } from './model.ts';
import { trainingStatistics } from './trainingStatistics.ts';
import { fitTagVocabs } from './trainingVocabs.ts';

export { DEFAULT_MAX_LENGTH } from './describe.ts';

/**
 * Probability that a word seen once in training is fed as `<unk>` in a training batch, so the
 * model learns what to do with unknown words (word dropout; Kiperwasser & Goldberg 2016).
 */
export const SINGLETON_UNK_PROBABILITY = 0.25;

const layoutSchema = z
  .object({
    format: z.enum(['conllu', 'conll']),
    tagField: z.enum(['upos', 'xpos']).nullable(),
    layout: z
      .object({
        separator: z.enum(['tab', 'space']),
        fieldCount: z.number().int().min(2),
        tokenField: z.number().int().min(0),
        tagField: z.number().int().min(0),
        /** Lines starting with this before a sentence are comments (a layout chosen by hand). */
        commentPrefix: z.string().max(4).optional(),
      })
      .strict()
      .nullable(),
  })
  .strict();

/** The tag task state saved beside the weights. */
export const tagStateSchema = z
  .object({
    kind: z.literal('tag'),
    /** How the training file was read (and how evaluation files are read). */
    file: layoutSchema,
    /** True for NER (IOB2 chunk tags: entity F1 and spans), false for POS tags. */
    ner: z.boolean(),
    /** Word vocabulary in id order, specials first (words normalised by normalizeWord). */
    vocab: z.array(z.string()),
    /**
     * Character vocabulary in id order ('<pad>', '<unk>' first; code points of the training words
     * in their original case); present when the model has a character encoder.
     */
    charVocab: z.array(z.string()).min(2).optional(),
    /** Tags in id order. */
    tags: z.array(z.string()).min(2),
    /** Training sentences were cut to this many tokens. */
    maxLength: z.number().int().min(1),
    /** Baseline: the most frequent training tag of each training word. */
    baselineTags: z.record(z.string(), z.string()),
    /** Baseline: the overall most frequent training tag (for unknown words). */
    baselineFallback: z.string(),
  })
  .strict();
/** The tag task state. */
export type TagState = z.infer<typeof tagStateSchema>;

/** A tag training batch: time-major word ids (and the words' characters) and tag targets (−100 at padding). */
export interface TagBatch extends TaskBatch {
  readonly input: TaggerInput;
  /** `[L, N]` time-major. */
  readonly targets: Int32Array;
}

function checkSpec(spec: RunSpec): void {
  checkTaskKind(spec, 'tag');
}

function primaryMetric(ner: boolean): MetricDirection {
  return { name: ner ? 'entityF1' : 'tokenAccuracy', higherIsBetter: true };
}

/**
 * The vocabulary key of a word: lower-cased with every digit as '0', so that 'The'/'the' and
 * '1999'/'2004' share an embedding — small tagging corpora are too sparse to learn them apart.
 */
export function normalizeWord(word: string): string {
  return word.toLowerCase().replace(/\p{Nd}/gu, '0');
}

/** Words to tag as an example without gold tags. */
function untaggedExample(
  tokens: string[],
  vocabs: { words: Vocab; chars: CharVocab | null },
): TagExample {
  const { words, chars } = vocabs;
  return {
    words: tokens,
    ids: tokens.map((w) => words.id(normalizeWord(w))),
    tags: [],
    targets: [],
    ...(chars !== null ? { chars: tokens.map((w) => chars.encode(w)) } : {}),
  };
}

function trainingBatch(
  items: readonly TagExample[],
  options: { maxLength: number; singletons: ReadonlySet<number>; random: Random },
): TagBatch {
  const ids = items.map((e) =>
    e.ids
      .slice(0, options.maxLength)
      .map((id) =>
        options.singletons.has(id) && options.random.next() < SINGLETON_UNK_PROBABILITY
          ? UNK_ID
          : id,
      ),
  );
  const input = taggerInput(items, ids);
  const { targets, tokens } = timeMajorTargets(
    items.map((e) => e.targets),
    input,
  );
  return { input, targets, examples: items.length, tokens };
}

function makePredictor(
  model: TaggerModel,
  state: TagState,
  vocabs: { words: Vocab; chars: CharVocab | null },
) {
  return {
    kind: 'tag' as const,
    predict(input: PredictInput): TagPrediction {
      const tokens =
        input.tokens !== undefined
          ? [...input.tokens]
          : (input.text ?? '').split(/\s+/).filter((t) => t !== '');
      if (tokens.length === 0) {
        throw new ConfigError(
          'tag: predict input must have at least one token in tokens or text, got none.',
        );
      }
      model.eval();
      const T = state.tags.length;
      const e = untaggedExample(tokens, vocabs);
      const logits = noGrad(() => model.forward(taggerInput([e], [e.ids])));
      const tags = decodeTags(
        logits.data,
        { length: tokens.length, offsetOf: (t) => t * T },
        { tags: state.tags, ner: state.ner },
      );
      const entities = state.ner
        ? seqevalChunks(tags).map((c) => ({
            type: c.type,
            start: c.start,
            end: c.end,
            text: tokens.slice(c.start, c.end).join(' '),
          }))
        : [];
      const confidences = tags.map((tag, t) =>
        tagProbability(logits.data, t * T, T, state.tags.indexOf(tag)),
      );
      return { kind: 'tag', tokens, tags, entities, confidences };
    },
  };
}

/** The tag task (POS tagging and named-entity recognition). */
export const tagTask: TaskDefinition = {
  kind: 'tag',
  primaryMetric: primaryMetric(false),
  checkSpec,

  async prepare({
    spec,
    fileName,
    bytes,
    random,
    wordVectors,
    initFrom,
    initFromBackward,
    inspection,
  }): Promise<PreparedTask<TagBatch>> {
    checkSpec(spec);
    const vectorSource = vectorSourceFor(spec, wordVectors);
    const lm = languageModelFor(spec, initFrom, initFromBackward);
    // NOTE: with a language model its vocabulary is kept: words are looked up as always (normalizeWord),
    // and those it lacks read as <unk>.
    const lmVocab = lm === undefined ? undefined : languageModelTokens(spec, lm).vocab;
    const file = await readTagCorpus(bytes, {
      fileName,
      reading: spec.data.reading,
      inspection,
      ...(spec.data.tagField !== undefined ? { tagField: spec.data.tagField } : {}),
    });
    const { corpus } = file;
    const ner = file.scheme !== null;
    const split = splitBySpec(spec, corpus.count);
    // NOTE: a read corpus seldom has an empty sentence; looking one up per index reads at random.
    const parts = corpus.lengths.includes(0)
      ? mapSplits(split, (idx) => idx.filter((i) => (corpus.lengths[i] as number) > 0))
      : split;
    const maxLength = spec.data.maxLength ?? DEFAULT_MAX_LENGTH;
    const counted = trainingStatistics(corpus, parts.train);
    const fitted = fitTagVocabs(spec, corpus, counted, normalizeWord, lmVocab);
    const { words: vocab, chars, tags, singletons, encoding } = fitted;
    const vocabs = { words: vocab, chars };
    const { baseline } = counted;
    // NOTE: examples are built per batch (and per evaluation) from the corpus's typed arrays.
    const examplesOf = (idx: readonly number[]) => idx.map((i) => corpusExample(encoding, i));
    const examplesIn = (part: SplitName) => corpusExamples(encoding, parts[part]);
    const state: TagState = {
      kind: 'tag',
      file: file.layout,
      ner,
      vocab: [...vocab.tokens],
      ...(chars !== null ? { charVocab: [...chars.chars] } : {}),
      tags,
      maxLength,
      baselineTags: Object.fromEntries(baseline.byWord),
      baselineFallback: baseline.fallback,
    };
    // NOTE: the vocabulary holds normalised words, so a file word is tried as is, then normalised.
    const table =
      vectorSource === undefined
        ? undefined
        : await readVocabVectors(vectorSource, vocab, normalizeWord);
    const prepared = withLmFeatures(withVectorWidth(spec, table), lm);
    const model = new TaggerModel({
      vocabSize: vocab.size,
      numTags: tags.length,
      model: prepared.model,
      random,
      ...(chars !== null ? { charVocabSize: chars.size } : {}),
    });
    const vectorReport =
      table === undefined || vectorSource === undefined
        ? undefined
        : applyWordVectors(model.embedding, table, {
            spec: prepared,
            fileName: vectorSource.fileName,
            vocab,
            trainIds: examplesOf(parts.train).map((e) => e.ids),
          });
    const transfer: TransferReport | undefined =
      lm === undefined
        ? undefined
        : {
            fileName: lm.fileName,
            ...(lm.backward === undefined ? {} : { backwardFileName: lm.backward.fileName }),
            loaded: loadTrunk(model, lm, prepared),
            ...countUnknown(parts.train.map((i) => corpusExample(encoding, i).ids)),
          };
    const lengths = parts.train.map((i) => Math.min(corpus.lengths[i] as number, maxLength));
    const baselineOptions = { byWord: baseline.byWord, fallback: baseline.fallback, tags, ner };
    return {
      kind: 'tag',
      spec: prepared,
      primaryMetric: primaryMetric(ner),
      state: state as TaskState,
      model,
      ...(vectorReport === undefined
        ? {}
        : { wordVectors: vectorReport, frozen: vectorReport.freeze ? ['embedding.weight'] : [] }),
      ...(model.lm === null ? {} : { frozen: lmFeatureNames(model) }),
      ...(transfer === undefined ? {} : { transfer }),
      sizes: splitSizes(parts),
      trainBatches: (shuffle: Random) =>
        bucketedBatches(lengths, spec.train.batchSize, shuffle, (idx) =>
          trainingBatch(examplesOf(pick(parts.train, idx)), {
            maxLength,
            singletons,
            random: shuffle,
          }),
        ),
      loss(batch) {
        model.train();
        return model.loss(batch.input, batch.targets, { ignoreIndex: IGNORE_INDEX });
      },
      evaluate: (part: SplitName, onProgress) =>
        evaluateTagger(model, examplesIn(part), { tags, ner }, onProgress),
      baseline: (part: SplitName) => mostFrequentTagBaseline(examplesIn(part), baselineOptions),
      // NOTE: entity F1 does not split by sentence: NER leaves the paired comparison out.
      ...(ner
        ? {}
        : {
            exampleScores: (part: SplitName) =>
              tokenAccuracyByExample(model, examplesIn(part), { tags, ner }),
          }),
      predictor: () => makePredictor(model, state, vocabs),
      describeModel: () =>
        describeTagger(prepared, {
          vocabSize: vocab.size,
          numClasses: tags.length,
          sequenceLength: longest(lengths),
          ...(chars !== null ? { charVocabSize: chars.size } : {}),
        }),
    };
  },

  restore({ spec, state: raw, weights }): RestoredTask {
    checkSpec(spec);
    const state = parseState('tag', tagStateSchema, raw);
    const vocab = new Vocab(state.vocab);
    if (spec.model.charEncoder !== undefined && state.charVocab === undefined) {
      throw new ConfigError(
        'tag: a model with a character encoder must have a character vocabulary (charVocab) in its state, got none.',
      );
    }
    const chars =
      spec.model.charEncoder !== undefined && state.charVocab !== undefined
        ? new CharVocab(state.charVocab)
        : null;
    const vocabs = { words: vocab, chars };
    checkWeightsFit(
      describeTagger(spec, {
        vocabSize: vocab.size,
        numClasses: state.tags.length,
        ...(chars !== null ? { charVocabSize: chars.size } : {}),
      }),
      weights,
    );
    const model = new TaggerModel({
      vocabSize: vocab.size,
      numTags: state.tags.length,
      model: spec.model,
      random: new Random(spec.train.seed),
      ...(chars !== null ? { charVocabSize: chars.size } : {}),
    });
    const tagIds = new Map(state.tags.map((t, i) => [t, i]));
    const byWord = new Map(Object.entries(state.baselineTags));
    return restoredTask({
      model,
      weights,
      state,
      predictor: makePredictor(model, state, vocabs),
      async evaluateFile({ fileName, bytes, reading }) {
        const { corpus } = await readTagCorpus(bytes, {
          fileName,
          reading: reading ?? spec.data.reading,
          known: state.file as TagFileLayout,
        });
        const encoding = encodeCorpus(corpus, { ...vocabs, normalize: normalizeWord }, tagIds);
        const examples = corpusExamples(encoding, nonEmptySentences(corpus));
        return {
          model: evaluateTagger(model, examples, { tags: state.tags, ner: state.ner }),
          baseline: mostFrequentTagBaseline(examples, {
            byWord,
            fallback: state.baselineFallback,
            tags: state.tags,
            ner: state.ner,
          }),
        };
      },
    });
  },

  describeModel: describeTagger,
};
