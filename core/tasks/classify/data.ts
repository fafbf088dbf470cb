/** Classify data: rows of text and label read from a table, tokenised and encoded with the fitted tokenizer, vocabulary and classes. */
import { labelOf } from '../../data/columnTypes.ts';
import type { ReadOptions } from '../../data/readOptions.ts';
import { readTable, textColumn } from '../../data/table.ts';
import type { TokenizerConfig } from '../../data/tokenizers.ts';
import type { Vocab } from '../../data/vocab.ts';
import { DatasetError } from '../../errors.ts';
import { tokenizeAll } from '../common/text.ts';

/** Texts and labels of the usable rows (both non-empty), with the columns they came from. */
export interface LabelledTexts {
  texts: string[];
  labels: string[];
  textColumn: string;
  labelColumn: string;
}

/** One encoded example. */
export interface ClassifyExample {
  /** Token ids, at least one. */
  ids: number[];
  /** Class id. */
  label: number;
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
    /** How to read the file (spec.data.reading). */
    reading: ReadOptions | undefined;
    textColumn: string | undefined;
    labelColumn: string | undefined;
    choose: (field: string, fromSpec: string | undefined, suggested: string | undefined) => string;
  },
): Promise<LabelledTexts> {
  const { table, inspection } = await readTable(bytes, {
    fileName: options.fileName,
    reading: options.reading,
  });
  const textCol = options.choose('textColumn', options.textColumn, inspection.roles.text);
  const labelCol = options.choose('labelColumn', options.labelColumn, inspection.roles.label);
  const rawTexts = textColumn(table, textCol);
  const rawLabels = textColumn(table, labelCol, { trim: true });
  const texts: string[] = [];
  const labels: string[] = [];
  rawTexts.forEach((t, i) => {
    const l = labelOf(rawLabels[i]);
    if (t.trim() === '' || l === null) return;
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
 * `classIds`; texts without any token are dropped.
 */
export function encodeExamples(
  texts: readonly string[],
  labelIds: ArrayLike<number>,
  encoding: { tokenizer: TokenizerConfig; vocab: Vocab; maxLength: number },
): ClassifyExample[] {
  const tokens = tokenizeAll(encoding.tokenizer, texts, encoding.maxLength);
  const out: ClassifyExample[] = [];
  tokens.forEach((t, i) => {
    if (t.length === 0) return;
    out.push({ ids: encoding.vocab.encode(t), label: labelIds[i] as number });
  });
  return out;
}
