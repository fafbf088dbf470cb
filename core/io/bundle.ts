/** The `.rnnmodel` model bundle: a zip of config.json, model.safetensors, vocab*.json and history.json, bytes in and out. */
import { strToU8, zipSync } from 'fflate';
import { z } from 'zod';
import { ConfigError, DatasetError } from '../errors.ts';
import { minimumParameters } from '../tasks/common/describe.ts';
import { type RunSpec, runSpecSchema } from '../tasks/spec.ts';
import { CORE_VERSION } from '../version.ts';
import { readJsonEntry, readWeightsEntry } from './archiveEntries.ts';
import {
  MAX_JSON_ENTRY_BYTES,
  MAX_JSON_TOTAL_BYTES,
  MAX_VOCABULARIES,
  MAX_WEIGHTS_ENTRY_BYTES,
} from './guards/limits.ts';
import { type SafetensorsInput, writeSafetensors } from './safetensors.ts';
import { listZip, type ZipEntry, type ZipLimits } from './zipReader.ts';

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
  /** Auto-tune runs: the search's plan and every trial's reports (core/tune/report.ts), JSON data. */
  tuning?: unknown;
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
  tuning?: unknown;
}

/** A vocabulary's name: `vocab` or `vocab-<word>…` — also a safe file name on every system (no separators, no dots). */
export const VOCAB_NAME = /^vocab(-[a-z0-9]+)*$/;

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
    ...(bundle.tuning === undefined ? {} : { tuning: bundle.tuning }),
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

/** The entries a bundle may hold, each with the most bytes it may declare. */
function bundleEntryCap(name: string): number | null {
  if (name === 'model.safetensors') return MAX_WEIGHTS_ENTRY_BYTES;
  if (name === 'config.json' || name === 'history.json') return MAX_JSON_ENTRY_BYTES;
  return name.endsWith('.json') && VOCAB_NAME.test(name.slice(0, -5)) ? MAX_JSON_ENTRY_BYTES : null;
}

const BUNDLE_LIMITS: ZipLimits = {
  kind: 'model',
  maxEntryBytes: bundleEntryCap,
  maxTotalBytes: MAX_WEIGHTS_ENTRY_BYTES + MAX_JSON_TOTAL_BYTES,
  maxEntries: 3 + MAX_VOCABULARIES,
};

/** config.json's shape; the spec is checked by runSpecSchema after the format version. */
const bundleConfigSchema = z.object({
  format: z.number(),
  spec: z.unknown(),
  taskState: z.unknown(),
  metrics: z.record(z.string(), z.number().nullable()).optional(),
  vocabularies: z
    .array(z.string().regex(VOCAB_NAME, "must be 'vocab' or 'vocab-<word>'"))
    .max(MAX_VOCABULARIES)
    .optional(),
  tuning: z.unknown().optional(),
});

/** history.json's shape: one object per epoch. */
const historySchema = z.array(z.record(z.string(), z.unknown()));

/** `vocabularies.0: must be …` — the first zod issue as one line. */
function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  return issue === undefined
    ? 'unknown problem'
    : `${issue.path.join('.') || '(top)'}: ${issue.message}`;
}

/**
 * Reads bundle bytes written by `writeBundle`, treating them as untrusted: only the known entries
 * (config.json, model.safetensors, history.json, vocab*.json) under their size caps, no shared or
 * overlapping zip data, JSON under a depth limit and of the expected shape, vocabulary names that
 * are safe file names, a weights header checked (at most {@link MAX_MODEL_PARAMETERS}, exact size)
 * before the weights are inflated, and finite weights only.
 * @param fileName used in error messages only.
 * @throws DatasetError (code 'format' or 'too-large') in one line naming the file: not a zip, an
 *   unknown, missing, oversized or damaged entry, a newer format version, or a config.json whose
 *   shape or spec does not validate.
 */
export function readBundle(bytes: Uint8Array, fileName = 'model.rnnmodel'): ModelBundle {
  try {
    return readUntrustedBundle(bytes, fileName);
  } catch (err) {
    if (!(err instanceof DatasetError) || ADVISED.test(err.message)) throw err;
    // Every refusal says what to do: this file cannot be used as it is.
    throw new DatasetError(`${err.message.replace(/\.$/, '')}; ${WHAT_TO_DO}`, err.code);
  }
}

/** The advice a refusal without one gets. */
const WHAT_TO_DO = 'open a model saved by RNN Studio, or save this one again.';
/** Messages that already say what to do. */
const ADVISED = /(Update RNN Studio|export it again|save this one again)\.$/;

function readUntrustedBundle(bytes: Uint8Array, fileName: string): ModelBundle {
  const entries = new Map(listZip(bytes, BUNDLE_LIMITS, fileName).map((e) => [e.name, e]));
  const entry = (name: string): ZipEntry => {
    const found = entries.get(name);
    if (found === undefined) {
      throw bundleError(fileName, `the model is incomplete: the entry '${name}' is missing.`);
    }
    return found;
  };
  const raw = readJsonEntry(bytes, entry('config.json'), fileName) as { format?: unknown } | null;
  if (typeof raw !== 'object' || raw === null || typeof raw.format !== 'number') {
    throw bundleError(fileName, "config.json must hold an object with a numeric 'format'.");
  }
  if (raw.format > BUNDLE_FORMAT) {
    throw bundleError(
      fileName,
      `This model was saved by a newer RNN Studio (format ${raw.format}); this version reads up to format ${BUNDLE_FORMAT}. Update RNN Studio.`,
    );
  }
  const config = bundleConfigSchema.safeParse(raw);
  if (!config.success) {
    throw bundleError(fileName, `config.json is not valid: ${firstIssue(config.error)}.`);
  }
  const spec = runSpecSchema.safeParse(config.data.spec);
  if (!spec.success) {
    throw bundleError(fileName, `config.json's spec is not valid: ${firstIssue(spec.error)}.`);
  }
  // NOTE: the spec's recurrent stacks are compared with the weights' header before the weights are
  // inflated; the task compares its exact parameter count before building the model (restore).
  const weights: Map<string, SafetensorsInput> = readWeightsEntry(
    bytes,
    entry('model.safetensors'),
    fileName,
    { minValues: minimumParameters(spec.data) },
  );
  const vocabularies: Record<string, unknown> = {};
  for (const name of config.data.vocabularies ?? []) {
    vocabularies[name] = readJsonEntry(bytes, entry(`${name}.json`), fileName);
  }
  const history = historySchema.safeParse(readJsonEntry(bytes, entry('history.json'), fileName));
  if (!history.success) {
    throw bundleError(fileName, `history.json is not valid: ${firstIssue(history.error)}.`);
  }
  return {
    spec: spec.data,
    taskState: config.data.taskState,
    weights,
    vocabularies,
    history: history.data as unknown as HistoryEntry[],
    metrics: (config.data.metrics ?? {}) as Record<string, number>,
    ...(config.data.tuning === undefined ? {} : { tuning: config.data.tuning }),
  };
}
