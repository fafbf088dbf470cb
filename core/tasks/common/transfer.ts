/** Starting a token model from a trained language model: its tokenizer and vocabulary, and its embedding and recurrent weights either as the model's own (ULMFiT's fine-tuning) or as a frozen trunk whose states the model reads (ELMo's features). */

import { z } from 'zod';
import type { TokenizerConfig } from '../../data/tokenizers.ts';
import { UNK_ID, Vocab } from '../../data/vocab.ts';
import { ConfigError, type MessageDetail } from '../../errors.ts';
import type { Module } from '../../nn/module.ts';
import { formatShape } from '../../tensor/shape.ts';
import {
  DEFAULT_EMBEDDING_DIMS,
  defaultTransfer,
  type RecurrentSpec,
  type RunSpec,
  type TaskKind,
} from '../spec.ts';
import type { LanguageModelInit, TransferReport } from '../task.ts';
import { LM_BACKWARD_PREFIX, LM_FEATURES_PREFIX } from './lmFeatures.ts';
import { parseState, tokenizerConfigSchema } from './schemas.ts';

export type { LanguageModelInit, TransferReport } from '../task.ts';

/** The language model a run starts from, with the backward one `train.initFromBackward` names. */
export interface LanguageModels extends LanguageModelInit {
  /** The backward language model (`model.direction: 'backward'`), read right to left. */
  readonly backward?: LanguageModelInit;
}

const lmStateSchema = z
  .object({
    kind: z.literal('generate'),
    tokenizer: tokenizerConfigSchema,
    vocab: z.array(z.string()),
  })
  .passthrough();

/** The tasks a language model can start (a tagger looks its words up in the LM's vocabulary; seq2seq starts its encoder). */
const SUPPORTED = ['classify', 'tag', 'seq2seq'] as const;
type Supported = (typeof SUPPORTED)[number];

/** Where a model keeps the trunk a language model fills: its embedding's and recurrent stack's name prefixes. */
export interface TrunkNames {
  /** `embedding.` (seq2seq: `src_embedding.`). */
  readonly embedding: string;
  /** `rnn.` (seq2seq: `encoder.`). */
  readonly rnn: string;
}

/** The names a language model's own trunk has (`embedding.*`, `rnn.*`), and classify's and tag's. */
const LM_TRUNK: TrunkNames = { embedding: 'embedding.', rnn: 'rnn.' };

/** The trunk's names in a model of `task`: seq2seq's source embedding and encoder, else the language model's own names. */
export function trunkNames(task: TaskKind): TrunkNames {
  return task === 'seq2seq' ? { embedding: 'src_embedding.', rnn: 'encoder.' } : LM_TRUNK;
}

/** How `train.initFrom` starts the model: `train.transfer`, else the task's {@link defaultTransfer}. */
export function transferMode(spec: RunSpec): 'fine-tune' | 'features' {
  return spec.train.transfer ?? defaultTransfer(spec.task);
}

/**
 * The prepared spec of a run started from `lm`: `train.transfer` written out (so the saved spec and
 * the exported train.py need no default), and in 'features' mode `model.lmFeatures` describing
 * the language model's trunk, so a saved model rebuilds it without the language model's file.
 * `spec` unchanged without a language model.
 * @throws ConfigError (code 'init-from') for `model.lmFeatures` without a language model (its
 * trunk would be random).
 */
export function withLmFeatures(spec: RunSpec, lm: LanguageModels | undefined): RunSpec {
  if (lm === undefined) {
    if (spec.model.lmFeatures !== undefined) {
      refuse(
        `${spec.task}: model.lmFeatures must come with train.initFrom (the language model whose states it reads), got none.`,
      );
    }
    return spec;
  }
  const transfer = transferMode(spec);
  const train = { ...spec.train, transfer };
  const { lmFeatures: _stale, ...model } = spec.model;
  if (transfer === 'fine-tune') return { ...spec, model, train };
  const lmFeatures = {
    ...frozenTrunkSpec(lm),
    ...(lm.backward === undefined ? {} : { backward: frozenTrunkSpec(lm.backward) }),
  };
  return { ...spec, train, model: { ...model, lmFeatures } };
}

/** A language model's embedding width and recurrent stack as a frozen trunk runs them. */
function frozenTrunkSpec(lm: LanguageModelInit): {
  embeddingDim: number;
  recurrent: RecurrentSpec;
} {
  // The trunk runs frozen, the same in training as in evaluation: no dropout of any kind.
  const { weightDrop: _w, ...recurrent } = lm.spec.model.recurrent;
  return {
    embeddingDim: lm.spec.model.embeddingDim ?? DEFAULT_EMBEDDING_DIMS.generate,
    recurrent: { ...recurrent, dropout: 0 },
  };
}

