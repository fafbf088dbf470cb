/** The classify task: text + label columns → embedding → recurrent → pooled state → linear; accuracy, macro-F1, confusion matrix. */

import { z } from 'zod';
import { encodeLabels, fitLabels } from '../../data/batching.ts';
import type { FileBytes } from '../../data/byteSource.ts';
import type { Inspection } from '../../data/inspect.ts';
import type { SeriesRanges } from '../../data/seriesRanges.ts';
import type { Split } from '../../data/splits.ts';
import { type TokenizerConfig, tokenize } from '../../data/tokenizers.ts';
import {
  type IdArray,
  sequenceLengths,
  sequenceOf,
  type TokenStore,
} from '../../data/tokenStore.ts';
import { UNK_ID, Vocab } from '../../data/vocab.ts';
import { ConfigError } from '../../errors.ts';
import { Random } from '../../random.ts';
import { noGrad } from '../../tensor/autograd.ts';
import { softmax } from '../../tensor/reduce.ts';
import {
  bucketedBatches,
  longest,
  pick,
  type TimeMajorIds,
  timeMajor,
} from '../common/batching.ts';
import { checkTaskKind, checkWeightsFit, mapSplits, restoredTask } from '../common/lifecycle.ts';
import { lmFeatureNames } from '../common/lmFeatures.ts';
import { parseState, tokenizerConfigSchema } from '../common/schemas.ts';
import { chooseColumn, fitTokenizer, fitVocabFromCounts, splitBySpec } from '../common/text.ts';
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
import { DEFAULT_TOKENIZERS, type RunSpec } from '../spec.ts';
import type {
  ClassifyPrediction,
  PredictInput,
  PreparedTask,
  RestoredTask,
  SplitName,
  TaskBatch,
  TaskDefinition,
  TaskState,
} from '../task.ts';
import {
  countTokens,
  encodeExamples,
  partOf,
  readLabelledTexts,
  readTokenizedRows,
  type TokenizedRows,
  tokenizeOnce,
  vocabIds,
} from './data.ts';
import { describeClassifier } from './describe.ts';
import { evaluateClassifier, majorityBaseline } from './evaluate.ts';
import { accuracyByExample } from './exampleScores.ts';
import { ClassifierModel, DEFAULT_MAX_LENGTH } from './model.ts';
import { occlusionDeltas, type ProbabilitiesOf } from './occlusion.ts';
import { distinctLabels, labelIdsOf, rowLabelsOf } from './rowLabels.ts';

export { DEFAULT_MAX_LENGTH };

/** The classify task state saved beside the weights. */
export const classifyStateSchema = z
  .object({
    kind: z.literal('classify'),
    /** The text column read. */
    textColumn: z.string(),
    /** The label column read. */
    labelColumn: z.string(),
    /** Tokenizer settings (BPE merges learned on the training part). */
    tokenizer: tokenizerConfigSchema,
    /** Vocabulary tokens in id order, specials first. */
    vocab: z.array(z.string()),
    /** Class names in id order. */
    classes: z.array(z.string()).min(2),
    /** Tokens kept per text. */
    maxLength: z.number().int().min(1),
    /** The training part's most frequent class id (the baseline). */
    majorityClass: z.number().int().min(0),
  })
  .strict();
/** The classify task state. */
export type ClassifyState = z.infer<typeof classifyStateSchema>;

/** A classify training batch: time-major ids and class targets. */
export interface ClassifyBatch extends TaskBatch {
  readonly input: TimeMajorIds;
  readonly targets: Int32Array;
}

function checkSpec(spec: RunSpec): void {
  checkTaskKind(spec, 'classify');
}

function choose(field: string, fromSpec: string | undefined, suggested: string | undefined) {
  return chooseColumn('classify', field, fromSpec, suggested);
}

function toBatch(examples: TokenStore, idx: readonly number[]): ClassifyBatch {
  const input = timeMajor(idx.map((i) => sequenceOf(examples, i)));
  return {
    input,
    targets: Int32Array.from(idx, (i) => examples.labels[i] as number),
    examples: idx.length,
    tokens: idx.length,
  };
}

