/** The memory a training run needs for a file and a model, whether it fits what the host has, and the browser edition's file-size limit — as numbers and codes the UI words in its language. */
import type { TaskKind } from '../tasks/spec.ts';
import type { ModelDescription } from '../tasks/task.ts';
import {
  TRAINING_FILE_LIMIT_BYTES,
  type TrainingFileRefusal,
  trainingFileRefusal,
} from './trainingFile.ts';

/**
 * Bytes the prepared data costs per byte of the file, by task: what build/scripts/benchScale.mjs
 * measures on realistic files (see docs/benchmarks.md, "Big files": peak RSS less the runtime,
 * now that the file is read a piece at a time). classify keeps compact token ids (1.6 to the
 * first step and 1.9 over a whole run, with training's and evaluation's garbage, on 200 MiB);
 * forecast keeps its columns and series as numbers and each part as a view (1.0–1.4 on 200 MiB,
 * 3.3 when windows were copied); tag keeps a 16-bit word id and an 8-bit tag id per token in
 * chunks, nothing joined (0.7–0.9 on 200 MiB); seq2seq and generate still hold their text whole
 * and their examples as arrays.
 */
export const DATA_BYTES_PER_FILE_BYTE: Readonly<Record<TaskKind, number>> = {
  classify: 2,
  forecast: 1.5,
  tag: 1,
  seq2seq: 6,
  generate: 6,
  // NOTE: caption data is a folder of images, not one file; its pixels are counted by the task.
  caption: 6,
};

/**
 * The file's bytes held at once while a task reads it a piece at a time (core/data/byteSource.ts):
 * inspection's 4 MiB head, or a 4 MiB piece and its decoded text (UTF-16, up to twice as large).
 * A captioning zip is held whole.
 */
export const FILE_HELD_BYTES = 16 * 1024 * 1024;

/** The runtime itself (JavaScript engine, kernels, code) before any data: measured ~120–160 MiB. */
export const RUNTIME_BYTES = 160 * 1024 * 1024;

/** The largest file the browser edition trains on (core/train/trainingFile.ts says why). */
export const BROWSER_MAX_TRAINING_FILE_BYTES = TRAINING_FILE_LIMIT_BYTES.browser;

/** Estimated peak memory of a training run, in bytes. */
export interface TrainingMemoryEstimate {
  /** The file's bytes held at once: a piece while it is read (at most {@link FILE_HELD_BYTES}), a captioning zip whole. */
  readonly fileBytes: number;
  /** What the prepared data keeps (texts, ids, series), from {@link DATA_BYTES_PER_FILE_BYTE}. */
  readonly dataBytes: number;
  /** The model: weights, gradients, Adam's moments and one batch's activations (describeModel). */
  readonly modelBytes: number;
  /** The runtime before any data. */
  readonly runtimeBytes: number;
  readonly totalBytes: number;
}

/**
 * Peak memory of training `task` on a file of `fileBytes` with the model `model` describes.
 * @throws RangeError for a negative or non-finite file size.
 */
export function estimateTrainingMemory(
  task: TaskKind,
  fileBytes: number,
  model: Pick<ModelDescription, 'memory'>,
): TrainingMemoryEstimate {
  if (!(Number.isFinite(fileBytes) && fileBytes >= 0)) {
    throw new RangeError(`estimateTrainingMemory: fileBytes must be ≥ 0, got ${fileBytes}.`);
  }
  const dataBytes = Math.round(fileBytes * DATA_BYTES_PER_FILE_BYTE[task]);
  const modelBytes = model.memory.totalBytes;
  const held = task === 'caption' ? fileBytes : Math.min(fileBytes, FILE_HELD_BYTES);
  return {
    fileBytes: held,
    dataBytes,
    modelBytes,
    runtimeBytes: RUNTIME_BYTES,
    totalBytes: held + dataBytes + modelBytes + RUNTIME_BYTES,
  };
}

/** The memory an estimate is compared with, and where that figure comes from. */
export type HostMemory =
  /** The computer's physical memory as the operating system reports it (the desktop app, the CLI). */
  | { readonly source: 'system'; readonly bytes: number }
  /**
   * The browser's `navigator.deviceMemory`: rounded and capped (Chromium: at most 8 GiB), so a
   * lower bound of what the computer has.
   */
  | { readonly source: 'browser-lower-bound'; readonly bytes: number }
  /** Neither is known. */
  | { readonly source: 'unknown' };

/**
 * The figure a verdict uses: the system's total when the host gives it (the desktop's main
 * process), else the browser's device memory in GiB, else unknown.
 */
export function hostMemory(reported: {
  /** The computer's total memory in bytes, or null when the host cannot give it (web mode). */
  systemBytes: number | null;
  /** `navigator.deviceMemory` in GiB, when the browser has it. */
  deviceMemoryGiB?: number | null;
}): HostMemory {
  const { systemBytes, deviceMemoryGiB } = reported;
  if (systemBytes !== null && Number.isFinite(systemBytes) && systemBytes > 0) {
    return { source: 'system', bytes: systemBytes };
  }
  if (
    typeof deviceMemoryGiB === 'number' &&
    Number.isFinite(deviceMemoryGiB) &&
    deviceMemoryGiB > 0
  ) {
    return { source: 'browser-lower-bound', bytes: deviceMemoryGiB * 1024 ** 3 };
  }
  return { source: 'unknown' };
}

/** How an estimate compares with the memory the host has (null: the host cannot tell). */
export type MemoryVerdict =
  | { readonly code: 'fits'; readonly neededBytes: number; readonly availableBytes: number }
  | { readonly code: 'tight'; readonly neededBytes: number; readonly availableBytes: number }
  | { readonly code: 'too-large'; readonly neededBytes: number; readonly availableBytes: number }
  | { readonly code: 'unknown'; readonly neededBytes: number };

/**
 * 'too-large' when the estimate exceeds the memory available, 'tight' above 80 % of it, else
 * 'fits'; 'unknown' when the host cannot say what it has.
 */
export function memoryVerdict(
  estimate: Pick<TrainingMemoryEstimate, 'totalBytes'>,
  availableBytes: number | null,
): MemoryVerdict {
  const neededBytes = estimate.totalBytes;
  if (availableBytes === null || !(availableBytes > 0)) return { code: 'unknown', neededBytes };
  if (neededBytes > availableBytes) return { code: 'too-large', neededBytes, availableBytes };
  if (neededBytes > 0.8 * availableBytes) return { code: 'tight', neededBytes, availableBytes };
  return { code: 'fits', neededBytes, availableBytes };
}

/** Why the browser edition refuses a file: a code and the numbers to word it with. */
export type BrowserFileRefusal = TrainingFileRefusal;

/** The refusal for a file the browser edition cannot train on, or null when it can. */
export function browserFileRefusal(fileName: string, fileBytes: number): BrowserFileRefusal | null {
  return trainingFileRefusal('browser', fileName, fileBytes);
}
