/** Reading the entries of a bundle or checkpoint zip safely: JSON under a depth limit, and weights whose safetensors header is checked (parameter cap, exact size) before the data is inflated, with non-finite values refused. */
import { strFromU8 } from 'fflate';
import { DatasetError } from '../errors.ts';
import { MAX_JSON_DEPTH, parseJsonLimited } from './json.ts';
import {
  formatCount,
  formatMiB,
  MAX_MODEL_PARAMETERS,
  MAX_SAFETENSORS_HEADER_BYTES,
} from './limits.ts';
import {
  readSafetensors,
  readSafetensorsHeader,
  type SafetensorsTensor,
  safetensorsHeaderLength,
} from './safetensors.ts';
import { entryPrefix, inflateEntry, type ZipEntry } from './zipReader.ts';

function entryError(where: string, problem: string, code: 'format' | 'too-large' = 'format') {
  return new DatasetError(`${where}: ${problem}`, code);
}

/**
 * Inflates a JSON entry and parses it, refusing nesting deeper than {@link MAX_JSON_DEPTH}.
 * @throws DatasetError naming the file and entry, in one line.
 */
export function readJsonEntry(bytes: Uint8Array, entry: ZipEntry, where: string): unknown {
  const data = inflateEntry(bytes, entry, where);
  try {
    return parseJsonLimited(strFromU8(data), MAX_JSON_DEPTH);
  } catch (err) {
    throw entryError(
      where,
      `the entry '${entry.name}' must be JSON, got an error: ${(err as Error).message}.`,
    );
  }
}

function product(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/** Options of {@link readWeightsEntry}. */
export interface WeightsEntryOptions {
  /** The most values the tensors may hold together; default {@link MAX_MODEL_PARAMETERS}. */
  maxValues?: number;
  /** The fewest values the spec implies (its recurrent stacks); fewer means the spec and weights disagree. */
  minValues?: number;
  /** Refuse NaN and ±Infinity (model weights); default true. */
  finite?: boolean;
}

/**
 * Reads a safetensors entry in two steps: first only its header (inflating just those bytes) is
 * checked — at most `maxValues` values in all, and the entry exactly as long as its tensors — and
 * only then the whole entry is inflated and decoded. So a small file cannot make the reader allocate
 * more than the tensors it really declares, and never more than the cap.
 * @throws DatasetError ('too-large' over the cap, 'format' otherwise) naming the file, entry and cap.
 */
export function readWeightsEntry(
  bytes: Uint8Array,
  entry: ZipEntry,
  where: string,
  options: WeightsEntryOptions = {},
): Map<string, SafetensorsTensor> {
  const maxValues = options.maxValues ?? MAX_MODEL_PARAMETERS;
  const damaged = (err: unknown): never => {
    if (err instanceof DatasetError)
      throw entryError(where, `${entry.name} is damaged: ${err.message}`);
    throw err;
  };
  let headerLength = 0;
  try {
    headerLength = safetensorsHeaderLength(entryPrefix(bytes, entry, 8, where), entry.size);
  } catch (err) {
    damaged(err);
  }
  if (headerLength > MAX_SAFETENSORS_HEADER_BYTES) {
    throw entryError(
      where,
      `${entry.name}'s header declares ${formatMiB(headerLength)}; at most ${formatMiB(MAX_SAFETENSORS_HEADER_BYTES)} is read.`,
      'too-large',
    );
  }
  let header: ReturnType<typeof readSafetensorsHeader> | undefined;
  try {
    header = readSafetensorsHeader(entryPrefix(bytes, entry, 8 + headerLength, where), entry.size);
  } catch (err) {
    damaged(err);
  }
  const { entries, dataStart } = header as ReturnType<typeof readSafetensorsHeader>;
  const values = entries.reduce((sum, t) => sum + product(t.shape), 0);
  if (values > maxValues) {
    throw entryError(
      where,
      `${entry.name} holds ${formatCount(values)} values; RNN Studio opens models of at most ${formatCount(maxValues)} parameters (${formatMiB(4 * maxValues)} of float32).`,
      'too-large',
    );
  }
  const minValues = options.minValues ?? 0;
  if (minValues > maxValues) {
    throw entryError(
      where,
      `config.json's spec describes a model of at least ${formatCount(minValues)} parameters; RNN Studio opens models of at most ${formatCount(maxValues)} parameters (${formatMiB(4 * maxValues)} of float32).`,
      'too-large',
    );
  }
  if (values < minValues) {
    throw entryError(
      where,
      `the spec describes at least ${formatCount(minValues)} parameters, but ${entry.name} holds ${formatCount(values)}; the file is damaged or was edited.`,
    );
  }
  const dataEnd = dataStart + entries.reduce((end, t) => Math.max(end, t.end), 0);
  if (entry.size !== dataEnd) {
    throw entryError(
      where,
      `${entry.name} must be ${dataEnd} bytes long for the tensors its header lists, got ${entry.size}.`,
    );
  }
  let tensors = new Map<string, SafetensorsTensor>();
  try {
    tensors = readSafetensors(inflateEntry(bytes, entry, where)).tensors;
  } catch (err) {
    damaged(err);
  }
  if (options.finite ?? true) checkFinite(tensors, entry.name, where);
  return tensors;
}

/** @throws DatasetError (`<where>: <entry>: the weight …`) naming the first tensor that holds NaN or ±Infinity. */
export function checkFinite(
  tensors: ReadonlyMap<string, { readonly data: Float32Array }>,
  entryName: string,
  where: string,
): void {
  for (const [name, t] of tensors) {
    const data = t.data;
    for (let i = 0; i < data.length; i++) {
      if (!Number.isFinite(data[i])) {
        throw entryError(
          where,
          `${entryName}: the weight '${name}' holds ${String(data[i])} at index ${i}; a usable model has finite weights only. Retrain the model or export it again.`,
        );
      }
    }
  }
}