/** Inverse-frequency weights n / (C · n_c) (scikit-learn's 'balanced'), 1 for an absent class. */
export function balancedWeights(labels: ArrayLike<number>, numClasses: number): Float32Array {
  const counts = new Float64Array(numClasses);
  for (let i = 0; i < labels.length; i++) {
    const y = labels[i] as number;
    counts[y] = (counts[y] as number) + 1;
  }
  return Float32Array.from(counts, (c) => (c === 0 ? 1 : labels.length / (numClasses * c)));
}

function makePredictor(model: ClassifierModel, state: ClassifyState, vocab: Vocab) {
  return {
    kind: 'classify' as const,
    predict(input: PredictInput): ClassifyPrediction {
      const text = input.text;
      if (text === undefined) {
        throw new ConfigError('classify: predict input.text must be a string, got none.');
      }
      const tokens = tokenize(state.tokenizer, text).slice(0, state.maxLength);
      if (text.trim() === '' || tokens.length === 0) {
        throw new ConfigError(
          `classify: predict input.text must contain at least one token, got '${text}'.`,
        );
      }
      model.eval();
      const ids = vocab.encode(tokens);
      const probabilitiesOf: ProbabilitiesOf = (sequences) =>
        noGrad(() => softmax(model.forward(timeMajor(sequences)), -1)).data;
      const probs = probabilitiesOf([ids]);
      const probabilities = state.classes
        .map((label, c) => ({ label, probability: probs[c] as number }))
        .sort((a, b) => b.probability - a.probability);
      const label = (probabilities[0] as { label: string }).label;
      const prediction: ClassifyPrediction = { kind: 'classify', label, probabilities };
      if (input.explain !== true) return prediction;
      const deltas = occlusionDeltas(probabilitiesOf, ids, {
        classIndex: state.classes.indexOf(label),
        numClasses: state.classes.length,
        fallbackId: UNK_ID,
      });
      return {
        ...prediction,
        importance: tokens.map((token, t) => ({ token, delta: deltas[t] as number })),
      };
    },
  };
}

/**
 * Reads, splits and encodes a file for training. A function of its own so the texts are garbage
 * once encoded: the closures of the prepared task must not keep them alive for the whole run.
 */
async function encodeFile(
  spec: RunSpec,
  fileName: string,
  bytes: FileBytes,
  lmTokens: { tokenizer: TokenizerConfig; vocab: Vocab } | undefined,
  inspection: Inspection | undefined,
  ranges: SeriesRanges | undefined,
) {
  const columns = {
    fileName,
    reading: spec.data.reading,
    inspection,
    textColumn: spec.data.textColumn,
    labelColumn: spec.data.labelColumn,
    labelNames: spec.data.labelNames,
    choose,
    ranges,
  };
  const maxLength = spec.data.maxLength ?? DEFAULT_MAX_LENGTH;
  const fitted = { fallback: DEFAULT_TOKENIZERS.classify, lowercase: true } as const;
  if (lmTokens !== undefined) {
    // NOTE: the language model's tokenizer and vocabulary are fixed, so texts are tokenized as read.
    const { tokenizer, vocab } = lmTokens;
    const tokenized = await readTokenizedRows(bytes, { ...columns, tokenizer, maxLength });
    const split = splitBySpec(spec, tokenized.labels.codes.length, tokenized.labels);
    return encodeParts(spec, { fileName, tokenizer, maxLength, tokenized, split, vocab });
  }
  if ((spec.data.tokenizer ?? fitted.fallback) === 'bpe') {
    // NOTE: BPE learns its merges from the training texts, so they are read and kept first.
    const rows = await readLabelledTexts(bytes, columns);
    // NOTE: coded once, for the split and then the classes and parts.
    const labels = rowLabelsOf(rows.labels);
    const split = splitBySpec(spec, rows.texts.length, labels);
    const tokenizer = fitTokenizer(spec, pick(rows.texts, split.train), fitted);
    const inTrain = new Uint8Array(rows.texts.length);
    for (const i of split.train) inTrain[i] = 1;
    const once = tokenizeOnce(rows.texts, { tokenizer, maxLength, inTrain });
    const tokenized = {
      ...once,
      labels,
      textColumn: rows.textColumn,
      labelColumn: rows.labelColumn,
    };
    return encodeParts(spec, { fileName, tokenizer, maxLength, tokenized, split });
  }
  const tokenizer = fitTokenizer(spec, [], fitted);
  const tokenized = await readTokenizedRows(bytes, { ...columns, tokenizer, maxLength });
  const split = splitBySpec(spec, tokenized.labels.codes.length, tokenized.labels);
  return encodeParts(spec, { fileName, tokenizer, maxLength, tokenized, split });
}

