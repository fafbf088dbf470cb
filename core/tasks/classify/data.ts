/** Classify data: rows of text and label read from a table, tokenised and encoded with the fitted tokenizer, vocabulary and classes. */

import {
  type ByteReading,
  ByteRecordReader,
  type ByteRecordSink,
  readsAsBytes,
  streamByteRecords,
} from '../../data/byteRecords.ts';
import { type FileBytes, isByteSource } from '../../data/byteSource.ts';
import type { Inspection } from '../../data/inspect.ts';
import type { ReadOptions } from '../../data/readOptions.ts';
import { inspectForReading, streamRecords } from '../../data/recordStream.ts';
import { ROW_RANGE_MIN_BYTES } from '../../data/rowRanges.ts';
import { readsInTwo, type SeriesRanges } from '../../data/seriesRanges.ts';
import { type TokenizerConfig, tokenize } from '../../data/tokenizers.ts';
import {
  remappedIds,
  selectSequences,
  type TokenStore,
  TokenStoreBuilder,
} from '../../data/tokenStore.ts';
import type { Vocab } from '../../data/vocab.ts';
import { DatasetError } from '../../errors.ts';
import { LabelReader, RowTally } from './byteRows.ts';
import type { RowLabels } from './rowLabels.ts';
import { readRowsInTwo } from './rowRanges.ts';
import { labelledRecordSink, namedLabel, RowTokens } from './rowTokens.ts';

export { namedLabel };

/** Texts and labels of the usable rows (both non-empty), with the columns they came from. */
export interface LabelledTexts {
  texts: string[];
  labels: string[];
  textColumn: string;
  labelColumn: string;
}

type Choose = (
  field: string,
  fromSpec: string | undefined,
  suggested: string | undefined,
) => string;

/** Where the text and label come from. */
interface LabelledColumns {
  fileName: string;
  /** How to read the file (spec.data.reading). */
  reading?: ReadOptions | undefined;
  /** The file's inspection with those options, when the host already made it. */
  inspection?: Inspection | undefined;
  textColumn: string | undefined;
  labelColumn: string | undefined;
  /** Names read in place of the label codes (spec.data.labelNames). */
  labelNames?: Readonly<Record<string, string>> | undefined;
  choose: Choose;
}

function indexOf(all: readonly string[], name: string, fileName: string): number {
  const i = all.indexOf(name);
  if (i === -1) {
    throw new DatasetError(
      `'${fileName}': the column must be one of ${all.map((c) => `'${c}'`).join(', ')}, got '${name}'. Choose an existing column.`,
      'format',
    );
  }
  return i;
}

/** How a reader takes rows from bytes: the label reader, the byte sink, the tally they count in, and a read of a big file's halves on two threads when the host offers one. */
interface FromBytes {
  labels: LabelReader;
  sink: (tally: RowTally) => ByteRecordSink;
  /** The tally the byte sink counts in (default: a new one). */
  tally?: RowTally;
  /** A read on two threads with this reader, when the file is one to split; else null. */
  inTwo?: (
    inspection: Inspection,
    fields: { ti: number; li: number },
  ) => ((reading: ByteReading) => Promise<void>) | null;
}

/**
 * Streams the usable rows of a file: `onRow` gets each row whose text is not blank and whose
 * label (trimmed) is not empty, in file order; nothing else is kept. With `fromBytes`, a UTF-8
 * CSV/TSV's lines are offered to its sink first as the text's and the label's bounds in the bytes
 * (core/data/byteRecords.ts: quoted fields and other characters included); the sink counts what it
 * takes in the tally, and the lines it declines come to `onRow` as strings.
 * @throws DatasetError from the readers, ('all-missing') when every text or every label is a
 *   missing marker, ('empty') when no row has both.
 */
