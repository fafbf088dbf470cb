/** Padding of id sequences into batches with lengths and masks, label encoding, and batch index order. */
import { ConfigError, DatasetError } from '../errors.ts';
import type { Random } from '../random.ts';
import { PAD_ID } from './vocab.ts';

/** A padded batch: row-major ids `[batch, maxLen]`, true lengths `[batch]` and a mask `[batch, maxLen]`. */
export interface PaddedBatch {
  ids: Int32Array;
  lengths: Int32Array;
  /** 1 where a real token is, 0 at padding. */
  mask: Float32Array;
  shape: [batch: number, maxLen: number];
}

/**
 * Pads (and, over `maxLen`, truncates) sequences with `<pad>` = 0 at the end.
 * @param options.maxLen longest kept length; default the longest sequence
 * @param options.truncate which end to cut when a sequence is too long (default 'end')
 * @returns ids `[batch, maxLen]`, lengths `[batch]`, mask `[batch, maxLen]`
 * @throws ConfigError for an empty batch or maxLen < 1.
 */
export function padSequences(
  sequences: readonly (readonly number[])[],
  options: { maxLen?: number; truncate?: 'start' | 'end' } = {},
): PaddedBatch {
  if (sequences.length === 0)
    throw new ConfigError('padSequences: sequences must not be empty, got 0.');
  const longest = sequences.reduce((m, s) => Math.max(m, s.length), 1);
  const maxLen = options.maxLen ?? longest;
  if (!Number.isInteger(maxLen) || maxLen < 1) {
    throw new ConfigError(`padSequences: maxLen must be an integer ≥ 1, got ${maxLen}.`);
  }
  const batch = sequences.length;
  const ids = new Int32Array(batch * maxLen).fill(PAD_ID);
  const mask = new Float32Array(batch * maxLen);
  const lengths = new Int32Array(batch);
  sequences.forEach((seq, b) => {
    const kept =
      seq.length <= maxLen
        ? seq
        : options.truncate === 'start'
          ? seq.slice(seq.length - maxLen)
          : seq.slice(0, maxLen);
    lengths[b] = kept.length;
    for (let t = 0; t < kept.length; t++) {
      ids[b * maxLen + t] = kept[t] as number;
      mask[b * maxLen + t] = 1;
    }
  });
  return { ids, lengths, mask, shape: [batch, maxLen] };
}

/** Class names in id order; JSON-serialisable for a model bundle. */
export interface LabelEncoding {
  classes: string[];
}

/**
 * Learns the classes of a label column (sorted numerically when all are numbers, else by text).
 * @throws DatasetError ('one-class') when fewer than two classes occur.
 */
export function fitLabels(
  labels: readonly string[],
  where: { fileName: string; column: string },
): LabelEncoding {
  const distinct = [...new Set(labels.map((l) => l.trim()))];
  if (distinct.length < 2) {
    const got = `${distinct.length}${distinct.length === 1 ? ` ('${distinct[0]}')` : ''}`;
    throw new DatasetError(
      `'${where.fileName}', column '${where.column}': a label column must have at least 2 classes, got ${got}. Choose another label column or add examples of other classes.`,
      'one-class',
      { key: 'one-class', params: { file: where.fileName, column: where.column, got } },
    );
  }
  const numeric = distinct.every((d) => d !== '' && !Number.isNaN(Number(d)));
  distinct.sort(numeric ? (a, b) => Number(a) - Number(b) : (a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return { classes: distinct };
}

/**
 * Class ids of `labels` `[n]`.
 * @throws DatasetError ('format') for a label the encoding has not seen.
 */
export function encodeLabels(
  encoding: LabelEncoding,
  labels: readonly string[],
  where: { fileName: string; column: string },
): Int32Array {
  const ids = new Map(encoding.classes.map((c, i) => [c, i]));
  // NOTE: a plain loop: `Int32Array.from` with a function calls it through the iterator, 5–8
  // times slower on a whole file's labels.
  const out = new Int32Array(labels.length);
  for (let k = 0; k < labels.length; k++) {
    const l = labels[k] as string;
    const id = ids.get(l.trim());
    if (id === undefined) {
      throw new DatasetError(
        `'${where.fileName}', column '${where.column}': the label '${l}' must be one of the trained classes (${encoding.classes.map((c) => `'${c}'`).join(', ')}). Remove the row or retrain with this class.`,
        'format',
      );
    }
    out[k] = id;
  }
  return out;
}

/**
 * Indices 0…n-1 cut into batches of `batchSize`, shuffled by `random` when given.
 * @throws ConfigError for batchSize < 1.
 */
export function batchIndices(n: number, batchSize: number, random?: Random): number[][] {
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new ConfigError(`batchIndices: batchSize must be an integer ≥ 1, got ${batchSize}.`);
  }
  const order = Array.from({ length: n }, (_, i) => i);
  if (random !== undefined) random.shuffle(order);
  const out: number[][] = [];
  for (let i = 0; i < n; i += batchSize) out.push(order.slice(i, i + batchSize));
  return out;
}
