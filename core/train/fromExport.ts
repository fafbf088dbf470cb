/** Brings a model home from PyTorch: an export folder (or the folder the exported train.py wrote) becomes a model bundle, checked against its spec. */
import { strFromU8 } from 'fflate';
import { z } from 'zod';
import { DatasetError } from '../errors.ts';
import { checkFinite } from '../io/archiveEntries.ts';
import type { ModelBundle } from '../io/bundle.ts';
import { parseJsonLimited } from '../io/guards/json.ts';
import { readSafetensors } from '../io/safetensors.ts';
import { runSpecSchema } from '../tasks/spec.ts';
import type { JsonValue, TaskState } from '../tasks/task.ts';
import { splitVocabularies, type TaskLookup } from './modelBundle.ts';

/** The files of the folder by plain name (config.json, model.safetensors, vocab*.json). */
export type ExportFolderFiles = ReadonlyMap<string, Uint8Array>;

const VOCAB_FILE = /^vocab(-[a-z0-9]+)*\.json$/;

/** config.json as the PyTorch export and train.py write it (other keys are ignored). */
const exportConfigSchema = z.object({
  app: z.literal('rnn-studio'),
  spec: z.unknown(),
  taskState: z.record(z.string(), z.unknown()),
  metrics: z.record(z.string(), z.number()).optional(),
  /** Present in an ONNX export's config.json, which holds graphs instead of safetensors weights. */
  onnxOpset: z.number().optional(),
});

function folderError(folder: string, problem: string): DatasetError {
  return new DatasetError(`${folder}: ${problem}`, 'format');
}

function parseJson(folder: string, name: string, bytes: Uint8Array): unknown {
  try {
    return parseJsonLimited(strFromU8(bytes));
  } catch (err) {
    throw folderError(folder, `'${name}' must be JSON, got an error: ${(err as Error).message}.`);
  }
}

/** The task state with every `{ "$file": "vocab….json" }` reference replaced by that file's content. */
function resolveReferences(
  folder: string,
  state: Record<string, unknown>,
  files: ExportFolderFiles,
): TaskState {
  const out: Record<string, JsonValue> = {};
  for (const [key, value] of Object.entries(state)) {
    const ref = (value as { $file?: unknown } | null)?.$file;
    if (typeof value === 'object' && value !== null && typeof ref === 'string') {
      if (!VOCAB_FILE.test(ref)) {
        throw folderError(
          folder,
          `config.json's taskState.${key} must name a file 'vocab….json', got '${ref}'.`,
        );
      }
      const bytes = files.get(ref);
      if (bytes === undefined) {
        throw folderError(
          folder,
          `'${ref}' (taskState.${key}) is missing: copy it from the export folder.`,
        );
      }
      out[key] = parseJson(folder, ref, bytes) as JsonValue;
    } else {
      out[key] = value as JsonValue;
    }
  }
  return out as TaskState;
}

/**
 * Reads an export folder into a bundle and proves it loads: the spec validates, and the task
 * rebuilds its model from the spec and task state and accepts the weights (every PyTorch key
 * present, none extra, every shape equal).
 * @param folder the folder's name, for messages
 * @throws DatasetError ('format') for a missing or malformed file, a spec that does not validate,
 *   or weights that do not fit the model (the message names the key or shape).
 */
export function bundleFromExportFolder(
  folder: string,
  files: ExportFolderFiles,
  options: { tasks: TaskLookup },
): ModelBundle {
  const configBytes = files.get('config.json');
  if (configBytes === undefined) {
    throw folderError(
      folder,
      "there is no config.json: choose a folder that RNN Studio's PyTorch export or its train.py wrote.",
    );
  }
  const config = exportConfigSchema.safeParse(parseJson(folder, 'config.json', configBytes));
  if (!config.success) {
    const issue = config.error.issues[0];
    throw folderError(
      folder,
      `config.json is not an RNN Studio export (${issue ? `${issue.path.join('.') || 'root'}: ${issue.message}` : 'unknown problem'}).`,
    );
  }
  if (config.data.onnxOpset !== undefined) {
    throw folderError(
      folder,
      'this is an ONNX export, which the app cannot read back: choose the PyTorch export folder (rnn-studio export --format pytorch) or the folder its train.py wrote.',
    );
  }
  const spec = runSpecSchema.safeParse(config.data.spec);
  if (!spec.success) {
    const issue = spec.error.issues[0];
    throw folderError(
      folder,
      `config.json's spec is not valid: ${issue ? `${issue.path.join('.')}: ${issue.message}` : 'unknown problem'}.`,
    );
  }
  const weightsBytes = files.get('model.safetensors');
  if (weightsBytes === undefined) {
    throw folderError(folder, 'there is no model.safetensors: the weights are missing.');
  }
  let weights: ModelBundle['weights'];
  try {
    weights = readSafetensors(weightsBytes).tensors;
  } catch (err) {
    throw folderError(folder, `model.safetensors is damaged: ${(err as Error).message}`);
  }
  // NOTE: as for bundles (core/io/bundle.ts): finite weights only; the task's restore compares the
  // parameter count with its description before it builds the model.
  checkFinite(weights, 'model.safetensors', folder);
  const state = resolveReferences(folder, config.data.taskState, files);
  try {
    options
      .tasks(spec.data.task)
      .restore({ spec: spec.data, state, weights: Object.fromEntries(weights) });
  } catch (err) {
    throw folderError(
      folder,
      `the weights do not fit the model in config.json: ${(err as Error).message}`,
    );
  }
  const split = splitVocabularies(state);
  return {
    spec: spec.data,
    taskState: split.state,
    weights,
    vocabularies: split.vocabularies,
    history: [],
    metrics: config.data.metrics ?? {},
  };
}
