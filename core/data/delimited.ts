/** A streaming RFC 4180 parser for CSV/TSV (quoted fields, embedded newlines) with line numbers, and delimiter sniffing. */
import { DatasetError } from '../errors.ts';

/** Field separators the sniffer considers, in order of preference on a tie. */
export const DELIMITERS = [',', '\t', ';', '|'] as const;
export type Delimiter = (typeof DELIMITERS)[number];

/**
 * `double`: RFC 4180 quoting (a field starting with `"` runs to the next lone `"`, `""` is a quote).
 * `none`: quotes are ordinary characters (NSMC and UCI sentence files must be read this way).
 */
export type Quoting = 'double' | 'none';

/** Called once per record with its fields and the 1-based line it starts on. */
export type RecordHandler = (fields: string[], line: number) => void;

/** A quoted field longer than this is almost surely an unmatched quote; refuse it instead of eating the file. */
export const MAX_QUOTED_FIELD_CHARS = 1_000_000;

const QUOTE = 34;
const LF = 10;
const CR = 13;

/**
 * Push text in pieces of any size; records are emitted as soon as they are complete.
 * Line ends may be LF, CRLF or CR; U+0085 and U+2028 are ordinary characters (as RFC 4180 says).
 */
export class DelimitedParser {
  private fields: string[] = [];
  private field = '';
  private inQuotes = false;
  private afterQuote = false;
  private fieldStarted = false;
  private pendingCr = false;
  private quotedCr = false;
  private line = 1;
  private recordLine = 1;
  private quoteLine = 1;
  private readonly delim: number;
  /** Characters found after a closing quote and before the next delimiter (an RFC 4180 violation). */
  strayAfterQuote = 0;

  constructor(
    private readonly options: {
      delimiter: Delimiter;
      quoting: Quoting;
      fileName: string;
      onRecord: RecordHandler;
    },
  ) {
    this.delim = options.delimiter.charCodeAt(0);
  }

  /**
   * Parses the next piece of text.
   * @throws DatasetError ('format') for a quoted field that never ends.
   */
  push(text: string): void {
    const n = text.length;
    let start = 0;
    let i = 0;
    if (this.pendingCr && n > 0) {
      this.pendingCr = false;
      if (text.charCodeAt(0) === LF) start = i = 1;
    }
    while (i < n) {
      const c = text.charCodeAt(i);
      if (this.inQuotes) {
        const q = text.indexOf('"', i);
        const end = q === -1 ? n : q;
        this.countLines(text, i, end);
        if (q === -1) {
          this.field += text.slice(start, n);
          this.checkQuotedLength();
          return;
        }
        this.field += text.slice(start, q);
        if (this.quotedCr) this.line++;
        this.quotedCr = false;
        this.inQuotes = false;
        this.afterQuote = true;
        start = i = q + 1;
        continue;
      }
      if (this.afterQuote && c === QUOTE) {
        // An escaped quote `""` inside a quoted field.
        this.field += '"';
        this.inQuotes = true;
        this.afterQuote = false;
        start = i = i + 1;
        continue;
      }
      if (c === this.delim) {
        this.fields.push(this.field + text.slice(start, i));
        this.resetField();
        start = i = i + 1;
        continue;
      }
      if (c === LF || c === CR) {
        this.fields.push(this.field + text.slice(start, i));
        this.resetField();
        this.emit();
        this.line++;
        this.recordLine = this.line;
        if (c === CR) {
          if (i + 1 < n) {
            if (text.charCodeAt(i + 1) === LF) i++;
          } else this.pendingCr = true;
        }
        start = i = i + 1;
        continue;
      }
      if (c === QUOTE && !this.fieldStarted && this.options.quoting === 'double') {
        this.inQuotes = true;
        this.fieldStarted = true;
        this.quoteLine = this.line;
        start = i = i + 1;
        continue;
      }
      if (this.afterQuote) this.strayAfterQuote++;
      this.fieldStarted = true;
      this.afterQuote = false;
      i++;
    }
    if (start < n) this.field += text.slice(start, n);
  }

  /**
   * Ends the input, emitting a last record that has no line end.
   * @throws DatasetError ('format') when a quoted field is still open.
   */
  end(): void {
    if (this.inQuotes) {
      throw new DatasetError(
        `'${this.options.fileName}' line ${this.quoteLine}: a quoted field opened here never closes. Add the missing '"' or read the file without quoting.`,
        'format',
      );
    }
    if (this.fieldStarted || this.field !== '' || this.fields.length > 0) {
      this.fields.push(this.field);
      this.resetField();
      this.emit();
    }
  }

