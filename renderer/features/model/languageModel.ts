/** The language models a classifier, tagger or seq2seq encoder starts from (ULMFiT; ELMo's forward + backward pair as features): the chosen bundles' bytes, kept until the run starts, and the spec changes each choice makes. */
import { useSyncExternalStore } from 'react';
import { assertNever } from '../../../core/errors.ts';
import { readBundle } from '../../../core/io/bundle.ts';
import type { DataFile } from '../../../core/protocol/messages.ts';
import {
  DEFAULT_EMBEDDING_DIMS,
  DEFAULT_TOKENIZERS,
  defaultTransfer,
  type RunSpec,
  type TaskKind,
} from '../../../core/tasks/spec.ts';
import { ULMFIT_LAYER_LR_DECAY } from '../../../core/train/finetune.ts';

/** The tasks the core can start from a language model (core/tasks/common/transfer.ts; seq2seq its encoder). */
export const TRANSFER_TASKS: readonly TaskKind[] = ['classify', 'tag', 'seq2seq'];

/** A chosen language model: its bundle, and what the Model section says about it. */
export interface ChosenLanguageModel {
  /** The bundle's name: `train.initFrom` names it. */
  fileName: string;
  /** The `.rnnmodel` bytes, sent with `start-training`. */
  bytes: Uint8Array;
  /** The spec it was trained with (task generate). */
  spec: RunSpec;
  /** Tokens in its vocabulary (kept as they are by the fine-tuned model). */
  vocabSize: number;
  /** Desktop: the granted file it was opened from, which main's run queue reads itself. */
  grantedPath?: string;
}

/** What a run is sent: the bundle's bytes, and on the desktop the granted file when there is one. */
export type LanguageModelFile = DataFile & { grantedPath?: string };

/** What each refusal expected of the file (the English message; the UI words the code). */
const EXPECTED = {
  'not-generate': 'must be a generate model',
  unreadable: 'must be a model file',
  'not-open': 'must be open',
  'backward-as-forward': 'must read its text left to right to be the forward language model',
  'not-backward': 'must read its text right to left to be the backward language model',
  'backward-needs-features': 'must be read as frozen features beside a forward language model',
} as const;

function got(code: keyof typeof EXPECTED, params: { task?: string; detail?: string }): string {
  switch (code) {
    case 'not-generate':
      return `task ${params.task}`;
    case 'unreadable':
      return params.detail ?? 'an unreadable file';
    case 'not-open':
      return 'a closed model';
    case 'backward-as-forward':
      return 'a backward language model';
    case 'not-backward':
      return 'a forward language model';
    case 'backward-needs-features':
      return 'no forward language model used as features';
    default:
      return assertNever(code);
  }
}

/** Why a chosen file cannot start a model; the Model section words each code. */
export class LanguageModelChoiceError extends Error {
  override readonly name = 'LanguageModelChoiceError';
  constructor(
    readonly code: keyof typeof EXPECTED,
    readonly params: { fileName: string; task?: string; detail?: string },
  ) {
    super(`Language model: '${params.fileName}' ${EXPECTED[code]}, got ${got(code, params)}.`);
  }
}

/** Which of the two language models: the one read left to right (`train.initFrom`) or right to left (`train.initFromBackward`). */
export type LmSide = 'forward' | 'backward';

const chosen: Record<LmSide, ChosenLanguageModel | null> = { forward: null, backward: null };
const listeners = new Set<() => void>();

function setChosen(side: LmSide, next: ChosenLanguageModel | null): void {
  chosen[side] = next;
  for (const l of listeners) l();
}

/** The chosen language model of `side` (the forward one by default), if any. */
export function useChosenLanguageModel(side: LmSide = 'forward'): ChosenLanguageModel | null {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => chosen[side],
  );
}

/** The direction a generate model reads its text in (`model.direction`). */
function directionOf(spec: RunSpec): LmSide {
  return spec.model.direction ?? 'forward';
}

