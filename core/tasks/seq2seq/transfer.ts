/** Starting seq2seq's encoder from a language model trained on the source side's text: the source tokenizer and vocabulary are the LM's, its embedding and recurrent layers become `src_embedding.*` and `encoder.*` (fine-tuned), and an LM that does not know the source side is refused. */
import type { TokenizerConfig } from '../../data/tokenizers.ts';
import type { Vocab } from '../../data/vocab.ts';
import { ConfigError } from '../../errors.ts';
import type { Module } from '../../nn/module.ts';
import {
  countUnknown,
  type LanguageModels,
  languageModelFor,
  languageModelTokens,
  loadTrunk,
} from '../common/transfer.ts';
import type { RunSpec } from '../spec.ts';
import type { LanguageModelInit, TransferReport } from '../task.ts';

/** The largest share of the source side's training tokens a language model may not know (beyond it, it was trained on other text: the target side, another language). */
export const MAX_UNKNOWN_SOURCE_SHARE = 0.5;

/** The language model a seq2seq run starts its encoder from, with the source tokenizer and vocabulary it brings. */
export interface EncoderLanguageModel {
  readonly lm: LanguageModels;
  readonly tokenizer: TokenizerConfig;
  readonly vocab: Vocab;
}

/**
 * The language model `spec.train.initFrom` names, checked against the spec (generate, read left to
 * right, fine-tuned, the encoder's embedding width and recurrent stack equal to its own), with its
 * tokenizer and vocabulary for the source side; undefined without one.
 * @throws ConfigError (code 'init-from') in one line naming the field and what to do.
 */
export function encoderLanguageModel(
  spec: RunSpec,
  initFrom: LanguageModelInit | undefined,
  initFromBackward: LanguageModelInit | undefined,
): EncoderLanguageModel | undefined {
  const lm = languageModelFor(spec, initFrom, initFromBackward);
  if (lm === undefined) return undefined;
  return { lm, ...languageModelTokens(spec, lm) };
}

/**
 * Copies the language model's trunk into the encoder and reports it, after checking that the LM
 * knows the source side: at most {@link MAX_UNKNOWN_SOURCE_SHARE} of the source training tokens
 * may read as `<unk>`.
 * @param sources the training pairs' encoded sources (ids in the LM's vocabulary)
 * @throws ConfigError (code 'init-from') when the LM does not know the source side, or a weight is
 *   missing or of another shape.
 */
export function startEncoder(
  model: Module,
  o: {
    lm: LanguageModels;
    spec: RunSpec;
    sourceColumn: string;
    sources: readonly (readonly number[])[];
  },
): TransferReport {
  const counts = countUnknown(o.sources);
  const share = counts.trainTokens === 0 ? 0 : counts.unknownTokens / counts.trainTokens;
  if (share > MAX_UNKNOWN_SOURCE_SHARE) {
    const percent = (100 * share).toFixed(1);
    throw new ConfigError(
      `train.initFrom: the share of the source column '${o.sourceColumn}''s training tokens that '${o.lm.fileName}' does not know must be at most ${100 * MAX_UNKNOWN_SOURCE_SHARE} %, got ${percent} %; train the language model on the source side's text.`,
      'init-from',
      {
        key: 'init-from-source-unknown',
        params: { file: o.lm.fileName, column: o.sourceColumn, share: percent },
      },
    );
  }
  return { fileName: o.lm.fileName, loaded: loadTrunk(model, o.lm, o.spec), ...counts };
}