function refuse(message: string, detail?: MessageDetail): never {
  throw new ConfigError(message, 'init-from', detail);
}

/**
 * The tokenizer and vocabulary of the language model, after checking it can start a model of
 * `spec` (task supported; to fine-tune it, the same embedding width and recurrent stack and no
 * character encoder; as features, any trunk).
 * @throws ConfigError (code 'init-from') in one line naming both sides when it cannot.
 */
export function languageModelTokens(
  spec: RunSpec,
  lm: LanguageModels,
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
      `train.initFrom: starting from a language model is supported for classify, tag and seq2seq, got ${spec.task}.`,
    );
  }
  const fineTune = transferMode(spec) === 'fine-tune';
  if (!fineTune && spec.task === 'seq2seq') {
    refuse(
      `train.transfer: seq2seq starts its encoder from '${lm.fileName}' by fine-tuning it; train.transfer must be 'fine-tune', got 'features'.`,
      { key: 'init-from-seq2seq-features', params: { file: lm.fileName } },
    );
  }
  if (fineTune && spec.model.charEncoder !== undefined) {
    refuse(
      `train.initFrom: model.charEncoder must be left out when starting from '${lm.fileName}' (the language model's recurrent layer reads the word embedding alone), got an encoder.`,
      { key: 'init-from-char-encoder', params: { file: lm.fileName } },
    );
  }
  if (fineTune) checkSameTrunk(spec, lm);
  const state = parseState('generate', lmStateSchema, lm.taskState);
  if (lm.backward !== undefined) checkSameTokens(state, lm.backward);
  return { tokenizer: state.tokenizer, vocab: new Vocab(state.vocab) };
}

/**
 * The backward language model must read tokens as the forward one does: the same tokenizer and
 * vocabulary in the same order (a generate run fits them on the text as written in either
 * direction, so two runs on the same text agree).
 * @throws ConfigError (code 'init-from') naming the first difference.
 */
function checkSameTokens(forward: z.infer<typeof lmStateSchema>, lm: LanguageModelInit): void {
  const backward = parseState('generate', lmStateSchema, lm.taskState);
  const same =
    JSON.stringify(backward.tokenizer) === JSON.stringify(forward.tokenizer) &&
    backward.vocab.length === forward.vocab.length &&
    backward.vocab.every((w, i) => w === forward.vocab[i]);
  if (!same) {
    const what =
      JSON.stringify(backward.tokenizer) !== JSON.stringify(forward.tokenizer)
        ? 'tokenizer'
        : 'vocabulary';
    refuse(
      `train.initFromBackward: the ${what} of '${lm.fileName}' must equal the forward language model's; train both on the same text with the same tokenizer.`,
      { key: 'init-from-backward-tokens', params: { what, file: lm.fileName } },
    );
  }
}

/**
 * The language model to start from: required when `train.initFrom` names one, refused when given
 * without it.
 * @throws ConfigError (code 'init-from') in either case.
 */
export function languageModelFor(
  spec: RunSpec,
  initFrom: LanguageModelInit | undefined,
  initFromBackward?: LanguageModelInit,
): LanguageModels | undefined {
  const forward = forwardModelFor(spec, initFrom);
  const backward = backwardModelFor(spec, initFromBackward);
  if (backward === undefined) return forward;
  if (forward === undefined) {
    refuse(
      `${spec.task}: train.initFromBackward needs train.initFrom (the forward language model), got none.`,
    );
  }
  return { ...forward, backward };
}

/**
 * The backward language model `train.initFromBackward` names: a generate model reading right to
 * left, used as features.
 * @throws ConfigError (code 'init-from') when named and not read, read and not named, not a
 * backward language model, or with `train.transfer: 'fine-tune'`.
 */
function backwardModelFor(
  spec: RunSpec,
  initFromBackward: LanguageModelInit | undefined,
): LanguageModelInit | undefined {
  const named = spec.train.initFromBackward;
  if (named !== undefined && initFromBackward === undefined) {
    refuse(
      `${spec.task}: train.initFromBackward names '${named}', but no language model was read; open it or remove train.initFromBackward.`,
      { key: 'init-from-backward-not-read', params: { file: named, task: spec.task } },
    );
  }
  if (initFromBackward === undefined) return undefined;
  const file = initFromBackward.fileName;
  if (named === undefined) {
    refuse(
      `${spec.task}: train.initFromBackward must name the language model '${file}', got none.`,
    );
  }
  if (transferMode(spec) !== 'features') {
    refuse(
      `train.initFromBackward: a backward language model is read as features; train.transfer must be 'features', got '${transferMode(spec)}'.`,
      { key: 'init-from-backward-fine-tune', params: { value: transferMode(spec) } },
    );
  }
  const task = initFromBackward.spec.task;
  const direction = initFromBackward.spec.model.direction ?? 'forward';
  if (task !== 'generate') {
    refuse(
      `train.initFromBackward: '${file}' must be a backward language model (task generate, model.direction 'backward'), got task ${task}.`,
      { key: 'init-from-backward-not-lm', params: { file, task } },
    );
  }
  if (direction !== 'backward') {
    refuse(
      `train.initFromBackward: '${file}' must be a backward language model (task generate, model.direction 'backward'), got task generate reading ${direction}.`,
      { key: 'init-from-backward-forward', params: { file } },
    );
  }
  return initFromBackward;
}

