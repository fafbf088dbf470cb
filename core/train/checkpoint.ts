/** Training checkpoints: the full state of a run (weights, optimizer, scheduler, RNG, counters, history) as zip bytes, and the store hosts provide. */
import { strToU8, zipSync } from 'fflate';
import { z } from 'zod';
import { DatasetError } from '../errors.ts';
import { readJsonEntry, readWeightsEntry } from '../io/archiveEntries.ts';
import type { HistoryEntry } from '../io/bundle.ts';
import {
  MAX_JSON_TOTAL_BYTES,
  MAX_MODEL_PARAMETERS,
  MAX_WEIGHTS_ENTRY_BYTES,
} from '../io/guards/limits.ts';
import { type SafetensorsInput, writeSafetensors } from '../io/safetensors.ts';
import { listZip, type ZipEntry, type ZipLimits } from '../io/zipReader.ts';
import type { OptimizerStateDict, ParamState } from '../optim/optimizer.ts';
import { minimumParameters } from '../tasks/common/describe.ts';
import { type RunSpec, runSpecSchema } from '../tasks/spec.ts';

/** The checkpoint format this version writes and reads. */
export const CHECKPOINT_FORMAT = 1;

/** Which checkpoint: the most recent one, or the one with the best validation metric. */
export type CheckpointKind = 'last' | 'best';

/** A xoshiro128** state (core/random.ts `getState()`). */
export type RngState = [number, number, number, number];

/** Everything needed to continue a run exactly where it was. */
export interface TrainingCheckpoint {
  kind: CheckpointKind;
  spec: RunSpec;
  /** The data file's name and a fingerprint of its bytes, to refuse resuming on other data. */
  data: { fileName: string; fingerprint: string };
  /** Completed epochs before the current one (0-based index of the epoch in progress). */
  epoch: number;
  /** Steps already taken in the current epoch (0 at an epoch boundary). */
  stepInEpoch: number;
  /** Steps taken over the whole run. */
  step: number;
  /** The shuffling generator as it was at the start of the current epoch. */
  shuffleRng: RngState;
  /** The model's generator (initialisation, dropout) as it is now. */
  modelRng: RngState;
  /** The task's serialisable state (vocabularies, scalers, labels). */
  taskState: unknown;
  /** Weights under PyTorch names. */
  weights: Map<string, SafetensorsInput>;
  optimizer: OptimizerStateDict;
  /** The LR scheduler's state; null for a constant schedule. */
  scheduler: Record<string, number> | null;
  /** Loss bookkeeping for the epoch in progress and the smoothed loss. */
  running: { lossSum: number; lossCount: number; smoothSum: number; smoothCount: number };
  /** Early stopping: the best primary metric so far (null before the first validation) and epochs since. */
  best: { value: number | null; epoch: number; badEpochs: number };
  history: HistoryEntry[];
  /** Training seconds before this checkpoint (over all sessions). */
  elapsedSeconds: number;
}

/**
 * Where a host keeps checkpoints. Core is pure: the CLI writes files atomically, Electron keeps them
 * in the run's folder, tests keep them in memory.
 */
export interface CheckpointStore {
  /** Replaces the checkpoint of this kind. */
  save(kind: CheckpointKind, bytes: Uint8Array): Promise<void>;
  /** The checkpoint of this kind, or null if there is none. */
  load(kind: CheckpointKind): Promise<Uint8Array | null>;
}

/** A store in memory (web mode without storage, tests). */
export function memoryCheckpointStore(): CheckpointStore & { saves: number } {
  const saved = new Map<CheckpointKind, Uint8Array>();
  const store = {
    saves: 0,
    save: async (kind: CheckpointKind, bytes: Uint8Array) => {
      saved.set(kind, bytes);
      store.saves += 1;
    },
    load: async (kind: CheckpointKind) => saved.get(kind) ?? null,
  };
  return store;
}

/** Serialises a checkpoint as zip bytes: checkpoint.json + model.safetensors + optimizer.safetensors. */
export function encodeCheckpoint(checkpoint: TrainingCheckpoint): Uint8Array {
  const { weights, optimizer, ...rest } = checkpoint;
  const buffers = new Map<string, SafetensorsInput>();
  const state = optimizer.state.map((s, i) => {
    if (s === null) return null;
    const numbers: Record<string, number> = {};
    for (const [key, value] of Object.entries(s)) {
      if (typeof value === 'number') numbers[key] = value;
      else buffers.set(`${i}.${key}`, { shape: [value.length], data: value });
    }
    return numbers;
  });
  const json = {
    format: CHECKPOINT_FORMAT,
    ...rest,
    optimizer: { kind: optimizer.kind, hyper: optimizer.hyper, state },
  };
  const mtime = new Date(Date.UTC(2020, 0, 1));
  // NOTE: the tensors are stored, not deflated (as torch.save's zip stores them): deflate gains
  // about 7 % on float32 weights and moments but takes ~20 times as long as the stored copy's
  // CRC (a seq2seq recipe's 18 MiB: about a second against 50 ms), at every epoch's checkpoints.
  return zipSync(
    {
      'checkpoint.json': [strToU8(JSON.stringify(json)), { mtime, level: 1 }],
      'model.safetensors': [writeSafetensors(weights), { mtime, level: 0 }],
      'optimizer.safetensors': [writeSafetensors(buffers), { mtime, level: 0 }],
    },
    { level: 1 },
  );
}

