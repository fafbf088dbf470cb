/** Core's training-memory estimate for the loaded file and the current model, and whether it fits the host's memory: the computer's total on the desktop (main's os.totalmem()), the browser's navigator.deviceMemory (a lower bound) in web mode. */
import { taskDefinition } from '../../../core/tasks/registry/index.ts';
import type { RunSpec } from '../../../core/tasks/spec.ts';
import type { SizeHints } from '../../../core/tasks/task.ts';
import {
  estimateTrainingMemory,
  type HostMemory,
  type MemoryVerdict,
  memoryVerdict,
  type TrainingMemoryEstimate,
} from '../../../core/train/memoryBudget.ts';

/** The estimate, its verdict, and the memory it was compared with. */
export interface TrainingMemory {
  estimate: TrainingMemoryEstimate;
  verdict: MemoryVerdict;
  host: HostMemory;
}

/** `navigator.deviceMemory` in GiB where the browser has it (Chromium rounds it and caps it at 8), else null. */
export function deviceMemoryGiB(nav: { deviceMemory?: number } | undefined): number | null {
  const gib = nav?.deviceMemory;
  return typeof gib === 'number' && gib > 0 ? gib : null;
}

/**
 * Core's estimate of a run on a file of `fileBytes` with the model `spec` describes, sized by the
 * dataset's dimensions, against `host` (core/train/memoryBudget.ts hostMemory).
 */
export function trainingMemory(
  spec: RunSpec,
  options: { fileBytes: number; dims: SizeHints; host: HostMemory },
): TrainingMemory {
  const model = taskDefinition(spec.task).describeModel(spec, options.dims);
  const estimate = estimateTrainingMemory(spec.task, options.fileBytes, model);
  const { host } = options;
  return {
    estimate,
    verdict: memoryVerdict(estimate, host.source === 'unknown' ? null : host.bytes),
    host,
  };
}
