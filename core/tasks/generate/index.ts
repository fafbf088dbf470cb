/** The generate task: a character/word language model (embedding → unidirectional recurrent → linear over the vocabulary); perplexity; sampled text. */

import { z } from 'zod';
import type { FileBytes } from '../../data/byteSource.ts';
import type { ReadOptions } from '../../data/readOptions.ts';
import { readTable, textColumn } from '../../data/table.ts';
import { detokenize, type TokenizerConfig, tokenize } from '../../data/tokenizers.ts';
import { BOS_ID, PAD_ID, UNK_ID, Vocab } from '../../data/vocab.ts';
import { ConfigError, DatasetError } from '../../errors.ts';
import { perplexity } from '../../metrics/perplexity.ts';
import { Random } from '../../random.ts';
import { noGrad } from '../../tensor/autograd.ts';
import {
  bucketedBatches,
  type EvaluationProgress,
  evaluationBatches,
  longest,
  pick,
  type TimeMajorIds,
  timeMajor,
  timeMajorTargets,
  withProgress,
} from '../common/batching.ts';
import {
  checkTaskKind,
  checkWeightsFit,
  mapSplits,
  restoredTask,
  splitSizes,
} from '../common/lifecycle.ts';
import { parseState, tokenizerConfigSchema } from '../common/schemas.ts';
import { chooseColumn, fitTokenizer, fitVocab, splitBySpec, tokenizeAll } from '../common/text.ts';
import { DEFAULT_TOKENIZERS, type RunSpec } from '../spec.ts';
import type {
  EvaluationReport,
  GeneratePrediction,
  PredictInput,
  PreparedTask,
  RestoredTask,
  SplitName,
  TaskBatch,
  TaskDefinition,
  TaskState,
} from '../task.ts';
import { type BigramJson, bigramNll, fitBigram } from './bigram.ts';
import { generateIds } from './decode.ts';
import { DEFAULT_MAX_LENGTH, describeLanguageModel } from './describe.ts';
import { LanguageModel } from './model.ts';
import { checkSampleOptions } from './sample.ts';

export { DEFAULT_MAX_LENGTH };
/** Tokens generated when the request does not say. */
export const DEFAULT_MAX_TOKENS = 200;
/** Sequences per evaluation batch. */
const EVAL_BATCH = 64;
/** Never generated: padding, the start marker and the unknown token. */
const BANNED = new Set([PAD_ID, BOS_ID, UNK_ID]);

/** The generate task state saved beside the weights. */
export const generateStateSchema = z
  .object({
    kind: z.literal('generate'),
    /** The text column read (the only column of a plain-text file). */
    textColumn: z.string(),
    /** Tokenizer settings. */
    tokenizer: tokenizerConfigSchema,
    /** Vocabulary tokens in id order, specials first. */
    vocab: z.array(z.string()),
    /** Training chunk length. */
    maxLength: z.number().int().min(1),
    /** The bigram baseline fitted on the training part. */
    bigram: z.object({ unigram: z.array(z.number()), pairs: z.array(z.number()) }).strict(),
  })
  .strict();
/** The generate task state. */
export type GenerateState = z.infer<typeof generateStateSchema>;

/** One training sequence: inputs `<bos> t1 … tn` and targets `t1 … tn <eos>` (cut into chunks). */
export interface LmSequence {
  input: number[];
  target: number[];
}

/** A generate training batch. */
export interface GenerateBatch extends TaskBatch {
  readonly input: TimeMajorIds;
  /** `[L, N]` time-major, −100 at padding. */
  readonly targets: Int32Array;
}

function checkSpec(spec: RunSpec): void {
  checkTaskKind(spec, 'generate');
  if (spec.model.recurrent.bidirectional) {
    throw new ConfigError(
      'generate: model.recurrent.bidirectional must be false, got true. Generation is auto-regressive: each token is predicted from the ones before it, so the model must not see the future.',
      'config',
      { key: 'generate-bidirectional', params: {} },
    );
  }
}

/** Whether the spec's language model reads each text right to left (`model.direction`). */
export function isBackward(spec: RunSpec): boolean {
  return spec.model.direction === 'backward';
}

/** Each token list in the order the model reads it: as written, or reversed for a backward model. */
export function inReadingOrder(
  tokenLists: readonly (readonly string[])[],
  backward: boolean,
): (readonly string[])[] {
  return backward ? tokenLists.map((tokens) => [...tokens].reverse()) : [...tokenLists];
}

