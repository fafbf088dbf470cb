/** The seq2seq task: source + target text columns → encoder → (attentional) decoder; BLEU and exact match against copy / constant baselines. */

import { z } from 'zod';
import type { FileBytes } from '../../data/byteSource.ts';
import type { ReadOptions } from '../../data/readOptions.ts';
import { readTable } from '../../data/table.ts';
import { detokenize, tokenize } from '../../data/tokenizers.ts';
import { PAD_ID, Vocab } from '../../data/vocab.ts';
import { ConfigError } from '../../errors.ts';
import { Random } from '../../random.ts';
import { bucketedBatches, longest, pick } from '../common/batching.ts';
import {
  checkTaskKind,
  checkWeightsFit,
  mapSplits,
  restoredTask,
  splitSizes,
} from '../common/lifecycle.ts';
import { parseState, tokenizerConfigSchema } from '../common/schemas.ts';
import { chooseColumn, fitVocab, splitBySpec, tokenizeAll } from '../common/text.ts';
import { withLmFeatures } from '../common/transfer.ts';
import {
  applyWordVectors,
  readVocabVectors,
  vectorSourceFor,
  withVectorWidth,
} from '../common/wordVectors.ts';
import { type RecurrentSpec, type RunSpec, seq2seqDecoder } from '../spec.ts';
import type {
  AttentionMatrix,
  PredictInput,
  PreparedTask,
  RestoredTask,
  Seq2seqPrediction,
  SplitName,
  TaskDefinition,
  TaskState,
} from '../task.ts';
import {
  bleuTokenizeFor,
  type EncodedPair,
  encodeSide,
  fitSideTokenizer,
  makeBatch,
  mostFrequentTarget,
  type Pair,
  readPairs,
  type Seq2seqBatch,
} from './data.ts';
import { beamSearch } from './decode.ts';
import { DEFAULT_MAX_LENGTH, describeSeq2seq } from './describe.ts';
import { evaluateSeq2seq, type Seq2seqScoring, seq2seqBaseline } from './evaluate.ts';
import {
  checkSeq2seqConfig,
  DEFAULT_EMBEDDING_DIM,
  Seq2seqModel,
  seq2seqModelConfig,
} from './model.ts';
import { encoderLanguageModel, startEncoder } from './transfer.ts';

export { DEFAULT_EMBEDDING_DIM, DEFAULT_MAX_LENGTH, seq2seqModelConfig };
/** Beam size of `predict` when the request does not say. */
export const DEFAULT_BEAM_SIZE = 4;

/** The seq2seq task state saved beside the weights. */
export const seq2seqStateSchema = z
  .object({
    kind: z.literal('seq2seq'),
    /** The source text column read. */
    sourceColumn: z.string(),
    /** The target text column read. */
    targetColumn: z.string(),
    /** Tokenizer of each side (Korean sides are always 'char'). */
    srcTokenizer: tokenizerConfigSchema,
    tgtTokenizer: tokenizerConfigSchema,
    /** Vocabularies, tokens in id order, specials first. */
    srcVocab: z.array(z.string()),
    tgtVocab: z.array(z.string()),
    /** Tokens kept per side; also the longest decoded output. */
    maxLength: z.number().int().min(1),
    /** sacreBLEU tokenisation of the target side and whether BLEU lower-cases. */
    bleuTokenize: z.enum(['13a', 'char']),
    lowercase: z.boolean(),
    /** The most frequent training target (the constant baseline). */
    constantAnswer: z.string(),
  })
  .strict();
/** The seq2seq task state. */
export type Seq2seqState = z.infer<typeof seq2seqStateSchema>;

function decoderSpec(spec: RunSpec): RecurrentSpec {
  return seq2seqDecoder(spec.model);
}

function checkSpec(spec: RunSpec): void {
  checkTaskKind(spec, 'seq2seq');
  checkSeq2seqConfig({ encoder: spec.model.recurrent, decoder: decoderSpec(spec) });
}

function scoringOf(state: Seq2seqState, tgtVocab: Vocab): Seq2seqScoring {
  return {
    tgtTokenizer: state.tgtTokenizer,
    tgtVocab,
    bleuTokenize: state.bleuTokenize,
    lowercase: state.lowercase,
    maxDecode: state.maxLength,
  };
}

function encodePairs(
  pairs: readonly Pair[],
  state: Seq2seqState,
  vocabs: { src: Vocab; tgt: Vocab },
): EncodedPair[] {
  return pairs.map((p) => ({
    src: encodeSide(p.source, state.srcTokenizer, vocabs.src, state.maxLength),
    tgt: encodeSide(p.target, state.tgtTokenizer, vocabs.tgt, state.maxLength),
  }));
}

