/** Classify's rows read straight from a UTF-8 CSV/TSV's bytes: the text's token ids and the label taken from the field bounds the byte reader hands over, quoted and Korean fields included, with no decoding and no strings per row. */

import {
  type ByteRecordSink,
  ESCAPED_QUOTES,
  NOT_ASCII,
  UNCHECKED,
} from '../../data/byteRecords.ts';
import { asciiText } from '../../data/cellFastPaths.ts';
import { labelOf } from '../../data/columnTypes.ts';
import { decodeUtf8 } from '../../data/encoding.ts';
import { HASH_START, TokenInterner } from '../../data/tokenInterner.ts';
import type { WordIdReader } from '../../data/wordIds.ts';

const QUOTE = 34;

/** ASCII white space as `trim` removes it (tab, LF, VT, FF, CR, space). */
function isSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13);
}

/**
 * Copies `src[start, end)` (a quoted field's inside) into `into` with each `""` made one quote;
 * the length copied. `into` holds at least `end - start` bytes.
 */
export function unescapeQuotes(
  src: Uint8Array,
  start: number,
  end: number,
  into: Uint8Array,
): number {
  let n = 0;
  for (let i = start; i < end; i++) {
    const c = src[i] as number;
    into[n++] = c;
    if (c === QUOTE) i++;
  }
  return n;
}

/** The labels of the rows, each spelling read once: trimmed, renamed as the user named them, equal ones one string. */
export class LabelReader {
  private readonly spellings = new TokenInterner();
  /** The label each interned spelling stands for, by id. */
  private readonly named: string[] = [];
  private scratch = new Uint8Array(256);

  constructor(private readonly rename: (label: string) => string) {}

  /** Every label read so far, each once (first met first). */
  distinct(): readonly string[] {
    return this.named;
  }

  /** The label of a cell read as a string: null when blank. */
  fromText(raw: string | undefined): string | null {
    const label = labelOf(raw);
    return label === null ? null : this.labelOf(this.spellings.idOf(label));
  }

  /**
   * The label of the field `bytes[start, end)` of kind `kind` (as the byte reader gives it; start
   * -1: no field): null when blank, undefined when its bytes are not UTF-8 (the line is then read
   * the general way, which reports them).
   */
  fromBytes(
    bytes: Uint8Array,
    start: number,
    end: number,
    fieldKind: number,
  ): string | null | undefined {
    if (start < 0) return null;
    let kind = fieldKind;
    let src = bytes;
    let s = start;
    let e = end;
    if ((kind & ESCAPED_QUOTES) !== 0) {
      if (this.scratch.length < e - s) this.scratch = new Uint8Array(e - s);
      src = this.scratch;
      e = unescapeQuotes(bytes, s, e, src);
      s = 0;
    }
    if ((kind & UNCHECKED) !== 0) {
      for (let i = s; i < e; i++) {
        const c = src[i] as number;
        if (c === 13) return undefined;
        if (c >= 128) kind |= NOT_ASCII;
      }
    }
    if ((kind & NOT_ASCII) !== 0) {
      let text: string;
      try {
        text = decodeUtf8(src.subarray(s, e));
      } catch {
        return undefined;
      }
      return this.fromText(text);
    }
    while (s < e && isSpace(src[s] as number)) s++;
    while (e > s && isSpace(src[e - 1] as number)) e--;
    if (s === e) return null;
    let h = HASH_START;
    for (let i = s; i < e; i++) h = Math.imul(h ^ (src[i] as number), 0x01000193);
    h |= 0;
    const id = this.spellings.findCodes(src, s, e, h);
    return this.labelOf(id !== -1 ? id : this.spellings.idOf(asciiText(src, s, e)));
  }

  private labelOf(id: number): string {
    if (id === this.named.length) {
      const spelt = this.spellings.tokens[id] as string;
      const renamed = this.rename(spelt);
      // NOTE: two spellings the user named alike stay one string.
      this.named.push(this.named.find((n) => n === renamed) ?? renamed);
    }
    return this.named[id] as string;
  }
}

/** Counts the rows read, for the checks after the read (a column that is all missing, no usable row). */
export class RowTally {
  rows = 0;
  used = 0;
  /** Whether some row has a text that is not blank, and some a label. */
  anyText = false;
  anyLabel = false;

  /** Notes a row; true when it is usable (a text that is not blank and a label). */
  note(blankText: boolean, label: string | null): boolean {
    this.rows++;
    if (!blankText) this.anyText = true;
    if (label !== null) this.anyLabel = true;
    if (blankText || label === null) return false;
    this.used++;
    return true;
  }
}

/**
 * The byte reader's sink for classify's two fields (the text, then the label): each row's text
 * scanned by `words` where it lies (a quoted one with `""` inside first copied out with one quote
 * each), counted by `tally`, and a usable row's ids (the reader's array, valid during the call) and label handed to `keep`. A text with a
 * character `words` leaves to Intl.Segmenter, or a field that is not UTF-8, declines the line
 * before anything is counted.
 */
export function tokenizedRowSink(o: {
  words: WordIdReader;
  labels: LabelReader;
  tally: RowTally;
  keep: (ids: Int32Array, count: number, label: string) => void;
}): ByteRecordSink {
  const { words, labels, tally, keep } = o;
  let scratch = new Uint8Array(4096);
  return (bytes, starts, ends, _line, kinds) => {
    const label = labels.fromBytes(
      bytes,
      starts[1] as number,
      ends[1] as number,
      kinds[1] as number,
    );
    if (label === undefined) return false;
    let start = starts[0] as number;
    let end = ends[0] as number;
    const kind = kinds[0] as number;
    let count = 0;
    if (start >= 0) {
      let src = bytes;
      if ((kind & ESCAPED_QUOTES) !== 0) {
        if (scratch.length < end - start) scratch = new Uint8Array(2 * (end - start));
        src = scratch;
        end = unescapeQuotes(bytes, start, end, scratch);
        start = 0;
      }
      // NOTE: read as plain ASCII first unless known not to be; a field not looked at byte by
      // byte may still be (scanBytes refuses its CRs either way).
      count = (kind & NOT_ASCII) === 0 ? words.scanBytes(src, start, end, true) : -1;
      if (count < 0 && (kind & (NOT_ASCII | UNCHECKED)) !== 0)
        count = words.scanBytes(src, start, end, false);
      if (count < 0) return false;
    }
    if (!tally.note(start < 0 || words.blank, label)) return true;
    keep(words.ownIds(count), count, label as string);
    return true;
  };
}