/** `<bos> tokens <eos>` as ids, cut into chunks of `maxLength` predictions each. */
export function toSequences(
  tokenLists: readonly (readonly string[])[],
  vocab: Vocab,
  maxLength: number,
): LmSequence[] {
  const out: LmSequence[] = [];
  for (const tokens of tokenLists) {
    if (tokens.length === 0) continue;
    const ids = vocab.encode(tokens, { bos: true, eos: true });
    for (let start = 0; start + 1 < ids.length; start += maxLength) {
      const chunk = ids.slice(start, start + maxLength + 1);
      out.push({ input: chunk.slice(0, -1), target: chunk.slice(1) });
    }
  }
  return out;
}

/**
 * How many texts `sequences` were cut from: each text's first chunk, and only it, starts with
 * `<bos>`. Reports count texts, as the Data section's split does, not chunks of maxLength.
 */
export function textsIn(sequences: readonly LmSequence[]): number {
  let n = 0;
  for (const s of sequences) if (s.input[0] === BOS_ID) n++;
  return n;
}

function toBatch(items: readonly LmSequence[]): GenerateBatch {
  const input = timeMajor(items.map((s) => s.input));
  const { targets, tokens } = timeMajorTargets(
    items.map((s) => s.target),
    input,
  );
  return { input, targets, examples: items.length, tokens };
}

/** Mean NLL per token and perplexity of the model over `sequences`, in eval mode without gradients. */
export function evaluateLm(
  model: LanguageModel,
  sequences: readonly LmSequence[],
  onProgress?: EvaluationProgress,
): EvaluationReport {
  model.eval();
  let nll = 0;
  let tokens = 0;
  noGrad(() => {
    const lengths = sequences.map((s) => s.input.length);
    for (const idx of withProgress(evaluationBatches(lengths, EVAL_BATCH), onProgress)) {
      const batch = toBatch(pick(sequences, idx));
      nll += model.nextTokenLoss(batch.input, batch.targets, 'sum').data[0] as number;
      tokens += batch.tokens;
    }
  });
  return {
    examples: textsIn(sequences),
    metrics: {
      loss: tokens === 0 ? Number.NaN : nll / tokens,
      perplexity: perplexity(nll, tokens),
    },
  };
}

function bigramBaseline(bigram: BigramJson, sequences: readonly LmSequence[]): EvaluationReport {
  const { nll, tokens } = bigramNll(bigram, sequences);
  return {
    examples: textsIn(sequences),
    metrics: { perplexity: perplexity(nll, tokens) },
    description: 'interpolated bigram model (λ = 0.7, add-one unigram) fitted on the training part',
  };
}

async function readTexts(
  bytes: FileBytes,
  file: { fileName: string; reading: ReadOptions | undefined },
  column: string | undefined,
): Promise<{ texts: string[]; column: string }> {
  const { fileName } = file;
  const { table, inspection } = await readTable(bytes, {
    fileName: file.fileName,
    reading: file.reading,
  });
  const name = chooseColumn(
    'generate',
    'textColumn',
    column,
    inspection.roles.text ?? table.columns[0],
  );
  const texts = textColumn(table, name).filter((t) => t.trim() !== '');
  if (texts.length === 0) {
    throw new DatasetError(
      `'${fileName}': the column '${name}' has no text. Choose another column.`,
      'empty',
    );
  }
  return { texts, column: name };
}

function makePredictor(
  model: LanguageModel,
  state: GenerateState,
  o: { vocab: Vocab; backward: boolean },
) {
  const { vocab, backward } = o;
  const tokenizer = state.tokenizer as TokenizerConfig;
  return {
    kind: 'generate' as const,
    predict(input: PredictInput): GeneratePrediction {
      const d = input.decode ?? {};
      const options = {
        greedy: d.greedy ?? false,
        temperature: d.temperature ?? 1,
        topK: d.topK ?? 0,
        banned: BANNED,
      };
      checkSampleOptions(options);
      const maxTokens = d.maxTokens ?? DEFAULT_MAX_TOKENS;
      if (!Number.isInteger(maxTokens) || maxTokens < 1) {
        throw new ConfigError(`generate: maxTokens must be an integer ≥ 1, got ${maxTokens}.`);
      }
      const prompt = input.text ?? '';
      const random = new Random(d.seed ?? 0);
      model.eval();
      // A backward model reads the prompt from its end and writes the text before it.
      const [promptTokens] = inReadingOrder([tokenize(tokenizer, prompt)], backward);
      const ids = generateIds(model, [BOS_ID, ...vocab.encode(promptTokens ?? [])], {
        sample: options,
        maxTokens,
        random,
      });
      const [generated = []] = inReadingOrder(
        [ids.map((id) => vocab.tokens[id] as string)],
        backward,
      );
      const joiner = tokenizer.kind === 'char' || prompt === '' ? '' : ' ';
      const written = detokenize(tokenizer, [...generated]);
      return {
        kind: 'generate',
        text: backward ? written + joiner + prompt : prompt + joiner + written,
        generated: [...generated],
      };
    },
  };
}

