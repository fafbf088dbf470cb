/** The language model a classifier or tagger starts from (ULMFiT): the chosen bundle's bytes, kept until the run starts, and the spec changes the choice makes. */
import { useSyncExternalStore } from 'react';
import { readBundle } from '../../../core/io/bundle.ts';
import type { DataFile } from '../../../core/protocol/messages.ts';
import {
  DEFAULT_EMBEDDING_DIMS,
  DEFAULT_TOKENIZERS,
  DEFAULT_TRANSFER,
  type RunSpec,
  type TaskKind,
} from '../../../core/tasks/spec.ts';
import { ULMFIT_LAYER_LR_DECAY } from '../../../core/train/finetune.ts';

/** The tasks the core can start from a language model (core/tasks/common/transfer.ts). */
export const TRANSFER_TASKS: readonly TaskKind[] = ['classify', 'tag'];

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

/** Why a chosen file cannot start a model; the Model section words each code. */
export class LanguageModelChoiceError extends Error {
  override readonly name = 'LanguageModelChoiceError';
  constructor(
    readonly code: 'not-generate' | 'unreadable' | 'not-open',
    readonly params: { fileName: string; task?: string; detail?: string },
  ) {
    super(
      `Language model: '${params.fileName}' must be an open generate model, got ${params.task ?? code}${params.detail === undefined ? '' : ` (${params.detail})`}.`,
    );
  }
}

let chosen: ChosenLanguageModel | null = null;
const listeners = new Set<() => void>();

function setChosen(next: ChosenLanguageModel | null): void {
  chosen = next;
  for (const l of listeners) l();
}

/** The chosen language model, if any. */
export function useChosenLanguageModel(): ChosenLanguageModel | null {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => chosen,
  );
}

/**
 * Reads `bytes` as a `.rnnmodel` (untrusted: readBundle checks it) and keeps it as the choice.
 * @throws LanguageModelChoiceError for a file that is not a model, or a model of another task.
 */
export function chooseLanguageModel(
  bytes: Uint8Array,
  fileName: string,
  grantedPath?: string,
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
  const lm: ChosenLanguageModel = {
    fileName,
    bytes,
    spec: bundle.spec,
    vocabSize: Array.isArray(vocab) ? vocab.length : 0,
    ...(grantedPath === undefined ? {} : { grantedPath }),
  };
  setChosen(lm);
  return lm;
}

/** Forgets the choice (the spec is reset by {@link withoutLanguageModel}). */
export function forgetLanguageModel(): void {
  setChosen(null);
}

/** How a model uses its language model (`train.transfer`). */
export type TransferMode = NonNullable<RunSpec['train']['transfer']>;

/**
 * `spec` using `lm` as `transfer` says, written out so the UI shows each knob and layer:
 * 'fine-tune' with ULMFiT's schedule (gradual unfreezing, learning rate ÷ 2.6 per layer down),
 * without a backward language model (one is only read as features);
 * 'features' without one and with `model.lmFeatures` (the frozen trunk the model view shows;
 * the core writes the same from the language model when the run starts), keeping the backward
 * language model's trunk a spec with `train.initFromBackward` carries (set from the CLI or a saved
 * spec; the app does not choose one).
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
 * character encoder (so the trunk fits), `train.initFrom` naming it, and the default transfer
 * ({@link withTransfer}).
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
  const tokenizer = lm.spec.data.tokenizer ?? DEFAULT_TOKENIZERS.generate;
  const started: RunSpec = {
    ...spec,
    model,
    data: spec.task === 'tag' ? spec.data : { ...spec.data, tokenizer },
    train: { ...spec.train, initFrom: lm.fileName },
  };
  return withTransfer(started, DEFAULT_TRANSFER, lm);
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
 * The bundle to send with a run of `spec`: the chosen one when `train.initFrom` names it.
 * @throws LanguageModelChoiceError 'not-open' when the spec names a model no longer open.
 */
export function languageModelFor(spec: RunSpec): LanguageModelFile | undefined {
  const named = spec.train.initFrom;
  if (named === undefined) return undefined;
  if (chosen === null || chosen.fileName !== named) {
    throw new LanguageModelChoiceError('not-open', { fileName: named });
  }
  const { fileName, bytes, grantedPath } = chosen;
  return { fileName, bytes, ...(grantedPath === undefined ? {} : { grantedPath }) };
}
