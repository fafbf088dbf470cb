/** Classify data: rows of text and label read from a table, tokenised and encoded with the fitted tokenizer, vocabulary and classes. */

import type { Inspection } from '../../data/inspect.ts';
import { readTable, textColumn } from '../../data/table.ts';
import { type TokenizerConfig, tokenize } from '../../data/tokenizers.ts';
import { selectSequences, type TokenStore, TokenStoreBuilder } from '../../data/tokenStore.ts';
import type { Vocab } from '../../data/vocab.ts';
import { DatasetError } from '../../errors.ts';

/** Texts and labels of the usable rows (both non-empty), with the columns they came from. */
export interface LabelledTexts {
  texts: string[];
  labels: string[];
  textColumn: string;
  labelColumn: string;
}

/**
 * Reads the text and label columns of a CSV/TSV/JSONL file, dropping rows where either is empty.
 * @param columns the columns to read; undefined ones are taken from inspection's suggestion
 * @throws DatasetError from the readers, or ('empty') when no row has both a text and a label.
 */
export async function readLabelledTexts(
  bytes: Uint8Array,
  options: {
    fileName: string;
    textColumn: string | undefined;
    labelColumn: string | undefined;
    choose: (field: string, fromSpec: string | undefined, suggested: string | undefined) => string;
  },
): Promise<LabelledTexts> {
  const columnsOf = (inspection: Inspection) => ({
    text: options.choose('textColumn', options.textColumn, inspection.roles.text),
    label: options.choose('labelColumn', options.labelColumn, inspection.roles.label),
  });
  const { table, inspection } = await readTable(bytes, {
    fileName: options.fileName,
    keep: (inspection) => Object.values(columnsOf(inspection)),
  });
  const { text: textCol, label: labelCol } = columnsOf(inspection);
  const rawTexts = textColumn(table, textCol);
  const rawLabels = textColumn(table, labelCol, { trim: true });
  const texts: string[] = [];
  const labels: string[] = [];
  rawTexts.forEach((t, i) => {
    const l = rawLabels[i] as string;
    if (t.trim() === '' || l === '') return;
    texts.push(t);
    labels.push(l);
  });
  if (texts.length === 0) {
    throw new DatasetError(
      `'${options.fileName}': no row has both a text in '${textCol}' and a label in '${labelCol}'. Choose other columns.`,
      'empty',
    );
  }
  return { texts, labels, textColumn: textCol, labelColumn: labelCol };
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

/** Rewrites the provisional ids in place as `vocab` ids (tokens it lacks → `<unk>`). */
export function vocabIds(tokenized: TokenizedTexts, vocab: Vocab): void {
  const remap = Int32Array.from(tokenized.tokens, (t) => vocab.id(t));
  const { ids } = tokenized.store;
  for (let k = 0; k < ids.length; k++) ids[k] = remap[ids[k] as number] as number;
}

/** The rows `indices` that have at least one token, with their labels, sharing the store's ids. */
export function partOf(
  store: TokenStore,
  indices: readonly number[],
  labelIds: ArrayLike<number>,
): TokenStore {
  const kept: number[] = [];
  const labels: number[] = [];
  indices.forEach((row, k) => {
    if ((store.lengths[row] as number) === 0) return;
    kept.push(row);
    labels.push(labelIds[k] as number);
  });
  return selectSequences(store, kept, labels);
}
