/** Reads the records of a UTF-8 CSV/TSV straight from its bytes: a line of plain ASCII fields (and, when the reader asks, quoted fields and other characters in its fields) is handed over as field bounds in the bytes (no decoding, no strings), any other line (a line break inside quotes, a lone CR, a header or blank line, one the reader declines) goes through the decoder and DelimitedParser exactly as streamRecords reads it. */
import { type FileBytes, piecesOf } from './byteSource.ts';
import { cellNormaliser } from './cellReading.ts';
import {
  DelimitedParser,
  type Delimiter,
  isBlankRecord,
  MAX_QUOTED_FIELD_CHARS,
  type Quoting,
  withoutTrailingBlank,
} from './delimited.ts';
import { StreamDecoder } from './encoding.ts';
import type { Inspection } from './inspect.ts';
import type { ReadOptions } from './readOptions.ts';
import type { RecordSink } from './recordStream.ts';

/**
 * Where a record's fields lie in `bytes`: field `k` asked for is `bytes[starts[k], ends[k])`, or ''
 * when `starts[k]` is -1 (the record is shorter); `kinds[k]` says how to read it
 * ({@link ESCAPED_QUOTES}, {@link NOT_ASCII}, {@link UNCHECKED}; 0 for plain ASCII). Returning false (before anything
 * is kept of the record) has the line read the general way and handed to `onRecord` instead.
 */
export type ByteRecordSink = (
  bytes: Uint8Array,
  starts: Int32Array,
  ends: Int32Array,
  line: number,
  kinds: Uint8Array,
) => boolean | undefined;

/** A field's kind: quoted, holding `""` for each quote (the bounds are inside the outer quotes). */
export const ESCAPED_QUOTES = 1;
/** A field's kind: holding bytes from 128 up, not checked as UTF-8 (decline the line for bytes that are not). */
export const NOT_ASCII = 2;
/**
 * A field's kind: quoted and not looked at byte by byte (with `otherCharacters`): it may hold bytes
 * from 128 up, unchecked as for {@link NOT_ASCII}, and CRs, which the parser counts as line ends
 * inside quotes (decline a line whose field holds one).
 */
export const UNCHECKED = 4;

const LF = 10;
const CR = 13;
const QUOTE = 34;
/** A byte from 128 up: a plain line's only when the reader takes other characters in that field. */
const HIGH = 1;
const DELIMITER = 2;
const LINE_END = 3;
/** A CR: the end of the line before a line feed, else the general path's. */
const CR_BYTE = 4;
/** A quote (when quoting): opens a quoted field at a field's start when the reader takes them. */
const QUOTE_BYTE = 5;
/** Within quotes: a quote ends the field or, doubled, is one; a line end, or a byte from 128 up unless other characters are taken, is the general path's. */
const IN_QUOTES = Uint8Array.from({ length: 256 }, (_, c) =>
  c === QUOTE ? 1 : c === LF || c === CR || c >= 128 ? 2 : 0,
);
/** A quoted field whose bytes run longer than the parser allows is the general path's (it refuses it). */
const MAX_QUOTED_BYTES = MAX_QUOTED_FIELD_CHARS;
/** Lines read by the general path in one region before the rest of it may be given to that path whole. */
const MAX_LINE_FALLBACKS = 64;
/** An unfinished line longer than this is handed to the general path rather than kept. */
const MAX_CARRY_BYTES = 1 << 20;
const EMPTY = new Uint8Array(0);

/**
 * True when {@link streamByteRecords} reads this file as streamRecords would: a CSV or TSV in
 * UTF-8 with no reading option that rewrites cells (missing codes, separators).
 */
export function readsAsBytes(inspection: Inspection, reading: ReadOptions | undefined): boolean {
  return (
    (inspection.format === 'csv' || inspection.format === 'tsv') &&
    inspection.delimiter !== null &&
    inspection.encoding === 'utf-8' &&
    cellNormaliser(reading ?? {}) === null
  );
}

/** Space, tab, VT, FF, CR and the separators: a line starting with one may be blank. */
function blankish(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13) || c === 44 || c === 59 || c === 124;
}

