/** Turns a trained task into a `.rnnmodel` bundle and a bundle back into a model for inference: vocabularies go to their own vocab*.json entries. */
import { ConfigError } from '../errors.ts';
import { type HistoryEntry, type ModelBundle, readBundle } from '../io/bundle.ts';
import type { SafetensorsInput } from '../io/safetensors.ts';
import type { StateDict } from '../nn/module.ts';
import type { TaskKind } from '../tasks/spec.ts';
import type {
  JsonValue,
  LanguageModelInit,
  Metrics,
  PreparedTask,
  RestoredTask,
  TaskDefinition,
  TaskState,
} from '../tasks/task.ts';

/** Looks up the definition of a task kind (the registry, or a test's own). */
export type TaskLookup = (kind: TaskKind) => TaskDefinition;

function kebab(key: string): string {
  return key
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .replace(/[^a-zA-Z0-9]+/g, '-')
    .toLowerCase();
}

/** The entry name for a state key holding a vocabulary: `vocab` → vocab, `sourceVocab` → vocab-source-vocab. */
function vocabEntryName(key: string): string {
  return key === 'vocab' ? 'vocab' : `vocab-${kebab(key)}`;
}

/**
 * Splits a task state into the part for config.json and vocabularies: every top-level key whose
 * name contains 'vocab' (any case) and holds an array or object moves to its own entry, and
 * config.json keeps `{ "$file": "<entry>.json" }` in its place.
 */
export function splitVocabularies(state: TaskState): {
  state: Record<string, JsonValue>;
  vocabularies: Record<string, unknown>;
} {
  const out: Record<string, JsonValue> = {};
  const vocabularies: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(state)) {
    if (/vocab/i.test(key) && typeof value === 'object' && value !== null) {
      const name = vocabEntryName(key);
      vocabularies[name] = value;
      out[key] = { $file: `${name}.json` };
    } else {
      out[key] = value as JsonValue;
    }
  }
  return { state: out, vocabularies };
}

/**
 * Puts vocabularies back where `splitVocabularies` took them from.
 * @throws ConfigError when a `$file` reference names a vocabulary the bundle does not hold.
 */
export function joinVocabularies(state: unknown, vocabularies: Record<string, unknown>): TaskState {
  if (typeof state !== 'object' || state === null || Array.isArray(state)) {
    throw new ConfigError(`Bundle: the task state must be an object, got ${typeof state}.`);
  }
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(state)) {
    const file = (value as { $file?: unknown } | null)?.$file;
    if (typeof file === 'string') {
      const name = file.replace(/\.json$/, '');
      if (!(name in vocabularies)) {
        throw new ConfigError(`Bundle: the task state refers to '${file}', which is missing.`);
      }
      out[key] = vocabularies[name];
    } else {
      out[key] = value;
    }
  }
  return out as TaskState;
}

/** The bundle of a trained task with the given weights (default: the model's current ones). */
export function bundleFromTask(
  task: PreparedTask,
  options: {
    weights?: Map<string, SafetensorsInput>;
    history: HistoryEntry[];
    metrics: Metrics;
    /** Auto-tune: the search's plan and reports, kept in config.json. */
    tuning?: unknown;
  },
): ModelBundle {
  const weights =
    options.weights ??
    new Map(
      Object.entries(task.model.stateDict()).map(([name, t]) => [
        name,
        { shape: [...t.shape], data: Float32Array.from(t.data) },
      ]),
    );
  const { state, vocabularies } = splitVocabularies(task.state);
  return {
    spec: task.spec,
    taskState: state,
    weights,
    vocabularies,
    history: options.history,
    metrics: options.metrics,
    ...(options.tuning === undefined ? {} : { tuning: options.tuning }),
  };
}

/**
 * Reads bundle bytes (core/io/bundle.ts's safe reader) and rebuilds the model for inference and
 * evaluation; the task checks the weights fit its description before building the model.
 * @throws DatasetError for damaged, oversized or newer bundles; ConfigError (prefixed with the file
 *   name) when the task state or weights do not fit the spec.
 */
export function restoreBundle(
  bytes: Uint8Array,
  options: { fileName?: string; tasks: TaskLookup },
): { bundle: ModelBundle; restored: RestoredTask } {
  const fileName = options.fileName ?? 'model.rnnmodel';
  const bundle = readBundle(bytes, fileName);
  try {
    const state = joinVocabularies(bundle.taskState, bundle.vocabularies);
    const weights: StateDict = Object.fromEntries(bundle.weights);
    const restored = options.tasks(bundle.spec.task).restore({ spec: bundle.spec, state, weights });
    return { bundle, restored };
  } catch (err) {
    // The task's refusal (state of the wrong shape, weights that do not fit) names the file.
    if (err instanceof ConfigError) throw new ConfigError(`${fileName}: ${err.message}`, err.code);
    throw err;
  }
}

/**
 * The language model a `.rnnmodel`'s bytes hold, for `PrepareInput.initFrom` (the bytes are
 * untrusted: readBundle checks them; the task checks it is a language model that fits).
 * @throws ConfigError / DatasetError from readBundle for a file that is not a model.
 */
export function languageModelFromBundle(bytes: Uint8Array, fileName: string): LanguageModelInit {
  const bundle = readBundle(bytes, fileName);
  const taskState = joinVocabularies(bundle.taskState, bundle.vocabularies);
  return { fileName, spec: bundle.spec, taskState, weights: bundle.weights };
}