async function streamLabelledTexts(
  bytes: FileBytes,
  options: LabelledColumns,
  onRow: (text: string, label: string) => void,
  fromBytes?: FromBytes,
): Promise<{ textColumn: string; labelColumn: string }> {
  const { fileName } = options;
  const inspection =
    options.inspection ?? (await inspectForReading(bytes, { fileName, reading: options.reading }));
  const textCol = options.choose('textColumn', options.textColumn, inspection.roles.text);
  const labelCol = options.choose('labelColumn', options.labelColumn, inspection.roles.label);
  const all = inspection.columns.map((c) => c.name);
  const ti = indexOf(all, textCol, fileName);
  const li = indexOf(all, labelCol, fileName);
  const tally = fromBytes?.tally ?? new RowTally();
  const labels = fromBytes?.labels ?? new LabelReader((l) => namedLabel(l, options.labelNames));
  const onRecord = labelledRecordSink({ ti, li }, { labels, tally, onRow });
  if (fromBytes !== undefined && readsAsBytes(inspection, options.reading)) {
    const reading: ByteReading = {
      fileName,
      fields: [ti, li],
      onBytes: fromBytes.sink(tally),
      onRecord,
      quotedFields: true,
      otherCharacters: true,
    };
    const inTwo = fromBytes.inTwo?.(inspection, { ti, li }) ?? null;
    if (inTwo !== null) await inTwo(reading);
    else await streamByteRecords(bytes, inspection, reading);
  } else {
    await streamRecords(bytes, inspection, { fileName, reading: options.reading, onRecord });
  }
  const { rows } = tally;
  for (const [name, ok] of [
    [textCol, tally.anyText],
    [labelCol, tally.anyLabel],
  ] as const) {
    if (!ok) {
      throw new DatasetError(
        `'${fileName}', column '${name}': every value is missing (${rows} rows). Choose another column or fill it in.`,
        'all-missing',
        { key: 'all-missing', params: { file: fileName, column: name, rows } },
      );
    }
  }
  if (tally.used === 0) {
    throw new DatasetError(
      `'${fileName}': no row has both a text in '${textCol}' and a label in '${labelCol}'. Choose other columns.`,
      'empty',
    );
  }
  return { textColumn: textCol, labelColumn: labelCol };
}

/**
 * Reads the text and label columns of a CSV/TSV/JSONL file, dropping rows where either is empty.
 * @throws DatasetError as {@link streamLabelledTexts}.
 */
export async function readLabelledTexts(
  bytes: FileBytes,
  options: LabelledColumns,
): Promise<LabelledTexts> {
  const texts: string[] = [];
  const labels: string[] = [];
  const columns = await streamLabelledTexts(bytes, options, (text, label) => {
    texts.push(text);
    labels.push(label);
  });
  return { texts, labels, ...columns };
}

/** Rows tokenized as they are read: provisional ids (into `tokens`), and each row's label. */
export interface TokenizedRows {
  /** One sequence per usable row, ids into `tokens` (empty sequences kept). */
  store: TokenStore;
  /** The distinct tokens, by provisional id. */
  tokens: string[];
  /** Each row's label (trimmed, renamed), as a code. */
  labels: RowLabels;
  textColumn: string;
  labelColumn: string;
}

/**
 * Reads the usable rows and tokenizes each text as it arrives (cut to `maxLength`), so no text
 * is kept: what stays is 4 bytes a token and a label per row. For tokenizers that need no fitting
 * on the texts (word, char). Word tokens of a UTF-8 CSV/TSV are read from the file's bytes where
 * the text's characters are all of known word-break class (ASCII, Latin, common punctuation,
 * Hangul: wordClasses.ts; see tokenizedRowSink), a big file's second half on the host's second
 * thread when `ranges` offers one (rowRanges.ts: the same ids, labels and rows as one reader).
 * @throws DatasetError as {@link streamLabelledTexts}.
 */
export async function readTokenizedRows(
  bytes: FileBytes,
  options: LabelledColumns & {
    tokenizer: TokenizerConfig;
    maxLength: number;
    /** false: every row through the parser's strings (the path the byte reader must agree with). */
    fromBytes?: boolean;
    /** The host's second thread for a big file (PrepareInput.seriesRanges). */
    ranges?: SeriesRanges | undefined;
  },
): Promise<TokenizedRows> {
  const { tokenizer, maxLength, ranges } = options;
  const rows = new RowTokens({ tokenizer, maxLength, labelNames: options.labelNames });
  const sink = rows.byteSink();
  const readRows = ranges?.readRows?.bind(ranges);
  const inTwo: FromBytes['inTwo'] = (inspection, { ti, li }) => {
    if (readRows === undefined || !isByteSource(bytes)) return null;
    if (!readsInTwo(bytes, ranges, ROW_RANGE_MIN_BYTES)) return null;
    return (reading) =>
      readRowsInTwo(bytes, new ByteRecordReader(inspection, reading), {
        rows,
        readRows,
        request: {
          kind: 'rows',
          inspection,
          fileName: options.fileName,
          fields: [ti, li],
          tokenizer,
          maxLength,
          labelNames: options.labelNames,
        },
      });
  };
  const fromBytes =
    sink === null || options.fromBytes === false
      ? undefined
      : { labels: rows.labelReader, sink: () => sink, tally: rows.tally, inTwo };
  const columns = await streamLabelledTexts(bytes, options, rows.onRow, fromBytes);
  return {
    store: rows.finish(),
    tokens: rows.interner.tokens,
    labels: rows.labels.finish(),
    ...columns,
  };
}