function makePredictor(
  model: Seq2seqModel,
  state: Seq2seqState,
  vocabs: { src: Vocab; tgt: Vocab },
) {
  return {
    kind: 'seq2seq' as const,
    /**
     * Beam search (default beam 4, length penalty α = 1, at most maxLength tokens); `greedy`
     * or beam size 1 is greedy decoding.
     * @throws ConfigError without `text` or with out-of-range decoding options.
     */
    predict(input: PredictInput): Seq2seqPrediction {
      const text = input.text;
      if (text === undefined || text.trim() === '') {
        throw new ConfigError('seq2seq: predict input.text must be a non-empty string, got none.');
      }
      const src = encodeSide(text.trim(), state.srcTokenizer, vocabs.src, state.maxLength);
      const sourceTokens = tokenize(state.srcTokenizer, text.trim()).slice(0, state.maxLength);
      model.eval();
      const hyps = beamSearch(model, makeBatch([{ src, tgt: [] }]), {
        beamSize: input.decode?.greedy === true ? 1 : (input.decode?.beamSize ?? DEFAULT_BEAM_SIZE),
        lengthPenalty: input.decode?.lengthPenalty ?? 1,
        maxLength: input.decode?.maxTokens ?? state.maxLength,
      });
      const candidates = hyps.map((h) => ({
        text: detokenize(state.tgtTokenizer, vocabs.tgt.decode(h.ids)),
        score: h.score,
      }));
      const best = hyps[0];
      const prediction = { kind: 'seq2seq' as const, text: candidates[0]?.text ?? '', candidates };
      if (best?.attention === undefined) return prediction;
      const attention: AttentionMatrix = {
        source: sourceTokens.length === 0 ? vocabs.src.decode(src) : sourceTokens,
        output: vocabs.tgt.decode(best.ids),
        weights: best.attention.map((row) => Array.from(row)),
      };
      return { ...prediction, attention };
    },
  };
}

async function readFilePairs(
  bytes: FileBytes,
  options: {
    fileName: string;
    reading: ReadOptions | undefined;
    source: string | undefined;
    target: string | undefined;
  },
): Promise<{ pairs: Pair[]; sourceColumn: string; targetColumn: string }> {
  const { table, inspection } = await readTable(bytes, {
    fileName: options.fileName,
    reading: options.reading,
  });
  const sourceColumn = chooseColumn(
    'seq2seq',
    'sourceColumn',
    options.source,
    inspection.roles.source,
  );
  const targetColumn = chooseColumn(
    'seq2seq',
    'targetColumn',
    options.target,
    inspection.roles.target,
  );
  return {
    pairs: readPairs(table, { source: sourceColumn, target: targetColumn }),
    sourceColumn,
    targetColumn,
  };
}