/** Labels and vocabulary (unless given) fitted on the training rows, ids rewritten, parts cut. */
function encodeParts(
  spec: RunSpec,
  o: {
    fileName: string;
    tokenizer: TokenizerConfig;
    maxLength: number;
    tokenized: TokenizedRows;
    split: Split;
    /** A fixed vocabulary (a language model's); fitted on the training rows when absent. */
    vocab?: Vocab;
  },
) {
  const { tokenized, split } = o;
  const where = { fileName: o.fileName, column: tokenized.labelColumn };
  // NOTE: the training rows' distinct labels in first-seen order fit the same classes as all of
  // them (fitLabels keeps first-seen order among labels that sort alike).
  const labelEncoding = fitLabels(distinctLabels(tokenized.labels, split.train), where);
  const vocab =
    o.vocab ??
    fitVocabFromCounts(spec, countTokens(tokenized.store, tokenized.tokens, split.train));
  vocabIds(tokenized, vocab);
  const parts = mapSplits(split, (idx) =>
    partOf(
      tokenized.store,
      idx,
      labelIdsOf(
        tokenized.labels,
        idx,
        (l) => encodeLabels(labelEncoding, [l], where)[0] as number,
      ),
    ),
  );
  const names = { text: tokenized.textColumn, label: tokenized.labelColumn };
  return {
    parts,
    vocab,
    tokenizer: o.tokenizer,
    labelEncoding,
    maxLength: o.maxLength,
    columns: names,
  };
}

/** The token sequences of a part, one at a time (views into the store). */
function* trainSequences(store: TokenStore): Iterable<IdArray> {
  for (let i = 0; i < store.count; i++) yield sequenceOf(store, i);
}