/** The generate task. */
export const generateTask: TaskDefinition = {
  kind: 'generate',
  primaryMetric: { name: 'perplexity', higherIsBetter: false },
  checkSpec,

  async prepare({ spec, fileName, bytes, random }): Promise<PreparedTask<GenerateBatch>> {
    checkSpec(spec);
    const { texts, column } = await readTexts(
      bytes,
      { fileName, reading: spec.data.reading },
      spec.data.textColumn,
    );
    const split = splitBySpec(spec, texts.length);
    const trainTexts = pick(texts, split.train);
    const tokenizer = fitTokenizer(spec, trainTexts, {
      fallback: DEFAULT_TOKENIZERS.generate,
      lowercase: false,
    });
    const maxLength = spec.data.maxLength ?? DEFAULT_MAX_LENGTH;
    const tokens = mapSplits(split, (idx) => tokenizeAll(tokenizer, pick(texts, idx)));
    // NOTE: the vocabulary is fitted on the text as written in either direction, so a backward
    // model shares its forward twin's ids (train.initFromBackward needs them equal).
    const vocab = fitVocab(spec, tokens.train);
    const backward = isBackward(spec);
    const parts = mapSplits(tokens, (part) =>
      toSequences(inReadingOrder(part, backward), vocab, maxLength),
    );
    const bigram = fitBigram(parts.train, vocab.size);
    const state: GenerateState = {
      kind: 'generate',
      textColumn: column,
      tokenizer,
      vocab: [...vocab.tokens],
      maxLength,
      bigram,
    };
    const model = new LanguageModel({ vocabSize: vocab.size, model: spec.model, random });
    const lengths = parts.train.map((s) => s.input.length);
    return {
      kind: 'generate',
      spec,
      primaryMetric: generateTask.primaryMetric,
      state: state as TaskState,
      model,
      sizes: splitSizes(parts),
      trainBatches: (shuffle: Random) =>
        bucketedBatches(lengths, spec.train.batchSize, shuffle, (idx) =>
          toBatch(pick(parts.train, idx)),
        ),
      loss(batch) {
        model.train();
        return model.nextTokenLoss(batch.input, batch.targets);
      },
      evaluate: (part: SplitName, onProgress) => evaluateLm(model, parts[part], onProgress),
      baseline: (part: SplitName) => bigramBaseline(bigram, parts[part]),
      predictor: () => makePredictor(model, state, { vocab, backward }),
      describeModel: () =>
        describeLanguageModel(spec, {
          vocabSize: vocab.size,
          sequenceLength: longest(lengths),
        }),
    };
  },

  restore({ spec, state: raw, weights }): RestoredTask {
    checkSpec(spec);
    const state = parseState('generate', generateStateSchema, raw);
    const vocab = new Vocab(state.vocab);
    checkWeightsFit(describeLanguageModel(spec, { vocabSize: vocab.size }), weights);
    const model = new LanguageModel({
      vocabSize: vocab.size,
      model: spec.model,
      random: new Random(spec.train.seed),
    });
    return restoredTask({
      model,
      weights,
      state,
      predictor: makePredictor(model, state, { vocab, backward: isBackward(spec) }),
      async evaluateFile({ fileName, bytes, reading }) {
        const file = { fileName, reading: reading ?? spec.data.reading };
        const { texts } = await readTexts(bytes, file, state.textColumn);
        const sequences = toSequences(
          inReadingOrder(tokenizeAll(state.tokenizer as TokenizerConfig, texts), isBackward(spec)),
          vocab,
          state.maxLength,
        );
        return {
          model: evaluateLm(model, sequences),
          baseline: bigramBaseline(state.bigram, sequences),
        };
      },
    });
  },

  describeModel: describeLanguageModel,
};