/** `bytes` read as a generate `.rnnmodel` (untrusted: readBundle checks it). */
function readLanguageModel(
  bytes: Uint8Array,
  fileName: string,
  grantedPath: string | undefined,
): ChosenLanguageModel {
  let bundle: ReturnType<typeof readBundle>;
  try {
    bundle = readBundle(bytes, fileName);
  } catch (err) {
    const detail = err instanceof Error ? err.message : String(err);
    throw new LanguageModelChoiceError('unreadable', { fileName, detail });
  }
  if (bundle.spec.task !== 'generate') {
    throw new LanguageModelChoiceError('not-generate', { fileName, task: bundle.spec.task });
  }
  const vocab = bundle.vocabularies.vocab;
  return {
    fileName,
    bytes,
    spec: bundle.spec,
    vocabSize: Array.isArray(vocab) ? vocab.length : 0,
    ...(grantedPath === undefined ? {} : { grantedPath }),
  };
}

/**
 * Reads `bytes` as a `.rnnmodel` (untrusted: readBundle checks it) and keeps it as the forward
 * language model.
 * @throws LanguageModelChoiceError for a file that is not a model, a model of another task, or a
 * backward language model.
 */
export function chooseLanguageModel(
  bytes: Uint8Array,
  fileName: string,
  grantedPath?: string,
): ChosenLanguageModel {
  const lm = readLanguageModel(bytes, fileName, grantedPath);
  if (directionOf(lm.spec) === 'backward') {
    throw new LanguageModelChoiceError('backward-as-forward', { fileName });
  }
  setChosen('forward', lm);
  return lm;
}

/**
 * Reads `bytes` as a `.rnnmodel` and keeps it as the backward language model (read as features
 * beside the forward one; the trainer checks both share a tokenizer and vocabulary).
 * @throws LanguageModelChoiceError for a file that is not a model, a model of another task, or a
 * language model reading left to right.
 */
export function chooseBackwardLanguageModel(
  bytes: Uint8Array,
  fileName: string,
  grantedPath?: string,
): ChosenLanguageModel {
  const lm = readLanguageModel(bytes, fileName, grantedPath);
  if (directionOf(lm.spec) !== 'backward') {
    throw new LanguageModelChoiceError('not-backward', { fileName });
  }
  setChosen('backward', lm);
  return lm;
}

/** Forgets both choices (the spec is reset by {@link withoutLanguageModel}). */
export function forgetLanguageModel(): void {
  chosen.backward = null;
  setChosen('forward', null);
}

/** Forgets the backward language model (the spec is reset by {@link withoutBackwardLanguageModel}). */
export function forgetBackwardLanguageModel(): void {
  setChosen('backward', null);
}

/** How a model uses its language model (`train.transfer`). */
export type TransferMode = NonNullable<RunSpec['train']['transfer']>;

/**
 * `spec` using `lm` as `transfer` says, written out so the UI shows each knob and layer:
 * 'fine-tune' with ULMFiT's schedule (gradual unfreezing, learning rate ÷ 2.6 per layer down),
 * without a backward language model (one is only read as features);
 * 'features' without one and with `model.lmFeatures` (the frozen trunk the model view shows;
 * the core writes the same from the language model when the run starts), keeping the backward
 * language model's trunk when `train.initFromBackward` names one.
 */
export function withTransfer(
  spec: RunSpec,
  transfer: TransferMode,
  lm: Pick<ChosenLanguageModel, 'spec'>,
): RunSpec {
  const { unfreeze: _u, layerLrDecay: _d, ...train } = spec.train;
  const { lmFeatures: _f, ...model } = spec.model;
  if (transfer === 'features') {
    const { weightDrop: _w, ...recurrent } = lm.spec.model.recurrent;
    const backward =
      train.initFromBackward === undefined ? undefined : spec.model.lmFeatures?.backward;
    const lmFeatures = {
      embeddingDim: lm.spec.model.embeddingDim ?? DEFAULT_EMBEDDING_DIMS.generate,
      recurrent: { ...recurrent, dropout: 0 },
      ...(backward === undefined ? {} : { backward }),
    };
    return { ...spec, model: { ...model, lmFeatures }, train: { ...train, transfer } };
  }
  const { initFromBackward: _b, ...forwardOnly } = train;
  return {
    ...spec,
    model,
    train: { ...forwardOnly, transfer, unfreeze: 'gradual', layerLrDecay: ULMFIT_LAYER_LR_DECAY },
  };
}

/**
 * `spec` starting from `lm`: its embedding width, recurrent stack and (classify) tokenizer, and no
 * character encoder (so the trunk fits), `train.initFrom` naming it, and the task's default
 * transfer ({@link withTransfer}). seq2seq: the encoder takes the trunk, the decoder follows the
 * encoder's stack, and `data.tokenizer` stays the target side's (the source side reads with the
 * language model's tokenizer).
 */
