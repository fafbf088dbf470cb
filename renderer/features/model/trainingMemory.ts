/** Core's training-memory estimate for the loaded file and the current model, and whether it fits the memory the browser reports (navigator.deviceMemory). */
import { taskDefinition } from '../../../core/tasks/registry/index.ts';
import type { RunSpec } from '../../../core/tasks/spec.ts';
import type { SizeHints } from '../../../core/tasks/task.ts';
import {
  estimateTrainingMemory,
  type MemoryVerdict,
  memoryVerdict,
  type TrainingMemoryEstimate,
} from '../../../core/train/memoryBudget.ts';
import type { DatasetDims } from './architecture.ts';

/** The estimate and its verdict. */
export interface TrainingMemory {
  estimate: TrainingMemoryEstimate;
  verdict: MemoryVerdict;
}

/** The device's memory in bytes as the browser reports it (Chromium rounds and caps it), or null. */
export function deviceMemoryBytes(nav: { deviceMemory?: number } | undefined): number | null {
  const gib = nav?.deviceMemory;
  return typeof gib === 'number' && gib > 0 ? gib * 1024 ** 3 : null;
}

/** The size hints core's describeModel takes, from the dataset's dimensions. */
export function sizeHints(dims: DatasetDims, sequenceLength?: number): SizeHints {
  return {
    ...(dims.vocabSize !== undefined ? { vocabSize: dims.vocabSize } : {}),
    ...(dims.targetVocabSize !== undefined ? { targetVocabSize: dims.targetVocabSize } : {}),
    ...(dims.numClasses !== undefined ? { numClasses: dims.numClasses } : {}),
    ...(dims.numTags !== undefined ? { numClasses: dims.numTags } : {}),
    ...(dims.numFeatures !== undefined ? { numFeatures: dims.numFeatures } : {}),
    ...(dims.charVocabSize !== undefined ? { charVocabSize: dims.charVocabSize } : {}),
    ...(sequenceLength !== undefined ? { sequenceLength } : {}),
  };
}

/** Core's memory estimate of the model alone (weights, gradients, Adam's moments, one batch's activations). */
export function modelMemory(spec: RunSpec, dims: DatasetDims, sequenceLength: number) {
  return taskDefinition(spec.task).describeModel(spec, sizeHints(dims, sequenceLength)).memory;
}

/**
 * Core's estimate of a run on a file of `fileBytes` with the model `spec` describes, sized by the
 * dataset's dimensions, against `availableBytes` (null: unknown).
 */
export function trainingMemory(
  spec: RunSpec,
  options: { fileBytes: number; dims: DatasetDims; availableBytes: number | null },
): TrainingMemory {
  const model = taskDefinition(spec.task).describeModel(spec, sizeHints(options.dims));
  const estimate = estimateTrainingMemory(spec.task, options.fileBytes, model);
  return { estimate, verdict: memoryVerdict(estimate, options.availableBytes) };
}