  /** True while inside a quoted field (input so far ends in the middle of it). */
  get openQuote(): boolean {
    return this.inQuotes;
  }

  /** True when every record pushed so far has been handed over (the input ended with a line end). */
  get betweenRecords(): boolean {
    return (
      !this.inQuotes &&
      !this.pendingCr &&
      !this.fieldStarted &&
      this.field === '' &&
      this.fields.length === 0
    );
  }

  /** The line the next record starts on. */
  get nextLine(): number {
    return this.line;
  }

  /**
   * Numbers the next record `line`, for input whose earlier lines another reader took
   * (core/data/byteRecords.ts).
   * @throws Error when a record is half read.
   */
  resumeAt(line: number): void {
    if (!this.betweenRecords) {
      throw new Error(
        `DelimitedParser: resumeAt needs the parser between records, got line ${this.line} half read.`,
      );
    }
    this.line = line;
    this.recordLine = line;
  }

  private resetField(): void {
    this.field = '';
    this.fieldStarted = false;
    this.afterQuote = false;
  }

  private emit(): void {
    const fields = this.fields;
    this.fields = [];
    this.options.onRecord(fields, this.recordLine);
  }

  /** Counts line ends inside a quoted field; a CR is counted when the next character (maybe in the next chunk) is not LF. */
  private countLines(text: string, from: number, to: number): void {
    for (let k = from; k < to; k++) {
      const c = text.charCodeAt(k);
      if (this.quotedCr && c !== LF) this.line++;
      this.quotedCr = c === CR;
      if (c === LF) this.line++;
    }
  }

  private checkQuotedLength(): void {
    if (this.field.length > MAX_QUOTED_FIELD_CHARS) {
      throw new DatasetError(
        `'${this.options.fileName}' line ${this.quoteLine}: a quoted field opened here runs for more than ${MAX_QUOTED_FIELD_CHARS} characters, so a '"' is probably unmatched. Fix the quote or read the file without quoting.`,
        'format',
      );
    }
  }
}

/**
 * Parses a whole text into records (`[fields, line]`), skipping empty lines.
 * @throws DatasetError ('format') as {@link DelimitedParser}.
 */
export function parseDelimited(
  text: string,
  options: { delimiter: Delimiter; quoting: Quoting; fileName: string },
): { fields: string[]; line: number }[] {
  const { records, parser } = recordCollector(options);
  parser.push(text);
  parser.end();
  return records;
}

/** A parser that keeps every non-blank record it is given, with the list it keeps them in. */
function recordCollector(options: { delimiter: Delimiter; quoting: Quoting; fileName: string }): {
  records: { fields: string[]; line: number }[];
  parser: DelimitedParser;
} {
  const records: { fields: string[]; line: number }[] = [];
  const parser = new DelimitedParser({
    ...options,
    onRecord: (fields, line) => {
      if (!isBlankRecord(fields)) records.push({ fields, line });
    },
  });
  return { records, parser };
}

/** Text handed to the parser at a time by {@link firstRecords}. */
const FIRST_RECORDS_PIECE = 64 * 1024;

/**
 * The first `count` non-blank records of `text`, as `parseDelimited(text).slice(0, count)` gives
 * them, parsing only as far as they reach (a head's sample for the header and type checks).
 * @throws DatasetError ('format') as {@link DelimitedParser}, for the text parsed.
 */
export function firstRecords(
  text: string,
  options: { delimiter: Delimiter; quoting: Quoting; fileName: string },
  count: number,
): { fields: string[]; line: number }[] {
  const { records, parser } = recordCollector(options);
  let at = 0;
  for (; at < text.length && records.length < count; at += FIRST_RECORDS_PIECE) {
    parser.push(text.slice(at, at + FIRST_RECORDS_PIECE));
  }
  if (at >= text.length && records.length < count) parser.end();
  return records.slice(0, count);
}

/**
 * `fields` cut to `width` when it has exactly one more field and that one is blank: data lines
 * that end with a delimiter the header line lacks (`a;b;` below `A;B`).
 */
export function withoutTrailingBlank(fields: string[], width: number): string[] {
  return fields.length === width + 1 && (fields[width] as string).trim() === ''
    ? fields.slice(0, width)
    : fields;
}

/** A cell holding only separators and spaces (`,,,,` left in an otherwise empty column). */
export const SEPARATORS_ONLY = /^[\s,;|]*$/;

/**
 * True for a record from an empty line, or one of several fields whose every field is blank or
 * separators only (`;;;;` at the end of spreadsheet exports, `;;;;,,,,` where two tools saved the
 * same file).
 */
