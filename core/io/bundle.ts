/** The `.rnnmodel` model bundle: a zip of config.json, model.safetensors, vocab*.json and history.json, bytes in and out. */
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { ConfigError, DatasetError } from '../errors.ts';
import { type RunSpec, runSpecSchema } from '../tasks/spec.ts';
import { CORE_VERSION } from '../version.ts';
import { readSafetensors, type SafetensorsInput, writeSafetensors } from './safetensors.ts';

/** The bundle format this version writes and the newest it reads. */
export const BUNDLE_FORMAT = 1;

/** One epoch's line of the training history (history.json holds an array of them). */
export interface HistoryEntry {
  epoch: number;
  /** Steps taken so far (over all epochs). */
  step: number;
  /** Mean training loss over the epoch. */
  trainLoss: number;
  /** Validation metrics under the keys of the command-line contract (`accuracy`, `mae`, …) plus `loss`. */
  val: Record<string, number>;
  lr: number;
  /** Seconds since the run started. */
  seconds: number;
}

/** Everything a bundle holds, as plain data. */
export interface ModelBundle {
  /** The run spec the model was trained with. */
  spec: RunSpec;
  /** What the task needs besides weights to predict (scalers, label names, tokenizer settings): JSON data. */
  taskState: unknown;
  /** Weights under PyTorch names. */
  weights: Map<string, SafetensorsInput>;
  /** Vocabularies by entry name without `.json` (`vocab`, `vocab-source`, …): JSON data. */
  vocabularies: Record<string, unknown>;
  /** Per-epoch metrics. */
  history: HistoryEntry[];
  /** Final metrics on the held-out split (`accuracy`, `mae`, …). */
  metrics: Record<string, number>;
}

/** config.json as written. */
interface BundleConfig {
  format: number;
  app: 'rnn-studio';
  coreVersion: string;
  task: RunSpec['task'];
  spec: RunSpec;
  taskState: unknown;
  metrics: Record<string, number>;
  vocabularies: string[];
}

const VOCAB_NAME = /^vocab(-[a-z0-9]+)*$/;

/**
 * Serialises a bundle as zip bytes (deterministic: fixed entry order and timestamps).
 * @throws ConfigError when a vocabulary name is not `vocab` or `vocab-<word>`.
 */
export function writeBundle(bundle: ModelBundle): Uint8Array {
  const names = Object.keys(bundle.vocabularies);
  for (const name of names) {
    if (!VOCAB_NAME.test(name)) {
      throw new ConfigError(
        `writeBundle: a vocabulary name must be 'vocab' or 'vocab-<word>', got '${name}'.`,
      );
    }
  }
  const config: BundleConfig = {
    format: BUNDLE_FORMAT,
    app: 'rnn-studio',
    coreVersion: CORE_VERSION,
    task: bundle.spec.task,
    spec: bundle.spec,
    taskState: bundle.taskState,
    metrics: bundle.metrics,
    vocabularies: names,
  };
  // NOTE: a fixed mtime keeps the bytes a function of the content (fflate defaults to now).
  const mtime = new Date(Date.UTC(2020, 0, 1));
  const files: Record<string, [Uint8Array, { mtime: Date }]> = {
    'config.json': [strToU8(JSON.stringify(config, null, 2)), { mtime }],
    'model.safetensors': [writeSafetensors(bundle.weights, { format: 'pt' }), { mtime }],
    'history.json': [strToU8(JSON.stringify(bundle.history)), { mtime }],
  };
  for (const name of names) {
    files[`${name}.json`] = [strToU8(JSON.stringify(bundle.vocabularies[name])), { mtime }];
  }
  return zipSync(files, { level: 6 });
}

function bundleError(fileName: string, problem: string): DatasetError {
  return new DatasetError(`${fileName}: ${problem}`, 'format');
}

function parseJsonEntry(fileName: string, entry: string, bytes: Uint8Array): unknown {
  try {
    return JSON.parse(strFromU8(bytes));
  } catch (err) {
    throw bundleError(
      fileName,
      `the entry '${entry}' must be JSON, got an error: ${(err as Error).message}.`,
    );
  }
}

/**
 * Reads bundle bytes written by `writeBundle`.
 * @param fileName used in error messages only.
 * @throws DatasetError (code 'format') for bytes that are not a zip, a missing entry, a newer
 *   format version, or a config.json whose spec does not validate.
 */
export function readBundle(bytes: Uint8Array, fileName = 'model.rnnmodel'): ModelBundle {
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(bytes);
  } catch (err) {
    throw bundleError(
      fileName,
      `this is not an RNN Studio model (the zip is corrupt or truncated: ${(err as Error).message}).`,
    );
  }
  const entry = (name: string): Uint8Array => {
    const found = entries[name];
    if (found === undefined) {
      throw bundleError(fileName, `the model is incomplete: the entry '${name}' is missing.`);
    }
    return found;
  };
  const config = parseJsonEntry(
    fileName,
    'config.json',
    entry('config.json'),
  ) as Partial<BundleConfig> | null;
  if (typeof config !== 'object' || config === null || typeof config.format !== 'number') {
    throw bundleError(fileName, "config.json must hold an object with a numeric 'format'.");
  }
  if (config.format > BUNDLE_FORMAT) {
    throw bundleError(
      fileName,
      `This model was saved by a newer RNN Studio (format ${config.format}); this version reads up to format ${BUNDLE_FORMAT}. Update RNN Studio.`,
    );
  }
  const spec = runSpecSchema.safeParse(config.spec);
  if (!spec.success) {
    const issue = spec.error.issues[0];
    throw bundleError(
      fileName,
      `config.json's spec is not valid: ${issue ? `${issue.path.join('.')}: ${issue.message}` : 'unknown problem'}.`,
    );
  }
  let weights: Map<string, SafetensorsInput>;
  try {
    weights = readSafetensors(entry('model.safetensors')).tensors;
  } catch (err) {
    if (err instanceof DatasetError) {
      throw bundleError(fileName, `model.safetensors is damaged: ${err.message}`);
    }
    throw err;
  }
  const vocabularies: Record<string, unknown> = {};
  for (const name of config.vocabularies ?? []) {
    vocabularies[name] = parseJsonEntry(fileName, `${name}.json`, entry(`${name}.json`));
  }
  const history = parseJsonEntry(fileName, 'history.json', entry('history.json'));
  return {
    spec: spec.data,
    taskState: config.taskState,
    weights,
    vocabularies,
    history: Array.isArray(history) ? (history as HistoryEntry[]) : [],
    metrics: config.metrics ?? {},
  };
}
