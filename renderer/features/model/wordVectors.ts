/** The word-vector file a model's embedding starts from: the chosen file (kept until the run starts, never read whole here), its width, and the spec changes the choice makes. */
import { useSyncExternalStore } from 'react';
import { vectorShape, WORD_VECTOR_LIMITS } from '../../../core/data/wordVectors.ts';
import { DatasetError, type MessageDetail } from '../../../core/errors.ts';
import type { RunSpec, TaskKind } from '../../../core/tasks/spec.ts';

/** The tasks whose embedding can start from word vectors (core/tasks/common/wordVectors.ts). */
export const VECTOR_TASKS: readonly TaskKind[] = ['classify', 'tag', 'seq2seq'];

/** A chosen vector file and what its first lines say. */
export interface ChosenVectors {
  /** The file's name: `model.wordVectors.file` names it. */
  fileName: string;
  /** The file itself (its bytes are read when the run starts). */
  file: File;
  /** Numbers per vector: the embedding's width. */
  dim: number;
  /** 'vec' (a "count dim" first line) or 'glove'. */
  format: 'vec' | 'glove';
}

/** Why a chosen file cannot start the embedding; the Model section words it. */
export class VectorChoiceError extends Error {
  override readonly name = 'VectorChoiceError';
  constructor(
    readonly code: 'not-vectors' | 'not-open',
    readonly params: { fileName: string },
    /** For 'not-vectors': core's refusal as a key and parameters. */
    readonly detail?: MessageDetail,
  ) {
    super(`Word vectors: '${params.fileName}' must be an open word-vector file, got ${code}.`);
  }
}

let chosen: ChosenVectors | null = null;
const listeners = new Set<() => void>();

function setChosen(next: ChosenVectors | null): void {
  chosen = next;
  for (const l of listeners) l();
}

/** The chosen vector file, if any. */
export function useChosenVectors(): ChosenVectors | null {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => chosen,
  );
}

/**
 * Reads the first lines of `file` (untrusted: checked as training checks them) and keeps it. Any
 * size: the trainer streams the file when the run starts (the desktop app grants the file on disk
 * by its path; the browser edition posts the File).
 * @throws VectorChoiceError 'not-vectors' (with core's refusal) for a file that is not word vectors.
 */
export async function chooseVectors(file: File): Promise<ChosenVectors> {
  const head = new Uint8Array(
    await file.slice(0, WORD_VECTOR_LIMITS.maxLineBytes + 1).arrayBuffer(),
  );
  let shape: ReturnType<typeof vectorShape>;
  try {
    shape = vectorShape(head, file.name);
  } catch (err) {
    if (!(err instanceof DatasetError)) throw err;
    throw new VectorChoiceError('not-vectors', { fileName: file.name }, err.detail);
  }
  const next: ChosenVectors = { fileName: file.name, file, ...shape };
  setChosen(next);
  return next;
}

/** Forgets the choice (the spec is reset by {@link withoutWordVectors}). */
export function forgetVectors(): void {
  setChosen(null);
}

/** `spec` starting its embedding from `v`: `model.wordVectors` naming it, the width following it. */
export function withWordVectors(spec: RunSpec, v: ChosenVectors, freeze: boolean): RunSpec {
  return {
    ...spec,
    model: { ...spec.model, embeddingDim: v.dim, wordVectors: { file: v.fileName, freeze } },
  };
}

/** `spec` with a fresh embedding again (its width stays as it was). */
export function withoutWordVectors(spec: RunSpec): RunSpec {
  const { wordVectors: _w, ...model } = spec.model;
  return { ...spec, model };
}

/**
 * The file to send with a run of `spec`: the chosen one when `model.wordVectors` names it.
 * @throws VectorChoiceError 'not-open' when the spec names a file no longer open (after a reload).
 */
export function wordVectorsFor(spec: RunSpec): File | undefined {
  const named = spec.model.wordVectors?.file;
  if (named === undefined) return undefined;
  if (chosen === null || chosen.fileName !== named) {
    throw new VectorChoiceError('not-open', { fileName: named });
  }
  return chosen.file;
}