export function isBlankRecord(fields: readonly string[]): boolean {
  // NOTE: a lone field is data even when it is punctuation (a token list holding `,`).
  if (fields.length === 1) return (fields[0] as string).trim() === '';
  for (const f of fields) if (!SEPARATORS_ONLY.test(f)) return false;
  return true;
}

/** The sniffer's verdict for a text sample. */
export interface SniffResult {
  delimiter: Delimiter;
  quoting: Quoting;
  /** The most common number of fields per record. */
  fieldCount: number;
  /** Share of sampled records having `fieldCount` fields (0–1). */
  consistency: number;
}

/**
 * A candidate is scored on the sample's records up to the first piece boundary (every
 * SNIFF_STEP characters, then every SNIFF_CLOSE_STEP until a quoted field has closed) past
 * SNIFF_RECORDS records or SNIFF_CHARS characters, so each of the 8 candidate parses reads a
 * bounded head of a big file; a candidate whose quoting already failed stops at once.
 */
export const SNIFF_RECORDS = 5000;
/** See {@link SNIFF_RECORDS}. */
export const SNIFF_CHARS = 512 * 1024;
const SNIFF_STEP = 16 * 1024;
const SNIFF_CLOSE_STEP = 256;

/**
 * Guesses delimiter and quoting from a sample (whole lines), reading at most about SNIFF_RECORDS
 * records or SNIFF_CHARS characters of it per candidate. Returns null when no delimiter splits
 * the lines into two or more fields consistently (the text is then plain prose).
 */
export function sniffDelimiter(sample: string, fileName: string): SniffResult | null {
  let best: SniffResult | null = null;
  // NOTE: a sample without '"' parses the same with either quoting, and 'double', tried first,
  // keeps a tie; so one parse stands for both (the cold parser costs ~10 ms a candidate).
  const quotings = sample.includes('"') ? (['double', 'none'] as const) : (['double'] as const);
  for (const delimiter of DELIMITERS) {
    // NOTE: a delimiter the sample lacks gives one field a record, which never qualifies.
    if (!sample.includes(delimiter)) continue;
    for (const quoting of quotings) {
      const result = scoreCandidate(sample, { delimiter, quoting, fileName });
      if (result === null || result.fieldCount < 2 || result.consistency < 0.8) continue;
      if (
        best === null ||
        result.consistency > best.consistency + 1e-9 ||
        (Math.abs(result.consistency - best.consistency) <= 1e-9 &&
          result.fieldCount > best.fieldCount &&
          result.delimiter !== best.delimiter)
      ) {
        best = result;
      }
    }
  }
  return best;
}

function scoreCandidate(
  sample: string,
  options: { delimiter: Delimiter; quoting: Quoting; fileName: string },
): SniffResult | null {
  /** Records by field count, and those of them whose last field is blank. */
  const counts = new Map<number, number>();
  const trailing = new Map<number, number>();
  let total = 0;
  const parser = new DelimitedParser({
    ...options,
    onRecord: (fields) => {
      if (isBlankRecord(fields)) return;
      counts.set(fields.length, (counts.get(fields.length) ?? 0) + 1);
      if ((fields.at(-1) as string).trim() === '') {
        trailing.set(fields.length, (trailing.get(fields.length) ?? 0) + 1);
      }
      total++;
    },
  });
  for (let at = 0; at < sample.length; ) {
    const enough = total >= SNIFF_RECORDS || at >= SNIFF_CHARS;
    // NOTE: past enough records, small pieces until a quoted field (mostly text) closes.
    const step = enough ? SNIFF_CLOSE_STEP : SNIFF_STEP;
    parser.push(sample.slice(at, at + step));
    at += step;
    // NOTE: text after a closing quote rejects the candidate whatever follows.
    if (parser.strayAfterQuote > 0) return null;
    // NOTE: never stops inside a quoted field, whose quote the rest of the sample may close.
    if ((total >= SNIFF_RECORDS || at >= SNIFF_CHARS) && !parser.openQuote) break;
  }
  // NOTE: a quote left open at the end of a whole-line sample, or text after a closing quote,
  // means RFC 4180 quoting does not fit the file (e.g. sentences that start with '"').
  if (parser.openQuote || parser.strayAfterQuote > 0) return null;
  if (total === 0) return null;
  // NOTE: a record with one blank field more than `count` fits it too (data lines ending in a
  // delimiter the header line lacks; see withoutTrailingBlank).
  let fieldCount = 0;
  let modal = 0;
  for (const [count, times] of counts) {
    const fits = times + (trailing.get(count + 1) ?? 0);
    if (fits > modal || (fits === modal && count > fieldCount)) {
      modal = fits;
      fieldCount = count;
    }
  }
  return { ...options, fieldCount, consistency: modal / total };
}