/** The seq2seq task. */
export const seq2seqTask: TaskDefinition = {
  kind: 'seq2seq',
  primaryMetric: { name: 'bleu', higherIsBetter: true },
  checkSpec,

  async prepare({
    spec,
    fileName,
    bytes,
    random,
    wordVectors,
    initFrom,
    initFromBackward,
  }): Promise<PreparedTask<Seq2seqBatch>> {
    checkSpec(spec);
    const vectorSource = vectorSourceFor(spec, wordVectors);
    const start = encoderLanguageModel(spec, initFrom, initFromBackward);
    const read = await readFilePairs(bytes, {
      fileName,
      reading: spec.data.reading,
      source: spec.data.sourceColumn,
      target: spec.data.targetColumn,
    });
    const split = splitBySpec(spec, read.pairs.length);
    const pairs = mapSplits(split, (idx) => pick(read.pairs, idx));
    const maxLength = spec.data.maxLength ?? DEFAULT_MAX_LENGTH;
    const srcTexts = pairs.train.map((p) => p.source);
    const tgtTexts = pairs.train.map((p) => p.target);
    // NOTE: a language model brings the source side's tokenizer and vocabulary (new words read as <unk>).
    const srcTokenizer = start?.tokenizer ?? fitSideTokenizer(spec, srcTexts);
    const tgtTokenizer = fitSideTokenizer(spec, tgtTexts);
    const vocabs = {
      src: start?.vocab ?? fitVocab(spec, tokenizeAll(srcTokenizer, srcTexts, maxLength)),
      tgt: fitVocab(spec, tokenizeAll(tgtTokenizer, tgtTexts, maxLength)),
    };
    const state: Seq2seqState = {
      kind: 'seq2seq',
      sourceColumn: read.sourceColumn,
      targetColumn: read.targetColumn,
      srcTokenizer,
      tgtTokenizer,
      srcVocab: [...vocabs.src.tokens],
      tgtVocab: [...vocabs.tgt.tokens],
      maxLength,
      bleuTokenize: bleuTokenizeFor(tgtTokenizer),
      lowercase: tgtTokenizer.lowercase,
      constantAnswer: mostFrequentTarget(pairs.train),
    };
    const items = mapSplits(pairs, (part) => encodePairs(part, state, vocabs));
    // NOTE: the vectors start the source side's embedding; the target side keeps fresh rows of the same width.
    const table =
      vectorSource === undefined
        ? undefined
        : await readVocabVectors(
            vectorSource,
            vocabs.src,
            srcTokenizer.lowercase ? (w) => w.toLowerCase() : undefined,
          );
    const prepared = withLmFeatures(withVectorWidth(spec, table), start?.lm);
    const model = new Seq2seqModel(
      seq2seqModelConfig(prepared, vocabs.src.size, vocabs.tgt.size),
      random,
    );
    const transfer =
      start === undefined
        ? undefined
        : startEncoder(model, {
            lm: start.lm,
            spec: prepared,
            sourceColumn: read.sourceColumn,
            sources: items.train.map((p) => p.src),
          });
    const vectorReport =
      table === undefined || vectorSource === undefined
        ? undefined
        : applyWordVectors(model.srcEmbedding, table, {
            spec: prepared,
            fileName: vectorSource.fileName,
            vocab: vocabs.src,
            trainIds: items.train.map((p) => p.src),
          });
    const scoring = scoringOf(state, vocabs.tgt);
    const lengths = items.train.map((p) => p.src.length);
    return {
      kind: 'seq2seq',
      spec: prepared,
      primaryMetric: seq2seqTask.primaryMetric,
      state: state as TaskState,
      model,
      ...(transfer === undefined ? {} : { transfer }),
      ...(vectorReport === undefined
        ? {}
        : {
            wordVectors: vectorReport,
            frozen: vectorReport.freeze ? ['src_embedding.weight'] : [],
          }),
      sizes: splitSizes(items),
      trainBatches: (shuffle: Random) =>
        bucketedBatches(lengths, spec.train.batchSize, shuffle, (idx) =>
          makeBatch(pick(items.train, idx)),
        ),
      loss(batch) {
        model.train();
        const enc = model.encode(batch.ids, batch.shape, batch.lengths);
        const { features } = model.decodeFeatures(
          batch.tgtIn,
          batch.tgtShape,
          enc.state,
          enc.memory,
        );
        return model.headLoss(features, batch.tgtOut, { ignoreIndex: PAD_ID });
      },
      evaluate: (name: SplitName, onProgress) =>
        evaluateSeq2seq(model, items[name], pairs[name], scoring, onProgress),
      baseline: (name: SplitName) =>
        seq2seqBaseline(pairs[name], {
          constantAnswer: state.constantAnswer,
          scoring,
          retrieval: { train: pairs.train, srcTokenizer },
        }),
      predictor: () => makePredictor(model, state, vocabs),
      describeModel: () =>
        describeSeq2seq(prepared, {
          vocabSize: vocabs.src.size,
          targetVocabSize: vocabs.tgt.size,
          sequenceLength: longest(lengths),
        }),
    };
  },

  restore({ spec, state: raw, weights }): RestoredTask {
    checkSpec(spec);
    const state = parseState('seq2seq', seq2seqStateSchema, raw);
    const vocabs = { src: new Vocab(state.srcVocab), tgt: new Vocab(state.tgtVocab) };
    checkWeightsFit(
      describeSeq2seq(spec, { vocabSize: vocabs.src.size, targetVocabSize: vocabs.tgt.size }),
      weights,
    );
    const model = new Seq2seqModel(
      seq2seqModelConfig(spec, vocabs.src.size, vocabs.tgt.size),
      new Random(spec.train.seed),
    );
    const scoring = scoringOf(state, vocabs.tgt);
    return restoredTask({
      model,
      weights,
      state,
      predictor: makePredictor(model, state, vocabs),
      async evaluateFile({ fileName, bytes, reading }) {
        const { pairs } = await readFilePairs(bytes, {
          fileName,
          reading: reading ?? spec.data.reading,
          source: state.sourceColumn,
          target: state.targetColumn,
        });
        return {
          model: evaluateSeq2seq(model, encodePairs(pairs, state, vocabs), pairs, scoring),
          baseline: seq2seqBaseline(pairs, { constantAnswer: state.constantAnswer, scoring }),
        };
      },
    });
  },

  describeModel: describeSeq2seq,
};
