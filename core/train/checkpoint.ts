/** Training checkpoints: the full state of a run (weights, optimizer, scheduler, RNG, counters, history) as zip bytes, and the store hosts provide. */
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { DatasetError } from '../errors.ts';
import type { HistoryEntry } from '../io/bundle.ts';
import { readSafetensors, type SafetensorsInput, writeSafetensors } from '../io/safetensors.ts';
import type { OptimizerStateDict, ParamState } from '../optim/optimizer.ts';
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

/** FNV-1a over the bytes plus their length: cheap, and enough to tell two data files apart. */
export function fingerprintBytes(bytes: Uint8Array): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < bytes.length; i++) {
    h ^= bytes[i] as number;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return `${bytes.length.toString(16)}-${h.toString(16).padStart(8, '0')}`;
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
  return zipSync(
    {
      'checkpoint.json': [strToU8(JSON.stringify(json)), { mtime }],
      'model.safetensors': [writeSafetensors(weights), { mtime }],
      'optimizer.safetensors': [writeSafetensors(buffers), { mtime }],
    },
    { level: 1 },
  );
}

function checkpointError(problem: string): DatasetError {
  return new DatasetError(`Checkpoint: ${problem}`, 'format');
}

/**
 * Reads checkpoint bytes written by `encodeCheckpoint`.
 * @throws DatasetError (code 'format') for a corrupt zip, a missing entry, another format version
 *   or an invalid spec.
 */
export function decodeCheckpoint(bytes: Uint8Array): TrainingCheckpoint {
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(bytes);
  } catch (err) {
    throw checkpointError(
      `the file is corrupt or truncated (${(err as Error).message}); delete it to start over.`,
    );
  }
  const entry = (name: string): Uint8Array => {
    const found = entries[name];
    if (found === undefined) throw checkpointError(`the entry '${name}' is missing.`);
    return found;
  };
  let json: Record<string, unknown>;
  try {
    json = JSON.parse(strFromU8(entry('checkpoint.json'))) as Record<string, unknown>;
  } catch (err) {
    if (err instanceof DatasetError) throw err;
    throw checkpointError(`checkpoint.json must be JSON, got an error: ${(err as Error).message}.`);
  }
  if (json.format !== CHECKPOINT_FORMAT) {
    throw checkpointError(
      `format must be ${CHECKPOINT_FORMAT}, got ${String(json.format)}; it was written by another version of RNN Studio.`,
    );
  }
  const spec = runSpecSchema.safeParse(json.spec);
  if (!spec.success) throw checkpointError('its run spec is not valid.');
  const weights = readSafetensors(entry('model.safetensors')).tensors;
  const buffers = readSafetensors(entry('optimizer.safetensors')).tensors;
  const opt = json.optimizer as {
    kind: string;
    hyper: Record<string, number>;
    state: (Record<string, number> | null)[];
  };
  const state = opt.state.map((numbers, i): ParamState | null => {
    if (numbers === null) return null;
    const s: ParamState = { ...numbers };
    for (const [name, t] of buffers) {
      const dot = name.indexOf('.');
      if (name.slice(0, dot) === String(i)) s[name.slice(dot + 1)] = t.data;
    }
    return s;
  });
  const { format: _format, optimizer: _optimizer, ...rest } = json;
  return {
    ...(rest as unknown as Omit<TrainingCheckpoint, 'weights' | 'optimizer'>),
    spec: spec.data,
    weights,
    optimizer: { kind: opt.kind, hyper: opt.hyper, state },
  };
}
