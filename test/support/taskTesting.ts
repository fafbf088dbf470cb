/** Helpers for the task tests (no test runner or file access here): a small recurrent spec, a task prepared and trained for a few steps, and an untrained language model to start from. */
import type { SafetensorsInput } from '../../core/io/safetensors.ts';
import type { Module } from '../../core/nn/module.ts';
import { Random } from '../../core/random.ts';
import type { LanguageModelInit } from '../../core/tasks/common/transfer.ts';
import { generateTask } from '../../core/tasks/generate/index.ts';
import { presetSpec } from '../../core/tasks/presets.ts';
import type { ModelSpec, RecurrentSpec, RunSpec } from '../../core/tasks/spec.ts';
import type { ModelDescription, PreparedTask, TaskDefinition } from '../../core/tasks/task.ts';
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

/**
 * A character language model (generate task, prepared but not trained: its weights are its
 * initialisation, seed 3 unless `o.seed`) over the `document` column of `bytes`, as a bundle
 * would hand it over; `o.direction` 'backward' for a backward model.
 */
export async function languageModelInit(
  bytes: Uint8Array,
  trunk: Pick<ModelSpec, 'embeddingDim' | 'recurrent'>,
  o: { direction?: 'forward' | 'backward'; fileName?: string; seed?: number } = {},
): Promise<LanguageModelInit> {
  const spec = presetSpec('generate');
  spec.data = { textColumn: 'document', tokenizer: 'char', minFreq: 2, maxLength: 40 };
  spec.model = { ...trunk, ...(o.direction === undefined ? {} : { direction: o.direction }) };
  const task = await generateTask.prepare({
    spec,
    fileName: o.fileName ?? 'unlabeled.txt',
    bytes,
    random: new Random(o.seed ?? 3),
  });
  const weights = new Map<string, SafetensorsInput>();
  for (const [name, t] of Object.entries(task.model.stateDict())) {
    weights.set(name, { shape: [...t.shape], data: Float32Array.from(t.data) });
  }
  return { fileName: o.fileName ?? 'lm.rnnmodel', spec, taskState: task.state, weights };
}

/** `name [shape]` of every tensor a model description lists, sorted: to compare with {@link stateDictTensors}. */
export function describedTensors(description: ModelDescription): string[] {
  return description.layers
    .flatMap((l) => l.tensors.map((t) => `${t.name} [${t.shape.join(', ')}]`))
    .sort();
}

/** `name [shape]` of every parameter of `model` under its state-dict key, sorted. */
export function stateDictTensors(model: Module): string[] {
  return [...model.namedParameters()].map(([n, p]) => `${n} [${p.shape.join(', ')}]`).sort();
}