/**
 * The index just after the UTF-8 sequence starting at `i` (a byte from 128 up), or -1 when the
 * bytes there are not UTF-8 as a fatal decoder reads them (overlong forms, surrogates, code points
 * past U+10FFFF and cut sequences refused).
 */
export function utf8SequenceEnd(bytes: Uint8Array, i: number): number {
  const c = bytes[i] as number;
  let n: number;
  let low = 0x80;
  let high = 0xbf;
  if (c >= 0xc2 && c <= 0xdf) n = 1;
  else if (c >= 0xe0 && c <= 0xef) {
    n = 2;
    if (c === 0xe0) low = 0xa0;
    if (c === 0xed) high = 0x9f;
  } else if (c >= 0xf0 && c <= 0xf4) {
    n = 3;
    if (c === 0xf0) low = 0x90;
    if (c === 0xf4) high = 0x8f;
  } else return -1;
  const b = bytes[i + 1];
  if (b === undefined || b < low || b > high) return -1;
  for (let k = 2; k <= n; k++) {
    const d = bytes[i + k];
    if (d === undefined || d < 0x80 || d > 0xbf) return -1;
  }
  return i + n + 1;
}

/**
 * True when `bytes[from, to)` holds an ASCII byte other than white space, a separator or a quote,
 * so the record cannot be blank (a line whose other bytes are all from 128 up might be white space
 * such as U+3000 only, which the general path skips).
 */
function solidAscii(bytes: Uint8Array, from: number, to: number): boolean {
  for (let k = from; k < to; k++) {
    const c = bytes[k] as number;
    if (c < 128 && c !== QUOTE && !blankish(c)) return true;
  }
  return false;
}

/** Joins two byte arrays. */
function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

/** What a byte reader asks for: the fields, its two sinks, and which lines it takes from bytes. */
export interface ByteReading {
  fileName: string;
  /** Indexes into the inspection's columns, in the order `onBytes` gets them. */
  fields: readonly number[];
  onBytes: ByteRecordSink;
  onRecord: RecordSink;
  /** Take quoted fields that end on their line from bytes ({@link ESCAPED_QUOTES}); else their lines are the general path's. */
  quotedFields?: boolean;
  /**
   * Take bytes from 128 up: unchecked in the fields asked for ({@link NOT_ASCII}, and their quoted
   * fields without looking at each byte, {@link UNCHECKED}), checked as UTF-8 here in the others
   * (a line that has them and no ASCII byte but white space, separators and quotes is the general
   * path's: it may be blank); else their lines are the general path's.
   */
  otherCharacters?: boolean;
  /**
   * The bytes pushed start at a record boundary past the header, on line 1 of what is read (a
   * byte range of the file, core/data/seriesRanges.ts): no header line is skipped.
   */
  midFile?: boolean;
}

/**
 * Reads one file's lines, plain ones from bytes and the rest through the general path: pieces are
 * pushed in order (the byte-order mark already taken off), then {@link end}.
 */
export class ByteRecordReader {
  private line = 1;
  private headerLeft: number;
  /** True while the general path holds part of a record or of a character. */
  private generalOpen = false;
  private carry: Uint8Array = EMPTY;
  private readonly table = new Uint8Array(256);
  private readonly parser: DelimitedParser;
  private readonly decoder: StreamDecoder;
  /** Field index in the line of each field asked for (-1: none). */
  private readonly wanted: Int32Array;
  /** One more than the last field index asked for. */
  private readonly width: number;
  private readonly bounds: Int32Array;
  /** Each field's kind in the line, up to `width`. */
  private readonly fieldKinds: Uint8Array;
  /** 1 for a field index asked for (other characters are taken only there). */
  private readonly asked: Uint8Array;
  private readonly starts: Int32Array;
  private readonly ends: Int32Array;
  private readonly kinds: Uint8Array;
  private readonly quoted: boolean;
  private readonly wide: boolean;
  /** The kind of the last field {@link quotedField} read. */
  private quotedKind = 0;
  /** The line feed after the last quoted field searched for one in this line (-1: none yet). */
  private lineFeed = -1;