/** The classify task. */
export const classifyTask: TaskDefinition = {
  kind: 'classify',
  primaryMetric: { name: 'accuracy', higherIsBetter: true },
  checkSpec,

  async prepare({
    spec,
    fileName,
    bytes,
    random,
    initFrom,
    initFromBackward,
    inspection,
    wordVectors,
    seriesRanges,
  }): Promise<PreparedTask<ClassifyBatch>> {
    checkSpec(spec);
    const vectorSource = vectorSourceFor(spec, wordVectors);
    const lm = languageModelFor(spec, initFrom, initFromBackward);
    const lmTokens = lm === undefined ? undefined : languageModelTokens(spec, lm);
    const { parts, vocab, tokenizer, labelEncoding, maxLength, columns } = await encodeFile(
      spec,
      fileName,
      bytes,
      lmTokens,
      inspection,
      seriesRanges,
    );
    const table =
      vectorSource === undefined
        ? undefined
        : await readVocabVectors(
            vectorSource,
            vocab,
            tokenizer.lowercase ? (w) => w.toLowerCase() : undefined,
          );
    const prepared = withLmFeatures(withVectorWidth(spec, table), lm);
    const classes = labelEncoding.classes;
    const counts = new Array<number>(classes.length).fill(0);
    for (const y of parts.train.labels) counts[y] = (counts[y] as number) + 1;
    const majorityClass = counts.indexOf(counts.reduce((m, c) => Math.max(m, c), 0));
    const state: ClassifyState = {
      kind: 'classify',
      textColumn: columns.text,
      labelColumn: columns.label,
      tokenizer,
      vocab: [...vocab.tokens],
      classes,
      maxLength,
      majorityClass,
    };
    const model = new ClassifierModel({
      vocabSize: vocab.size,
      numClasses: classes.length,
      model: prepared.model,
      random,
    });
    const transfer: TransferReport | undefined =
      lm === undefined
        ? undefined
        : {
            fileName: lm.fileName,
            ...(lm.backward === undefined ? {} : { backwardFileName: lm.backward.fileName }),
            loaded: loadTrunk(model, lm, prepared),
            ...countUnknown(trainSequences(parts.train)),
          };
    const vectorReport =
      table === undefined || vectorSource === undefined
        ? undefined
        : applyWordVectors(model.embedding, table, {
            spec: prepared,
            fileName: vectorSource.fileName,
            vocab,
            trainIds: trainSequences(parts.train),
          });
    const weight =
      spec.train.classWeights === 'balanced'
        ? balancedWeights(parts.train.labels, classes.length)
        : undefined;
    const lengths = sequenceLengths(parts.train);
    return {
      kind: 'classify',
      spec: prepared,
      primaryMetric: classifyTask.primaryMetric,
      state: state as TaskState,
      model,
      ...(transfer === undefined ? {} : { transfer }),
      ...(vectorReport === undefined
        ? {}
        : { wordVectors: vectorReport, frozen: vectorReport.freeze ? ['embedding.weight'] : [] }),
      ...(model.lm === null ? {} : { frozen: lmFeatureNames(model) }),
      sizes: { train: parts.train.count, val: parts.val.count, test: parts.test.count },
      trainBatches: (shuffle: Random) =>
        bucketedBatches(lengths, spec.train.batchSize, shuffle, (idx) => toBatch(parts.train, idx)),
      loss(batch) {
        model.train();
        return model.headLoss(
          model.pooled(batch.input),
          batch.targets,
          weight === undefined ? {} : { weight },
        );
      },
      evaluate: (part: SplitName, onProgress) =>
        evaluateClassifier(model, parts[part], classes, onProgress),
      baseline: (part: SplitName) => majorityBaseline(parts[part], classes, majorityClass),
      exampleScores: (part: SplitName) => accuracyByExample(model, parts[part], classes.length),
      predictor: () => makePredictor(model, state, vocab),
      describeModel: () =>
        describeClassifier(prepared, {
          vocabSize: vocab.size,
          numClasses: classes.length,
          sequenceLength: longest(lengths),
        }),
    };
  },

  restore({ spec, state: raw, weights }): RestoredTask {
    checkSpec(spec);
    const state = parseState('classify', classifyStateSchema, raw);
    const vocab = new Vocab(state.vocab);
    checkWeightsFit(
      describeClassifier(spec, { vocabSize: vocab.size, numClasses: state.classes.length }),
      weights,
    );
    const model = new ClassifierModel({
      vocabSize: vocab.size,
      numClasses: state.classes.length,
      model: spec.model,
      random: new Random(spec.train.seed),
    });
    return restoredTask({
      model,
      weights,
      state,
      predictor: makePredictor(model, state, vocab),
      async evaluateFile({ fileName, bytes, reading }) {
        const rows = await readLabelledTexts(bytes, {
          fileName,
          reading: reading ?? spec.data.reading,
          textColumn: state.textColumn,
          labelColumn: state.labelColumn,
          labelNames: spec.data.labelNames,
          choose,
        });
        const labelIds = encodeLabels({ classes: state.classes }, rows.labels, {
          fileName,
          column: rows.labelColumn,
        });
        const examples = encodeExamples(rows.texts, labelIds, {
          tokenizer: state.tokenizer,
          vocab,
          maxLength: state.maxLength,
        });
        return {
          model: evaluateClassifier(model, examples, state.classes),
          baseline: majorityBaseline(examples, state.classes, state.majorityClass),
        };
      },
    });
  },

  describeModel: describeClassifier,
};
