/** The task registry: kind → TaskDefinition, the one place the training service, CLI and bundles look tasks up. */
import { ConfigError } from '../../errors.ts';
import { captionTask } from '../caption/index.ts';
import { classifyTask } from '../classify/index.ts';
import { forecastTask } from '../forecast/index.ts';
import { generateTask } from '../generate/index.ts';
import { seq2seqTask } from '../seq2seq/index.ts';
import { type TaskKind, taskKindSchema } from '../spec.ts';
import { tagTask } from '../tag/index.ts';
import type { TaskDefinition } from '../task.ts';

const DEFINITIONS: ReadonlyMap<TaskKind, TaskDefinition> = new Map(
  [classifyTask, forecastTask, tagTask, seq2seqTask, generateTask, captionTask].map((d) => [
    d.kind,
    d,
  ]),
);

/** The kinds this build can train, in ARCHITECTURE.md's order. */
export function availableTasks(): TaskKind[] {
  return taskKindSchema.options.filter((k) => DEFINITIONS.has(k));
}

/**
 * The definition of task `kind` (matches core/train's `TaskLookup`).
 * @throws ConfigError when this build has no such task.
 */
export function taskDefinition(kind: TaskKind): TaskDefinition {
  const definition = DEFINITIONS.get(kind);
  if (definition === undefined) {
    throw new ConfigError(
      `taskDefinition: the task must be one of ${availableTasks()
        .map((k) => `'${k}'`)
        .join(', ')}, got '${kind}'.`,
    );
  }
  return definition;
}
