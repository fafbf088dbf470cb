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

/**
 * Core's estimate of a run on a file of `fileBytes` with the model `spec` describes, sized by the
 * dataset's dimensions, against `availableBytes` (null: unknown).
 */
export function trainingMemory(
  spec: RunSpec,
  options: { fileBytes: number; dims: SizeHints; availableBytes: number | null },
): TrainingMemory {
  const model = taskDefinition(spec.task).describeModel(spec, options.dims);
  const estimate = estimateTrainingMemory(spec.task, options.fileBytes, model);
  return { estimate, verdict: memoryVerdict(estimate, options.availableBytes) };
}
