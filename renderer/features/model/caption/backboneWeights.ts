/** The resnet18 weights a captioner's encoder starts from: the `.safetensors` file the user chose (kept until the run starts; only its header is read here) and the spec naming it. */
import { useSyncExternalStore } from 'react';
import { DatasetError } from '../../../../core/errors.ts';
import { readSafetensorsHeader, safetensorsHeaderLength } from '../../../../core/io/safetensors.ts';
import type { RunSpec } from '../../../../core/tasks/spec.ts';

/** Tensors a torchvision resnet18 state dict must hold, with their shapes. */
const RESNET18_KEYS: Readonly<Record<string, readonly number[]>> = {
  'conv1.weight': [64, 3, 7, 7],
  'layer4.1.conv2.weight': [512, 512, 3, 3],
};

/** Why a chosen file cannot start the encoder, or why a run cannot start; the Model section words it. */
export class BackboneChoiceError extends Error {
  override readonly name = 'BackboneChoiceError';
  constructor(
    readonly code: 'not-safetensors' | 'not-resnet18' | 'not-open',
    readonly params: { fileName: string; key?: string },
  ) {
    super(
      `Backbone weights: '${params.fileName}' must be torchvision's resnet18 state dict, got ${code}.`,
    );
  }
}

let chosen: File | null = null;
const listeners = new Set<() => void>();

/** The chosen weights file, if any. */
export function useChosenBackbone(): File | null {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => chosen,
  );
}

function setChosen(next: File | null): void {
  chosen = next;
  for (const l of listeners) l();
}

/**
 * Reads the header of `file` (untrusted) and keeps the file when it is a resnet18 state dict.
 * @throws BackboneChoiceError 'not-safetensors' for a file that is not safetensors, 'not-resnet18'
 *   naming the first tensor that is missing or misshapen.
 */
export async function chooseBackbone(file: File): Promise<void> {
  const slice = async (end: number) =>
    new Uint8Array(await file.slice(0, Math.min(end, file.size)).arrayBuffer());
  let names: Map<string, readonly number[]>;
  try {
    const length = safetensorsHeaderLength(await slice(8), file.size);
    const header = readSafetensorsHeader(await slice(8 + length), file.size);
    names = new Map(header.entries.map((e) => [e.name, e.shape]));
  } catch (err) {
    if (!(err instanceof DatasetError)) throw err;
    throw new BackboneChoiceError('not-safetensors', { fileName: file.name });
  }
  for (const [key, shape] of Object.entries(RESNET18_KEYS)) {
    if (names.get(key)?.join(',') !== shape.join(',')) {
      throw new BackboneChoiceError('not-resnet18', { fileName: file.name, key });
    }
  }
  setChosen(file);
}

/** Forgets the chosen file. */
export function forgetBackbone(): void {
  setChosen(null);
}

/**
 * The weights file to send with a run of `spec`: the chosen one when `model.image.weights` names it.
 * @throws BackboneChoiceError 'not-open' when the spec names a file no longer open (after a reload).
 */
export function backboneWeightsFor(spec: RunSpec): File | undefined {
  const named = spec.model.image?.weights;
  if (named === undefined) return undefined;
  if (chosen === null || chosen.name !== named) {
    throw new BackboneChoiceError('not-open', { fileName: named });
  }
  return chosen;
}