  constructor(
    inspection: Inspection,
    private readonly options: ByteReading,
  ) {
    const { fileName } = options;
    const kept = inspection.columnIndexes;
    const width = inspection.columns.length;
    this.wanted = Int32Array.from(options.fields, (c) =>
      c < 0 || c >= width ? -1 : kept === undefined ? c : (kept[c] ?? -1),
    );
    this.width = this.wanted.reduce((most, c) => Math.max(most, c), 0) + 1;
    this.bounds = new Int32Array(2 * this.width);
    this.fieldKinds = new Uint8Array(this.width);
    this.asked = new Uint8Array(this.width);
    for (const f of this.wanted) if (f >= 0) this.asked[f] = 1;
    this.starts = new Int32Array(this.wanted.length);
    this.ends = new Int32Array(this.wanted.length);
    this.kinds = new Uint8Array(this.wanted.length);
    this.quoted = options.quotedFields === true;
    this.wide = options.otherCharacters === true;
    this.headerLeft =
      inspection.hasHeader && options.midFile !== true ? (inspection.headerRows ?? 1) : 0;
    const delimiter = inspection.delimiter as Delimiter;
    for (let c = 128; c < 256; c++) this.table[c] = HIGH;
    this.table[CR] = CR_BYTE;
    this.table[LF] = LINE_END;
    if (inspection.quoting === 'double') this.table[QUOTE] = QUOTE_BYTE;
    this.table[delimiter.charCodeAt(0)] = DELIMITER;
    // NOTE: the byte-order mark is taken off before the first piece reaches the reader.
    this.decoder = new StreamDecoder('utf-8', { fileName, bomLength: 0 });
    this.parser = new DelimitedParser({
      delimiter,
      quoting: inspection.quoting as Quoting,
      fileName,
      onRecord: (fields, line) => {
        if (isBlankRecord(fields)) return;
        if (this.headerLeft > 0) this.headerLeft--;
        else options.onRecord(pick(fields, kept, width), line);
      },
    });
  }

  /** Takes the next piece of the file (the reader keeps no view of it). */
  push(piece: Uint8Array): void {
    let from = 0;
    if (this.carry.length > 0) {
      const lf = piece.indexOf(LF);
      if (lf === -1) {
        this.keep(concat(this.carry, piece));
        return;
      }
      const joined = concat(this.carry, piece.subarray(0, lf + 1));
      this.carry = EMPTY;
      this.region(joined, 0, joined.length);
      from = lf + 1;
    }
    const cut = Math.max(from, piece.lastIndexOf(LF) + 1);
    if (cut > from) this.region(piece, from, cut);
    this.keep(piece.slice(cut));
  }

  /**
   * The line the next record starts on when everything pushed so far is read and handed over (the
   * bytes ended with a line feed outside quotes, the header is past), else -1: only then may the
   * rest of the file be read by another reader, from line 1, and its lines moved by this one's.
   */
  boundary(): number {
    const done = this.carry.length === 0 && this.headerLeft === 0 && !this.generalOpen;
    return done ? this.line : -1;
  }

  /**
   * Reads the unfinished last line and ends the file.
   * @throws DatasetError as DelimitedParser.end and StreamDecoder.decode.
   */
  end(): void {
    this.resume();
    this.parser.push(this.decoder.decode(this.carry, { final: true }));
    this.carry = EMPTY;
    this.parser.end();
  }

  /** Keeps an unfinished line for the next piece; a very long one goes to the general path now. */
  private keep(tail: Uint8Array): void {
    if (tail.length <= MAX_CARRY_BYTES) {
      this.carry = tail;
      return;
    }
    this.carry = EMPTY;
    this.general(tail, 0, tail.length);
  }

  /** Reads the whole lines `bytes[from, to)` (`to` just after a line feed). */
  private region(bytes: Uint8Array, from: number, to: number): void {
    let at = from;
    let plain = 0;
    let fallbacks = 0;
    while (at < to) {
      if (!this.generalOpen) {
        const handled = this.plainLine(bytes, at);
        if (handled >= 0) {
          this.line++;
          plain++;
          at = handled + 1;
          continue;
        }
      }
      // NOTE: a line the general path reads, and while a record it holds is open (a line break
      // inside quotes) each next one, so reading from bytes resumes after the record; a region
      // where more than one line in 8 falls back is left to the general path whole.
      if (++fallbacks > MAX_LINE_FALLBACKS && 8 * fallbacks > plain) {
        this.general(bytes, at, to);
        return;
      }
      const lf = bytes.indexOf(LF, at);
      this.general(bytes, at, lf + 1);
      at = lf + 1;
    }
  }