function forwardModelFor(
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
  if (initFrom?.spec.model.direction === 'backward') {
    refuse(
      `train.initFrom: '${initFrom.fileName}' reads its text right to left (model.direction 'backward'); give it as train.initFromBackward beside a forward language model.`,
      { key: 'init-from-backward-as-forward', params: { file: initFrom.fileName } },
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
 * Copies the language model's `embedding.*` and `rnn.*` weights into `model` (same shapes,
 * checked): into its own trunk when fine-tuning ({@link trunkNames}: `embedding.*` and `rnn.*`,
 * seq2seq's `src_embedding.*` and `encoder.*`), into the frozen trunk's `lm.embedding.*` and
 * `lm.rnn.*` when used as features; every other parameter keeps its fresh initialisation.
 * @returns the model's names copied into.
 * @throws ConfigError (code 'init-from') when a trunk weight is missing or of another shape.
 */
export function loadTrunk(model: Module, lm: LanguageModels, spec: RunSpec): string[] {
  const features = transferMode(spec) === 'features';
  const prefix = features ? LM_FEATURES_PREFIX : '';
  const names = features ? LM_TRUNK : trunkNames(spec.task);
  const loaded: string[] = [];
  for (const [ours, p] of model.namedParameters()) {
    if (!ours.startsWith(prefix)) continue;
    const backward = prefix !== '' && ours.startsWith(prefix + LM_BACKWARD_PREFIX);
    const source = backward ? lm.backward : lm;
    const field = backward ? 'train.initFromBackward' : 'train.initFrom';
    const local = ours.slice(prefix.length + (backward ? LM_BACKWARD_PREFIX.length : 0));
    const name = lmWeightName(local, names);
    if (name === undefined) continue;
    if (source === undefined)
      refuse(`${field}: a language model must be read for ${ours}, got none.`);
    const w = source.weights.get(name);
    if (w === undefined)
      refuse(`${field}: '${source.fileName}' must hold the weight ${name}, got none.`);
    const same = w.shape.length === p.shape.length && w.shape.every((d, i) => d === p.shape[i]);
    if (!same || w.data.length !== p.data.length) {
      refuse(
        `${field}: ${name} in '${source.fileName}' must have shape ${formatShape(p.shape)}, got ${formatShape(w.shape)}.`,
      );
    }
    p.data.set(w.data);
    loaded.push(ours);
  }
  return loaded;
}

/** The language model's name (`embedding.…`, `rnn.…`) of a model's trunk weight, else undefined. */
function lmWeightName(name: string, names: TrunkNames): string | undefined {
  if (name.startsWith(names.embedding)) {
    return LM_TRUNK.embedding + name.slice(names.embedding.length);
  }
  if (name.startsWith(names.rnn)) return LM_TRUNK.rnn + name.slice(names.rnn.length);
  return undefined;
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

/** One line for the run's log: what was taken, how it is used and the `<unk>` share of the training tokens. */
export function describeTransfer(r: TransferReport): string {
  const share = r.trainTokens === 0 ? 0 : (100 * r.unknownTokens) / r.trainTokens;
  const features = r.loaded.some((name) => name.startsWith(LM_FEATURES_PREFIX));
  const backward =
    r.backwardFileName === undefined
      ? ''
      : ` With '${r.backwardFileName}', a backward language model, whose states at every token (the text to its right) join the forward model's.`;
  const encoder = r.loaded.some((name) => name.startsWith(trunkNames('seq2seq').rnn));
  const use = features
    ? `The language model runs frozen: a new embedding and recurrent stack read its states at every token (features).${backward}`
    : encoder
      ? 'They start the source embedding and the encoder; the decoder is new.'
      : 'The head is new.';
  return `Started from '${r.fileName}': ${r.loaded.length} embedding and recurrent weights, its tokenizer and vocabulary; ${r.unknownTokens} of ${r.trainTokens} training tokens (${share.toFixed(1)} %) are not in its vocabulary and read as <unk>. ${use}`;
}