/** How often each token occurs in the sequences `rows` of `store` (ids into `tokens`). */
export function countTokens(
  store: TokenStore,
  tokens: readonly string[],
  rows: readonly number[],
): Map<string, number> {
  const counts = new Float64Array(tokens.length);
  const { ids, offsets, lengths } = store;
  // NOTE: the rows are visited in store order, each as often as `rows` names it: the same whole
  // counts as visiting `rows` in its (shuffled) order, reading the ids front to back.
  const times = new Uint32Array(store.count);
  for (const row of rows) times[row] = (times[row] as number) + 1;
  for (let row = 0; row < store.count; row++) {
    const n = times[row] as number;
    if (n === 0) continue;
    const at = offsets[row] as number;
    const end = at + (lengths[row] as number);
    for (let k = at; k < end; k++)
      counts[ids[k] as number] = (counts[ids[k] as number] as number) + n;
  }
  const out = new Map<string, number>();
  tokens.forEach((t, id) => {
    if ((counts[id] as number) > 0) out.set(t, counts[id] as number);
  });
  return out;
}

/**
 * Encodes texts with the tokenizer and vocabulary (cut to `maxLength` tokens) and labels with
 * `labelIds` into a compact store, one text at a time; texts without any token are dropped.
 */
export function encodeExamples(
  texts: readonly string[],
  labelIds: ArrayLike<number>,
  encoding: { tokenizer: TokenizerConfig; vocab: Vocab; maxLength: number },
): TokenStore {
  const out = new TokenStoreBuilder();
  texts.forEach((text, i) => {
    const tokens = tokenize(encoding.tokenizer, text).slice(0, encoding.maxLength);
    if (tokens.length > 0) out.add(encoding.vocab.encode(tokens), labelIds[i] as number);
  });
  return out.finish();
}

/** Every text tokenized once: provisional ids in a compact store, and the training rows' token counts. */
export interface TokenizedTexts {
  /** One sequence per text (label = the text's row), ids into `tokens`; empty sequences kept. */
  store: TokenStore;
  /** The distinct tokens, by provisional id. */
  tokens: string[];
  /** How often each token occurs in the rows marked for training. */
  trainCounts: Map<string, number>;
}

/**
 * Tokenizes every text once (cut to `maxLength`), interning tokens, and counts the tokens of the
 * rows `inTrain` marks, so the vocabulary is fitted on the training part without a second pass.
 */
export function tokenizeOnce(
  texts: readonly string[],
  options: { tokenizer: TokenizerConfig; maxLength: number; inTrain: Uint8Array },
): TokenizedTexts {
  const idOf = new Map<string, number>();
  const tokens: string[] = [];
  const trainCounts = new Map<string, number>();
  const out = new TokenStoreBuilder();
  texts.forEach((text, row) => {
    const own = tokenize(options.tokenizer, text).slice(0, options.maxLength);
    const ids = own.map((t) => {
      let id = idOf.get(t);
      if (id === undefined) {
        id = tokens.length;
        idOf.set(t, id);
        tokens.push(t);
      }
      if (options.inTrain[row] === 1) trainCounts.set(t, (trainCounts.get(t) ?? 0) + 1);
      return id;
    });
    out.add(ids, row);
  });
  return { store: out.finish(), tokens, trainCounts };
}

/**
 * Rewrites the provisional ids as `vocab` ids (tokens it lacks → `<unk>`): in place, or in a wider
 * array that `tokenized.store` then holds when they no longer fit 2 bytes.
 */
export function vocabIds(tokenized: Pick<TokenizedTexts, 'store' | 'tokens'>, vocab: Vocab): void {
  const remap = Int32Array.from(tokenized.tokens, (t) => vocab.id(t));
  const ids = remappedIds(tokenized.store.ids, remap);
  if (ids !== tokenized.store.ids) tokenized.store = { ...tokenized.store, ids };
}

/** The rows `indices` that have at least one token, with their labels, sharing the store's ids. */
export function partOf(
  store: TokenStore,
  indices: readonly number[],
  labelIds: ArrayLike<number>,
): TokenStore {
  const { lengths } = store;
  let count = 0;
  for (let k = 0; k < indices.length; k++)
    if ((lengths[indices[k] as number] as number) > 0) count++;
  const kept = new Int32Array(count);
  const labels = new Int32Array(count);
  for (let k = 0, at = 0; k < indices.length; k++) {
    const row = indices[k] as number;
    if ((lengths[row] as number) === 0) continue;
    kept[at] = row;
    labels[at] = labelIds[k] as number;
    at++;
  }
  return selectSequences(store, kept, labels);
}
