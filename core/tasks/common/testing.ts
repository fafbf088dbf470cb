/** Helpers for the task tests (no test runner or file access here): a small recurrent spec and a task prepared and trained for a few steps. */
import { Random } from '../../random.ts';
import type { RecurrentSpec, RunSpec } from '../spec.ts';
import type { PreparedTask, TaskDefinition } from '../task.ts';
import { quickTrain } from './quickTrain.ts';

/** A one-layer unidirectional GRU of 32 units without dropout, with `overrides` applied. */
export function smallRecurrent(overrides: Partial<RecurrentSpec> = {}): RecurrentSpec {
  return {
    cell: 'gru',
    hiddenSize: 32,
    numLayers: 1,
    bidirectional: false,
    dropout: 0,
    nonlinearity: 'tanh',
    ...overrides,
  };
}

/**
 * Prepares `task` on a file with a generator seeded by `spec.train.seed`, then trains it for
 * `steps` optimizer steps with {@link quickTrain}.
 */
export async function trainedTask(
  task: TaskDefinition,
  input: { spec: RunSpec; fileName: string; bytes: Uint8Array; steps: number },
): Promise<PreparedTask> {
  const prepared = await task.prepare({
    spec: input.spec,
    fileName: input.fileName,
    bytes: input.bytes,
    random: new Random(input.spec.train.seed),
  });
  quickTrain(prepared, { steps: input.steps });
  return prepared;
}
