/** Classify's rows tokenized as they are read, by one reader of a file or of a range of it: provisional token ids interned in first-met order, each usable row's ids and label, and the counts of all rows; and a range's rows joined to the reader's before it, ids remapped. */

import type { ByteRecordSink } from '../../data/byteRecords.ts';
import type { RecordSink } from '../../data/recordStream.ts';
import type { RowCounts, RowRangeResult } from '../../data/rowRanges.ts';
import { TokenInterner } from '../../data/tokenInterner.ts';
import { type TokenizerConfig, tokenize } from '../../data/tokenizers.ts';
import { type TokenStore, TokenStoreBuilder } from '../../data/tokenStore.ts';
import { WordIdReader } from '../../data/wordIds.ts';
import { LabelReader, RowTally, tokenizedRowSink } from './byteRows.ts';
import { RowLabelsBuilder } from './rowLabels.ts';

/** The label as the task sees it: its name when `names` gives one, else the code itself. */
export function namedLabel(
  label: string,
  names: Readonly<Record<string, string>> | undefined,
): string {
  return names !== undefined && Object.hasOwn(names, label) ? (names[label] as string) : label;
}

/**
 * The parser's sink for rows given as strings: the text at `ti` and the label at `li` (read by
 * `labels`), counted by `tally`, and a usable row (a text that is not blank, a label) to `onRow`.
 */
export function labelledRecordSink(
  fields: { ti: number; li: number },
  o: { labels: LabelReader; tally: RowTally; onRow: (text: string, label: string) => void },
): RecordSink {
  const { ti, li } = fields;
  return (record) => {
    // NOTE: missing codes the user named arrive as '' (cellReading); `NA` stays a class.
    const text = record[ti] ?? '';
    const label = o.labels.fromText(record[li]);
    if (o.tally.note(text.trim() === '', label)) o.onRow(text, label as string);
  };
}

/**
 * One reader's rows: each usable row's token ids (provisional: into `interner.tokens`, first met
 * first) in `store`, its label in `labels`, all rows counted in `tally`. Word and character tokens
 * are read by the scanners (wordIds.ts) from bytes or text; other tokenizers' through `tokenize`.
 */
export class RowTokens {
  readonly interner = new TokenInterner();
  /** Each usable row's label (trimmed, renamed), as a code. */
  readonly labels = new RowLabelsBuilder();
  readonly tally = new RowTally();
  readonly labelReader: LabelReader;
  /** The scanner for word and character tokens; null for other tokenizers. */
  readonly words: WordIdReader | null;
  private readonly store = new TokenStoreBuilder();
  private readonly ids: number[] = [];

  constructor(
    private readonly o: {
      tokenizer: TokenizerConfig;
      maxLength: number;
      labelNames?: Readonly<Record<string, string>> | undefined;
    },
  ) {
    const { tokenizer, maxLength } = o;
    this.labelReader = new LabelReader((l) => namedLabel(l, o.labelNames));
    this.words =
      tokenizer.kind === 'word' || tokenizer.kind === 'char'
        ? new WordIdReader(this.interner, {
            max: maxLength,
            lowercase: tokenizer.lowercase,
            chars: tokenizer.kind === 'char',
          })
        : null;
  }

  /** A usable row given as strings: its text tokenized (cut to `maxLength`) and its label. */
  readonly onRow = (text: string, label: string): void => {
    const { words, ids, interner } = this;
    const { tokenizer, maxLength } = this.o;
    // NOTE: words of known classes (wordClasses.ts) go from the text to ids directly (what
    // tokenize would cut), read lowercased as they are scanned; a text that only lowercases to
    // them is read after `toLowerCase`, as before.
    const read =
      words !== null &&
      (words.read(text, ids) || (tokenizer.lowercase && words.read(text.toLowerCase(), ids)));
    if (!read) {
      const own = tokenize(tokenizer, text);
      ids.length = 0;
      for (let k = 0; k < own.length && k < maxLength; k++)
        ids.push(interner.idOf(own[k] as string));
    }
    this.store.add(ids, this.labels.size);
    this.labels.push(label);
  };

  /** The byte reader's sink for the text and the label fields (null without the scanner). */
  byteSink(): ByteRecordSink | null {
    const { words } = this;
    if (words === null) return null;
    return tokenizedRowSink({
      words,
      labels: this.labelReader,
      tally: this.tally,
      keep: (rowIds, count, label) => {
        this.store.addFrom(rowIds, count, this.labels.size);
        this.labels.push(label);
      },
    });
  }

  /** The parser's sink for rows given as strings, the text at `ti` and the label at `li`. */
  recordSink(fields: { ti: number; li: number }): RecordSink {
    return labelledRecordSink(fields, {
      labels: this.labelReader,
      tally: this.tally,
      onRow: this.onRow,
    });
  }

  /**
   * Sizes the store for every row to come, from the ids so far and the `share` of the rows' bytes
   * they came from (a big file's first piece): the store's ids then need no second array.
   */
  expect(share: number): void {
    if (share > 0 && share <= 1) this.store.expect(Math.ceil(this.store.size / share));
  }

  /** The store of every usable row's ids (label = the row's index in {@link labels}); the builder is then empty. */
  finish(): TokenStore {
    return this.store.finish();
  }

  /** The counts of all rows read. */
  counts(): RowCounts {
    const { rows, used, anyText, anyLabel } = this.tally;
    return { rows, used, anyText, anyLabel };
  }

  /**
   * Appends the rows another reader read from the rest of the file, as if this one had read on:
   * its tokens interned here in the order it met them (so a token new to this reader gets the id
   * one reader would have given it), its ids rewritten to these, its labels and counts added.
   */
  join(rest: Extract<RowRangeResult, { ok: true }>): void {
    const { interner } = this;
    const remap = Int32Array.from(rest.tokens, (t) => interner.idOf(t));
    this.store.addRemapped(rest.ids, rest.lengths, remap, this.labels.size);
    // NOTE: a label met on both sides gets this reader's code, as one reader would have met it.
    const codeOf = rest.labels.map((label) => this.labels.codeOf(label));
    const { labelOf } = rest;
    for (let k = 0; k < labelOf.length; k++)
      this.labels.pushCode(codeOf[labelOf[k] as number] as number);
    const { tally } = this;
    tally.rows += rest.counts.rows;
    tally.used += rest.counts.used;
    tally.anyText ||= rest.counts.anyText;
    tally.anyLabel ||= rest.counts.anyLabel;
  }
}