function checkpointError(where: string, problem: string): DatasetError {
  return new DatasetError(`${where}: ${problem}`, 'format');
}

/** The entries a checkpoint may hold, each with the most bytes it may declare. */
function checkpointEntryCap(name: string): number | null {
  if (name === 'checkpoint.json') return MAX_JSON_TOTAL_BYTES;
  if (name === 'model.safetensors') return MAX_WEIGHTS_ENTRY_BYTES;
  // Adam keeps two moments per parameter.
  if (name === 'optimizer.safetensors') return 2 * MAX_WEIGHTS_ENTRY_BYTES;
  return null;
}

const CHECKPOINT_LIMITS: ZipLimits = {
  kind: 'checkpoint',
  maxEntryBytes: checkpointEntryCap,
  maxTotalBytes: 3 * MAX_WEIGHTS_ENTRY_BYTES + MAX_JSON_TOTAL_BYTES,
  maxEntries: 3,
};

const counter = z.number().int().min(0);
const rngSchema = z.tuple([z.number(), z.number(), z.number(), z.number()]);

/** checkpoint.json's shape (the spec is checked by runSpecSchema, the task state by the task). */
const checkpointJsonSchema = z.object({
  format: z.literal(CHECKPOINT_FORMAT),
  kind: z.enum(['last', 'best']),
  spec: z.unknown(),
  data: z.object({ fileName: z.string(), fingerprint: z.string() }),
  epoch: counter,
  stepInEpoch: counter,
  step: counter,
  shuffleRng: rngSchema,
  modelRng: rngSchema,
  taskState: z.unknown(),
  optimizer: z.object({
    kind: z.string(),
    hyper: z.record(z.string(), z.number()),
    state: z.array(z.record(z.string(), z.number()).nullable()),
  }),
  scheduler: z.record(z.string(), z.number()).nullable(),
  running: z.object({
    lossSum: z.number(),
    lossCount: z.number(),
    smoothSum: z.number(),
    smoothCount: z.number(),
  }),
  best: z.object({ value: z.number().nullable(), epoch: z.number(), badEpochs: z.number() }),
  history: z.array(z.record(z.string(), z.unknown())),
  elapsedSeconds: z.number(),
});

/**
 * Reads checkpoint bytes written by `encodeCheckpoint`, treating them as untrusted (the same
 * safe zip reading as bundles: known entries only, size caps, no shared data, weights headers
 * checked before inflating, finite weights, JSON of the expected shape and depth).
 * @param where the file's name for messages (a host that knows the path passes it).
 * @throws DatasetError (code 'format' or 'too-large') for a corrupt zip, a missing or oversized
 *   entry, another format version, or an invalid spec; the message ends with what to do.
 */
export function decodeCheckpoint(bytes: Uint8Array, where = 'Checkpoint'): TrainingCheckpoint {
  try {
    return decodeUntrusted(bytes, where);
  } catch (err) {
    if (!(err instanceof DatasetError) || err.message.endsWith('delete it to start over.'))
      throw err;
    // Every refusal says what to do: the checkpoint cannot be used, training can start again.
    throw new DatasetError(`${err.message.replace(/\.$/, '')}; delete it to start over.`, err.code);
  }
}

function decodeUntrusted(bytes: Uint8Array, where: string): TrainingCheckpoint {
  const entries = new Map(listZip(bytes, CHECKPOINT_LIMITS, where).map((e) => [e.name, e]));
  const entry = (name: string): ZipEntry => {
    const found = entries.get(name);
    if (found === undefined) throw checkpointError(where, `the entry '${name}' is missing.`);
    return found;
  };
  const raw = readJsonEntry(bytes, entry('checkpoint.json'), where) as { format?: unknown } | null;
  if (raw?.format !== CHECKPOINT_FORMAT) {
    throw checkpointError(
      where,
      `format must be ${CHECKPOINT_FORMAT}, got ${String(raw?.format)}; it was written by another version of RNN Studio.`,
    );
  }
  const parsed = checkpointJsonSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw checkpointError(
      where,
      `checkpoint.json is not valid: ${issue === undefined ? 'unknown problem' : `${issue.path.join('.')}: ${issue.message}`}; delete it to start over.`,
    );
  }
  const json = parsed.data;
  const spec = runSpecSchema.safeParse(json.spec);
  if (!spec.success) throw checkpointError(where, 'its run spec is not valid.');
  // NOTE: resuming builds the model from this spec, so its recurrent stacks must fit the weights
  // the checkpoint really holds, checked on the header before anything is inflated or built.
  const weights = readWeightsEntry(bytes, entry('model.safetensors'), where, {
    minValues: minimumParameters(spec.data),
  });
  const buffers = readWeightsEntry(bytes, entry('optimizer.safetensors'), where, {
    maxValues: 2 * MAX_MODEL_PARAMETERS,
    finite: false,
  });
  const state = json.optimizer.state.map((numbers, i): ParamState | null => {
    if (numbers === null) return null;
    const s: ParamState = { ...numbers };
    for (const [name, t] of buffers) {
      const dot = name.indexOf('.');
      if (name.slice(0, dot) === String(i)) s[name.slice(dot + 1)] = t.data;
    }
    return s;
  });
  const { format: _format, optimizer, ...rest } = json;
  return {
    ...rest,
    history: rest.history as unknown as HistoryEntry[],
    spec: spec.data,
    weights,
    optimizer: { kind: optimizer.kind, hyper: optimizer.hyper, state },
  };
}
