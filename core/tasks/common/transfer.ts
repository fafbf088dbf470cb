/** Starting a token model from a trained language model (ULMFiT's first step): its tokenizer, vocabulary, embedding and recurrent weights are taken, the head stays fresh. */

import { z } from 'zod';
import type { TokenizerConfig } from '../../data/tokenizers.ts';
import { UNK_ID, Vocab } from '../../data/vocab.ts';
import { ConfigError, type MessageDetail } from '../../errors.ts';
import type { Module } from '../../nn/module.ts';
import { formatShape } from '../../tensor/shape.ts';
import { DEFAULT_EMBEDDING_DIMS, type RunSpec } from '../spec.ts';
import type { LanguageModelInit, TransferReport } from '../task.ts';
import { parseState, tokenizerConfigSchema } from './schemas.ts';

export type { LanguageModelInit, TransferReport } from '../task.ts';

const lmStateSchema = z
  .object({
    kind: z.literal('generate'),
    tokenizer: tokenizerConfigSchema,
    vocab: z.array(z.string()),
  })
  .passthrough();

/** The tasks a language model can start (a tagger looks its words up in the LM's vocabulary). */
const SUPPORTED = ['classify', 'tag'] as const;
type Supported = (typeof SUPPORTED)[number];

function refuse(message: string, detail?: MessageDetail): never {
  throw new ConfigError(message, 'init-from', detail);
}

/**
 * The tokenizer and vocabulary of the language model, after checking it can start a model of
 * `spec` (task supported, same embedding width and recurrent stack).
 * @throws ConfigError (code 'init-from') in one line naming both sides when it cannot.
 */
export function languageModelTokens(
  spec: RunSpec,
  lm: LanguageModelInit,
): { tokenizer: TokenizerConfig; vocab: Vocab } {
  const name = `'${lm.fileName}'`;
  if (lm.spec.task !== 'generate') {
    refuse(
      `train.initFrom: ${name} must be a language model (task generate), got task ${lm.spec.task}.`,
      { key: 'init-from-not-lm', params: { file: lm.fileName, task: lm.spec.task } },
    );
  }
  if (!(SUPPORTED as readonly string[]).includes(spec.task)) {
    refuse(
      `train.initFrom: starting from a language model is supported for classify and tag, got ${spec.task}.`,
    );
  }
  if (spec.model.charEncoder !== undefined) {
    refuse(
      `train.initFrom: model.charEncoder must be left out when starting from '${lm.fileName}' (the language model's recurrent layer reads the word embedding alone), got an encoder.`,
      { key: 'init-from-char-encoder', params: { file: lm.fileName } },
    );
  }
  checkSameTrunk(spec, lm);
  const state = parseState('generate', lmStateSchema, lm.taskState);
  return { tokenizer: state.tokenizer, vocab: new Vocab(state.vocab) };
}

/**
 * The language model to start from: required when `train.initFrom` names one, refused when given
 * without it.
 * @throws ConfigError (code 'init-from') in either case.
 */
export function languageModelFor(
  spec: RunSpec,
  initFrom: LanguageModelInit | undefined,
): LanguageModelInit | undefined {
  const named = spec.train.initFrom;
  if (named !== undefined && initFrom === undefined) {
    throw new ConfigError(
      `${spec.task}: train.initFrom names '${named}', but no language model was read; open it or remove train.initFrom.`,
      'init-from',
      { key: 'init-from-not-read', params: { file: named, task: spec.task } },
    );
  }
  if (named === undefined && initFrom !== undefined) {
    throw new ConfigError(
      `${spec.task}: train.initFrom must name the language model '${initFrom.fileName}', got none.`,
      'init-from',
    );
  }
  return initFrom;
}

function checkSameTrunk(spec: RunSpec, lm: LanguageModelInit): void {
  const ours = spec.model.recurrent;
  const theirs = lm.spec.model.recurrent;
  const sides: [string, unknown, unknown][] = [
    [
      'model.embeddingDim',
      spec.model.embeddingDim ?? DEFAULT_EMBEDDING_DIMS[spec.task as Supported],
      lm.spec.model.embeddingDim ?? DEFAULT_EMBEDDING_DIMS.generate,
    ],
    ['model.recurrent.cell', ours.cell, theirs.cell],
    ['model.recurrent.hiddenSize', ours.hiddenSize, theirs.hiddenSize],
    ['model.recurrent.numLayers', ours.numLayers, theirs.numLayers],
    ['model.recurrent.bidirectional', ours.bidirectional, theirs.bidirectional],
  ];
  if (ours.cell === 'rnn') {
    sides.push([
      'model.recurrent.nonlinearity',
      ours.nonlinearity ?? 'tanh',
      theirs.nonlinearity ?? 'tanh',
    ]);
  }
  for (const [field, mine, lms] of sides) {
    if (mine !== lms) {
      refuse(
        `train.initFrom: ${field} must equal the language model's (${String(lms)} in '${lm.fileName}'), got ${String(mine)} in this ${spec.task} spec.`,
        {
          key: 'init-from-mismatch',
          params: {
            field,
            theirs: String(lms),
            file: lm.fileName,
            ours: String(mine),
            task: spec.task,
          },
        },
      );
    }
  }
}

/**
 * Copies the language model's `embedding.*` and `rnn.*` weights into `model` (same names and
 * shapes, checked); every other parameter (the head) keeps its fresh initialisation.
 * @returns the names copied.
 * @throws ConfigError (code 'init-from') when a trunk weight is missing or of another shape.
 */
export function loadTrunk(model: Module, lm: LanguageModelInit): string[] {
  const loaded: string[] = [];
  for (const [name, p] of model.namedParameters()) {
    if (!name.startsWith('embedding.') && !name.startsWith('rnn.')) continue;
    const w = lm.weights.get(name);
    if (w === undefined)
      refuse(`train.initFrom: '${lm.fileName}' must hold the weight ${name}, got none.`);
    const same = w.shape.length === p.shape.length && w.shape.every((d, i) => d === p.shape[i]);
    if (!same || w.data.length !== p.data.length) {
      refuse(
        `train.initFrom: ${name} in '${lm.fileName}' must have shape ${formatShape(p.shape)}, got ${formatShape(w.shape)}.`,
      );
    }
    p.data.set(w.data);
    loaded.push(name);
  }
  return loaded;
}

/** How many of the encoded training token lists' ids are `<unk>`, and how many ids in all. */
export function countUnknown(encoded: Iterable<ArrayLike<number> & Iterable<number>>): {
  trainTokens: number;
  unknownTokens: number;
} {
  let trainTokens = 0;
  let unknownTokens = 0;
  for (const ids of encoded) {
    trainTokens += ids.length;
    for (const id of ids) if (id === UNK_ID) unknownTokens += 1;
  }
  return { trainTokens, unknownTokens };
}

/** One line for the run's log: what was taken and the `<unk>` share of the training tokens. */
export function describeTransfer(r: TransferReport): string {
  const share = r.trainTokens === 0 ? 0 : (100 * r.unknownTokens) / r.trainTokens;
  return `Started from '${r.fileName}': ${r.loaded.length} embedding and recurrent weights, its tokenizer and vocabulary; ${r.unknownTokens} of ${r.trainTokens} training tokens (${share.toFixed(1)} %) are not in its vocabulary and read as <unk>. The head is new.`;
}
