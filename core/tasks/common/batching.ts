/** Training-batch order for text tasks (shuffled, bucketed by length) and time-major id batches for the recurrent layers. */

import { PAD_ID } from '../../data/vocab.ts';
import { ConfigError } from '../../errors.ts';
import type { Random } from '../../random.ts';
import type { EvaluationProgress } from '../task.ts';

/** Batches per bucket pool: sorting happens within pools of this many batches. */
const POOL_BATCHES = 50;

/**
 * One epoch's batches of example indices: a seeded shuffle, then within pools of 50 batches the
 * examples are sorted by length so a batch holds similar lengths (little padding), then the
 * batch order is shuffled. The same random state gives the same batches.
 * @param lengths the length of every example `[n]`
 * @throws ConfigError for batchSize < 1.
 */
export function bucketBatches(
  lengths: readonly number[],
  batchSize: number,
  random: Random,
): number[][] {
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new ConfigError(`bucketBatches: batchSize must be an integer ≥ 1, got ${batchSize}.`);
  }
  const order = random.shuffle(Array.from({ length: lengths.length }, (_, i) => i));
  const batches: number[][] = [];
  const pool = batchSize * POOL_BATCHES;
  for (let start = 0; start < order.length; start += pool) {
    // NOTE: a stable sort keeps the shuffled order among equal lengths.
    const part = byLength(order.slice(start, start + pool), lengths);
    for (let i = 0; i < part.length; i += batchSize) batches.push(part.slice(i, i + batchSize));
  }
  return random.shuffle(batches);
}

/**
 * `part` stably sorted by `lengths[i]`: a counting sort when the lengths span a range no wider
 * than a few times the part (sentence and text lengths do), the comparison sort otherwise.
 */
export function byLength(part: number[], lengths: readonly number[]): number[] {
  if (part.length < 2) return part;
  let low = Number.POSITIVE_INFINITY;
  let high = Number.NEGATIVE_INFINITY;
  let integers = true;
  for (const i of part) {
    const l = lengths[i] as number;
    if (!Number.isInteger(l)) integers = false;
    if (l < low) low = l;
    if (l > high) high = l;
  }
  const span = high - low + 1;
  if (!integers || !(span <= 4 * part.length + 256)) {
    return part.sort((a, b) => (lengths[a] as number) - (lengths[b] as number));
  }
  const starts = new Int32Array(span + 1);
  for (const i of part) {
    const at = (lengths[i] as number) - low + 1;
    starts[at] = (starts[at] as number) + 1;
  }
  for (let k = 1; k <= span; k++) starts[k] = (starts[k] as number) + (starts[k - 1] as number);
  // NOTE: a copy to write into keeps the array packed (a new Array(n) would have holes).
  const out = part.slice();
  for (const i of part) {
    const at = (lengths[i] as number) - low;
    out[starts[at] as number] = i;
    starts[at] = (starts[at] as number) + 1;
  }
  return out;
}

/** Ids of a batch laid out time-major, as the recurrent layers read them. */
export interface TimeMajorIds {
  /** `[L, N]` row-major: `ids[t * N + n]`, `<pad>` (0) past each sequence's end. */
  ids: Int32Array;
  /** `[N]`, each in [1, L]. */
  lengths: Int32Array;
  /** Longest length L. */
  steps: number;
  /** Sequences N. */
  batch: number;
}

/**
 * Lays out id sequences `[N][len]` time-major `[L, N]`, padded with `<pad>`.
 * @throws ConfigError for an empty batch or an empty sequence (the recurrent layers need length ≥ 1).
 */
export function timeMajor(sequences: readonly ArrayLike<number>[]): TimeMajorIds {
  const batch = sequences.length;
  if (batch === 0) throw new ConfigError('timeMajor: sequences must not be empty, got 0.');
  let steps = 0;
  for (const s of sequences) {
    if (s.length === 0) {
      throw new ConfigError('timeMajor: every sequence must have at least 1 token, got 0.');
    }
    steps = Math.max(steps, s.length);
  }
  const ids = new Int32Array(steps * batch).fill(PAD_ID);
  const lengths = new Int32Array(batch);
  sequences.forEach((s, n) => {
    lengths[n] = s.length;
    for (let t = 0; t < s.length; t++) ids[t * batch + n] = s[t] as number;
  });
  return { ids, lengths, steps, batch };
}

/** Consecutive index chunks of `size` (evaluation batches, unshuffled). */
export function chunks(n: number, size: number): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < n; i += size) {
    out.push(Array.from({ length: Math.min(size, n - i) }, (_, k) => i + k));
  }
  return out;
}

export type { EvaluationProgress } from '../task.ts';

/** Yields `batches` in order, telling `onProgress` the examples done after each one is processed. */
export function* withProgress(
  batches: readonly number[][],
  onProgress: EvaluationProgress | undefined,
): Generator<number[]> {
  const total = batches.reduce((n, b) => n + b.length, 0);
  let done = 0;
  for (const batch of batches) {
    yield batch;
    done += batch.length;
    onProgress?.(done, total);
  }
}

/** Evaluation batches: indices sorted by length (less padding), cut into chunks of `size`. */
export function evaluationBatches(lengths: readonly number[], size: number): number[][] {
  const order = Array.from({ length: lengths.length }, (_, i) => i).sort(
    (a, b) => (lengths[a] as number) - (lengths[b] as number),
  );
  const out: number[][] = [];
  for (let i = 0; i < order.length; i += size) out.push(order.slice(i, i + size));
  return out;
}

/** The items at `indices`, in that order. */
export function pick<T>(items: readonly T[], indices: readonly number[]): T[] {
  return indices.map((i) => items[i] as T);
}

/**
 * One epoch of training batches: the {@link bucketBatches} of `lengths`, each made by `make`
 * from its examples' indices (lazily, so `random` draws in the same order as a hand-written loop).
 */
export function* bucketedBatches<B>(
  lengths: readonly number[],
  batchSize: number,
  random: Random,
  make: (indices: number[]) => B,
): Generator<B> {
  for (const indices of bucketBatches(lengths, batchSize, random)) yield make(indices);
}

/** The longest of `lengths`, at least 1 (without spreading: the arrays can be long). */
export function longest(lengths: readonly number[]): number {
  return lengths.reduce((m, l) => Math.max(m, l), 1);
}

/** Targets equal to this are ignored by the loss (PyTorch's default ignore_index). */
export const IGNORE_INDEX = -100;

/**
 * Per-token targets laid out like `input`, `[L, N]` time-major: `rows[n][t]` for t below
 * `input.lengths[n]`, {@link IGNORE_INDEX} elsewhere.
 * @returns the targets and `tokens`, how many of them are not ignored (what the loss averages over)
 */
export function timeMajorTargets(
  rows: readonly (readonly number[])[],
  input: TimeMajorIds,
): { targets: Int32Array; tokens: number } {
  const N = input.batch;
  const targets = new Int32Array(input.steps * N).fill(IGNORE_INDEX);
  let tokens = 0;
  rows.forEach((row, n) => {
    const len = input.lengths[n] as number;
    for (let t = 0; t < len; t++) {
      const y = row[t] as number;
      targets[t * N + n] = y;
      if (y !== IGNORE_INDEX) tokens++;
    }
  });
  return { targets, tokens };
}