  /** Numbers the general path's next record as this reader's line, when it holds nothing. */
  private resume(): void {
    if (this.generalOpen) return;
    this.parser.resumeAt(this.line);
    this.decoder.resumeAt(this.line);
  }

  /** Decodes and parses `bytes[from, to)` the general way. */
  private general(bytes: Uint8Array, from: number, to: number): void {
    if (to <= from) return;
    this.resume();
    this.parser.push(this.decoder.decode(bytes.subarray(from, to)));
    this.generalOpen = bytes[to - 1] !== LF || !this.parser.betweenRecords;
    if (!this.generalOpen) this.line = this.parser.nextLine;
  }

  /**
   * Hands over the line starting at `from` from its bytes when it is plain data, or skips it when
   * empty, and gives the index of its line feed (the caller's region ends with one); -1 (nothing
   * done) for a line the general path must read.
   */
  private plainLine(bytes: Uint8Array, from: number): number {
    if (this.headerLeft > 0) return -1;
    const first = bytes[from] as number;
    if (first === LF) return from;
    if (first === CR && bytes[from + 1] === LF) return from + 1;
    if (blankish(first)) return -1;
    this.lineFeed = -1;
    const { table, bounds, width, fieldKinds } = this;
    let field = 0;
    let start = from;
    let end = -1;
    let kind = 0;
    /** Whether the line may hold bytes from 128 up. */
    let high = false;
    let i = from;
    for (; ; i++) {
      const type = table[bytes[i] as number];
      if (type === 0) continue;
      if (type === DELIMITER) {
        if (field < width) {
          bounds[2 * field] = start;
          bounds[2 * field + 1] = end < 0 ? i : end;
          fieldKinds[field] = kind;
        }
        field++;
        start = i + 1;
        end = -1;
        kind = 0;
        continue;
      }
      if (type === LINE_END) break;
      // NOTE: a CR ends the line only before a line feed; a lone CR is the general path's.
      if (type === CR_BYTE && bytes[i + 1] === LF) break;
      if (type === HIGH && this.wide) {
        high = true;
        if (field < width && this.asked[field] === 1) {
          kind |= NOT_ASCII;
          continue;
        }
        // NOTE: a field not asked for is checked here, as the decoder would check it.
        const next = utf8SequenceEnd(bytes, i);
        if (next < 0) return -1;
        i = next - 1;
        continue;
      }
      if (type !== QUOTE_BYTE || !this.quoted || i !== start) return -1;
      const close = this.quotedField(bytes, i, field);
      if (close < 0) return -1;
      // NOTE: a blank record may start with a quoted field (`"",""`): the general path skips it.
      if (field === 0 && (close === i + 1 || blankish(bytes[i + 1] as number))) return -1;
      kind = this.quotedKind;
      if ((kind & (UNCHECKED | NOT_ASCII)) !== 0) high = true;
      start = i + 1;
      end = close;
      i = close;
    }
    if (high && !solidAscii(bytes, from, i)) return -1;
    if (field < width) {
      bounds[2 * field] = start;
      bounds[2 * field + 1] = end < 0 ? i : end;
      fieldKinds[field] = kind;
    }
    field++;
    const { wanted, starts, ends, kinds } = this;
    for (let k = 0; k < wanted.length; k++) {
      const f = wanted[k] as number;
      const present = f >= 0 && f < field;
      starts[k] = present ? (bounds[2 * f] as number) : -1;
      ends[k] = present ? (bounds[2 * f + 1] as number) : -1;
      kinds[k] = present ? (fieldKinds[f] as number) : 0;
    }
    if (this.options.onBytes(bytes, starts, ends, this.line, kinds) === false) return -1;
    return bytes[i] === LF ? i : i + 1;
  }

