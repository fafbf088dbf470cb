/** The warning `rnn-studio train` prints before a run whose estimated memory (core's estimate for the file and the model) would not fit, or barely fit, in this computer's memory. */
import type { TaskKind } from '../core/tasks/spec.ts';
import type { ModelDescription } from '../core/tasks/task.ts';
import { estimateTrainingMemory, memoryVerdict } from '../core/train/memoryBudget.ts';

/** 2.0 GiB; below 1 GiB in whole MiB (16 MiB), so the file's piece does not read as 0.0 GiB. */
const gib = (bytes: number): string =>
  bytes < 1024 ** 3
    ? `${Math.round(bytes / 1024 ** 2)} MiB`
    : `${(bytes / 1024 ** 3).toFixed(1)} GiB`;

/**
 * One line (no newline) warning that training `fileName` (`fileBytes`) for `task` with the model
 * `model` describes needs more memory than `totalMemoryBytes`, or over 80 % of it; null when it
 * fits or the memory is unknown.
 */
export function memoryWarning(options: {
  task: TaskKind;
  fileName: string;
  fileBytes: number;
  model: Pick<ModelDescription, 'memory'>;
  totalMemoryBytes: number | null;
}): string | null {
  const estimate = estimateTrainingMemory(options.task, options.fileBytes, options.model);
  const verdict = memoryVerdict(estimate, options.totalMemoryBytes);
  if (verdict.code !== 'too-large' && verdict.code !== 'tight') return null;
  const parts = `the file ${gib(estimate.fileBytes)}, its prepared data ${gib(estimate.dataBytes)}, the model ${gib(estimate.modelBytes)}, the runtime ${gib(estimate.runtimeBytes)}`;
  const against =
    verdict.code === 'too-large'
      ? `more than this computer's ${gib(verdict.availableBytes)}, so it would likely run out of memory`
      : `over 80 % of this computer's ${gib(verdict.availableBytes)}, so it may run out of memory`;
  return `warning: training on '${options.fileName}' needs about ${gib(estimate.totalBytes)} of memory (${parts}), ${against}. Use a smaller file or model (--hidden, --max-length, --batch-size), or a computer with more memory.`;
}