export function withLanguageModel(spec: RunSpec, lm: ChosenLanguageModel): RunSpec {
  // The language model's training-only regulariser (weight drop) is its own, not the new model's.
  const { weightDrop: _w, ...recurrent } = lm.spec.model.recurrent;
  const model = { ...spec.model, recurrent };
  if (lm.spec.model.embeddingDim !== undefined) model.embeddingDim = lm.spec.model.embeddingDim;
  else delete model.embeddingDim;
  // A tagger's recurrent layer then reads the word embedding alone, as the language model's did;
  // its words come tokenised, so only a classifier takes the tokenizer.
  delete model.charEncoder;
  if (spec.task === 'seq2seq') delete model.decoder;
  const tokenizer = lm.spec.data.tokenizer ?? DEFAULT_TOKENIZERS.generate;
  const keepsTokenizer = spec.task === 'tag' || spec.task === 'seq2seq';
  const started: RunSpec = {
    ...spec,
    model,
    data: keepsTokenizer ? spec.data : { ...spec.data, tokenizer },
    train: { ...spec.train, initFrom: lm.fileName },
  };
  return withTransfer(started, defaultTransfer(spec.task), lm);
}

/**
 * `spec` also reading `lm` right to left: `train.initFromBackward` naming it and its frozen trunk
 * as `model.lmFeatures.backward` (the core writes the same when the run starts).
 * @throws LanguageModelChoiceError 'backward-needs-features' unless the spec uses a forward
 * language model as features (a backward one is only read as features).
 */
export function withBackwardLanguageModel(
  spec: RunSpec,
  lm: Pick<ChosenLanguageModel, 'spec' | 'fileName'>,
): RunSpec {
  const features = spec.model.lmFeatures;
  if (spec.train.initFrom === undefined || spec.train.transfer !== 'features' || !features) {
    throw new LanguageModelChoiceError('backward-needs-features', { fileName: lm.fileName });
  }
  const { weightDrop: _w, ...recurrent } = lm.spec.model.recurrent;
  const backward = {
    embeddingDim: lm.spec.model.embeddingDim ?? DEFAULT_EMBEDDING_DIMS.generate,
    recurrent: { ...recurrent, dropout: 0 },
  };
  return {
    ...spec,
    model: { ...spec.model, lmFeatures: { ...features, backward } },
    train: { ...spec.train, initFromBackward: lm.fileName },
  };
}

/** `spec` without its backward language model (the forward one stays). */
export function withoutBackwardLanguageModel(spec: RunSpec): RunSpec {
  const { initFromBackward: _b, ...train } = spec.train;
  const features = spec.model.lmFeatures;
  if (features === undefined) return { ...spec, train };
  const { backward: _f, ...forward } = features;
  return { ...spec, model: { ...spec.model, lmFeatures: forward }, train };
}

/** `spec` trained from scratch again: no `initFrom` (nor `initFromBackward`), no transfer mode or fine-tuning schedule. */
export function withoutLanguageModel(spec: RunSpec): RunSpec {
  const {
    initFrom: _i,
    initFromBackward: _b,
    unfreeze: _u,
    layerLrDecay: _d,
    transfer: _t,
    ...train
  } = spec.train;
  const { lmFeatures: _f, ...model } = spec.model;
  return { ...spec, model, train };
}

/**
 * The bundle to send with a run of `spec` for `side`: the chosen one when `train.initFrom`
 * (forward) or `train.initFromBackward` (backward) names it.
 * @throws LanguageModelChoiceError 'not-open' when the spec names a model no longer open.
 */
export function languageModelFor(
  spec: RunSpec,
  side: LmSide = 'forward',
): LanguageModelFile | undefined {
  const named = side === 'forward' ? spec.train.initFrom : spec.train.initFromBackward;
  if (named === undefined) return undefined;
  const lm = chosen[side];
  if (lm === null || lm.fileName !== named) {
    throw new LanguageModelChoiceError('not-open', { fileName: named });
  }
  const { fileName, bytes, grantedPath } = lm;
  return { fileName, bytes, ...(grantedPath === undefined ? {} : { grantedPath }) };
}