  /**
   * The index of the quote closing the quoted field opened at `open`, when the field ends on its
   * line and a delimiter or the line's end follows it; -1 for one the general path must read (a
   * line break or a lone CR inside, other characters where not taken, a byte after the quote).
   */
  private quotedField(bytes: Uint8Array, open: number, field: number): number {
    const close =
      this.wide && field < this.width && this.asked[field] === 1
        ? this.uncheckedQuotes(bytes, open)
        : this.checkedQuotes(bytes, open);
    if (close < 0 || close - open > MAX_QUOTED_BYTES) return -1;
    const next = this.table[bytes[close + 1] as number];
    if (next !== DELIMITER && next !== LINE_END && !(next === CR_BYTE && bytes[close + 2] === LF))
      return -1;
    return close;
  }

  /**
   * The closing quote of a field its reader checks itself ({@link UNCHECKED}): found by native
   * search, as is the line feed it must come before; -1 when it does not.
   */
  private uncheckedQuotes(bytes: Uint8Array, open: number): number {
    let kind = UNCHECKED;
    let close = bytes.indexOf(QUOTE, open + 1);
    while (close !== -1 && bytes[close + 1] === QUOTE) {
      kind |= ESCAPED_QUOTES;
      close = bytes.indexOf(QUOTE, close + 2);
    }
    if (this.lineFeed <= open) this.lineFeed = bytes.indexOf(LF, open + 1);
    if (close === -1 || (this.lineFeed !== -1 && this.lineFeed < close)) return -1;
    this.quotedKind = kind;
    return close;
  }

  /** The closing quote of a field whose every byte is checked here: -1 for a line break, a CR or a byte from 128 up inside. */
  private checkedQuotes(bytes: Uint8Array, open: number): number {
    let kind = 0;
    let j = open + 1;
    for (; ; j++) {
      const type = IN_QUOTES[bytes[j] as number];
      if (type === 0) continue;
      if (type === 1) {
        if (bytes[j + 1] !== QUOTE) break;
        kind |= ESCAPED_QUOTES;
        j++;
        continue;
      }
      // NOTE: with other characters taken, a field not asked for is checked as UTF-8 here.
      const c = bytes[j] as number;
      const next = c >= 128 && this.wide ? utf8SequenceEnd(bytes, j) : -1;
      if (next < 0) return -1;
      kind |= NOT_ASCII;
      j = next - 1;
    }
    this.quotedKind = kind;
    return j;
  }
}

/** A record's fields in the inspected columns' order, as streamRecords picks them. */
function pick(fields: string[], kept: readonly number[] | undefined, width: number): string[] {
  return kept === undefined
    ? withoutTrailingBlank(fields, width)
    : kept.map((c) => fields[c] as string);
}

/**
 * The pieces of a pass with the UTF-8 byte-order mark taken off the start (`seen.bom` says how
 * many bytes were taken, set before the first piece is handed over).
 */
export async function* withoutBom(
  pieces: AsyncIterable<Uint8Array>,
  seen: { bom: number } = { bom: 0 },
): AsyncIterable<Uint8Array> {
  let head: Uint8Array = EMPTY;
  let started = false;
  for await (const piece of pieces) {
    if (started) {
      yield piece;
      continue;
    }
    head = head.length === 0 ? piece : concat(head, piece);
    if (head.length < 3) continue;
    started = true;
    seen.bom = head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? 3 : 0;
    yield head.subarray(seen.bom);
  }
  if (!started && head.length > 0) yield head;
}

/**
 * Streams the data records of a UTF-8 CSV/TSV ({@link readsAsBytes}) as streamRecords does, in the
 * same order and with the same lines: a plain line (ASCII, no quote, no lone CR) as the bounds of
 * the `fields` asked for (indexes into `inspection.columns`) in its bytes, any other record as its
 * picked fields. The bytes given to `onBytes` are the reader's until it returns.
 * @throws DatasetError as streamRecords: an unclosed quote, bytes that are not UTF-8.
 */
export async function streamByteRecords(
  bytes: FileBytes,
  inspection: Inspection,
  options: ByteReading & { sliceBytes?: number },
): Promise<void> {
  const reader = new ByteRecordReader(inspection, options);
  for await (const piece of withoutBom(piecesOf(bytes, options.sliceBytes))) {
    // NOTE: a plain view of a Node Buffer, so the readers see one kind of array (monomorphic).
    reader.push(new Uint8Array(piece.buffer, piece.byteOffset, piece.length));
  }
  reader.end();
}
