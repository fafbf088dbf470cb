/** Reads a table's records from its bytes or byte source as a stream: the bytes are decoded a piece at a time and each record is handed over as it is parsed, so no whole-file string or row list exists. */
import { DatasetError } from '../errors.ts';
import { type FileBytes, headOfBytes, piecesOf, sizeOfBytes, wholeBytes } from './byteSource.ts';
import { cellNormaliser } from './cellReading.ts';
import {
  DelimitedParser,
  type Delimiter,
  isBlankRecord,
  type Quoting,
  withoutTrailingBlank,
} from './delimited.ts';
import { decodeBytes } from './encoding.ts';
import { type Inspection, type InspectStreamOptions, inspectStream } from './inspect.ts';
import { looksLikeJsonDocument, parseJsonRecords } from './jsonArray.ts';
import { cellOf, parseJsonlLine } from './jsonl.ts';
import { looksLikeParquet, readParquetRecords } from './parquet.ts';
import type { ReadOptions } from './readOptions.ts';
import type { TableScan } from './tableScanner.ts';
import { byteSlices, openText } from './textSource.ts';
import { loadSheetReader, looksLikeZip, readSheetRows } from './xlsx.ts';

/** Files up to this size are inspected whole; larger ones by their first this many bytes at most. */
export const INSPECT_HEAD_BYTES = 4 * 1024 * 1024;

/**
 * A file larger than {@link INSPECT_HEAD_BYTES} is inspected for reading by its first this many
 * bytes when they leave no reading decision open (see {@link settledByHead}), else by
 * INSPECT_HEAD_BYTES as before. Past the 5,000 records the delimiter sniff reads and the 2,000
 * values that type a column, so a CSV's format, delimiter, quoting, header and column kinds come
 * out as they do from the longer head. (Typing a 4 MiB head took 0.3–0.5 s of the main thread's
 * CPU with cold code on a 50 MiB forecast file, about a quarter of its CPU to the first step.)
 */
export const SETTLED_HEAD_BYTES = 1024 * 1024;

/** `head` (the first bytes of a file of `size` bytes) cut after its last line end within `max` bytes (the whole file when it is no longer). */
function cutHead(head: Uint8Array, size: number, max: number): Uint8Array {
  if (size <= max) return head;
  const lf = head.lastIndexOf(0x0a, max - 1);
  return head.subarray(0, lf === -1 ? max : lf + 1);
}

/**
 * True when a file can only be inspected whole: a workbook or Parquet file (binary), or a JSON
 * document (one value, which a cut head would break); the user's format wins over the bytes.
 */
function readWhole(bytes: Uint8Array, format: ReadOptions['format']): boolean {
  if (format === 'xlsx' || format === 'parquet' || format === 'json') return true;
  if (format !== undefined) return false;
  if (looksLikeZip(bytes) || looksLikeParquet(bytes)) return true;
  // NOTE: a sample decoded as Latin-1 is enough to see '[' or a '{' spread over lines.
  let start = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  while (start < bytes.length && start < 4096 && bytes[start] === 0) start++;
  let sample = '';
  const end = Math.min(bytes.length, start + 4096);
  for (let i = start; i < end; i++)
    if (bytes[i] !== 0) sample += String.fromCharCode(bytes[i] as number);
  return looksLikeJsonDocument(sample);
}

/**
 * True when a table's scan of a head leaves nothing a longer head could decide otherwise for
 * reading: no date column whose numeric dates read both day and month first, no column empty so
 * far (it would be left out of the read), and a decimal separator some cell decided without a
 * cell against it — or none needed, in a comma-separated file whose numbers so far read alike
 * either way (a decimal-comma number would have to be quoted there; one past the head is refused
 * by the reader, naming its line and column, as past a 4 MiB head).
 */
function settledByHead(scan: TableScan, reading: ReadOptions, delimiter: string): boolean {
  if (scan.emptyColumns.length > 0 || scan.columns.length < scan.totalColumns) return false;
  if (
    reading.dateOrder === undefined &&
    scan.columns.some((c) => c.type === 'date' && c.dateOrder === 'ambiguous')
  ) {
    return false;
  }
  if (reading.decimal !== undefined) return true;
  const e = scan.numberEvidence;
  if (e.commaOnly > 0 && e.pointOnly > 0) return false;
  if (e.commaOnly > 0 || e.pointOnly > 0) return true;
  const grouped = Object.keys(e.groupedPoint).length + Object.keys(e.groupedComma).length;
  return grouped === 0 && delimiter === ',';
}

/**
 * The inspection of `head` when it settles the reading (a CSV/TSV whose scan {@link settledByHead}
 * accepts, or a CoNLL file summarised for reading from its first 5,000 lines, all inside `head`),
 * else null, also when the head cannot be inspected: the longer head then decides, and words the
 * error.
 */
async function settledInspection(
  head: Uint8Array,
  options: Omit<InspectStreamOptions, 'totalBytes'>,
): Promise<Inspection | null> {
  let scan: TableScan | null = null;
  let inspection: Inspection;
  try {
    inspection = await inspectStream(byteSlices(head), {
      ...options,
      totalBytes: head.length,
      onTableScan: (s) => {
        scan = s;
      },
    });
  } catch (err) {
    if (err instanceof DatasetError) return null;
    throw err;
  }
  if (inspection.format === 'conll' && options.forReading === true) {
    // NOTE: the layout and the summary come from the first 5,000 lines (inspectWholeFormat).
    let lines = 0;
    for (let at = head.indexOf(0x0a); at !== -1 && lines <= 5000; at = head.indexOf(0x0a, at + 1))
      lines++;
    return lines > 5000 ? inspection : null;
  }
  const table = scan as TableScan | null;
  return table !== null &&
    inspection.delimiter !== null &&
    settledByHead(table, options.reading ?? {}, inspection.delimiter)
    ? inspection
    : null;
}

/**
 * Inspects a file for reading, with the reading options the user fixed: whole up to
 * {@link INSPECT_HEAD_BYTES} (and always for workbooks, Parquet and JSON documents), else by its
 * first {@link SETTLED_HEAD_BYTES} when they settle the reading, else by its first
 * INSPECT_HEAD_BYTES (format, delimiter, header, columns and suggested roles come from the head;
 * the reader checks every row anyway).
 * @throws DatasetError as inspectStream.
 */
export async function inspectForReading(
  bytes: FileBytes,
  options: Omit<InspectStreamOptions, 'totalBytes'>,
): Promise<Inspection> {
  const first = await headOfBytes(bytes, INSPECT_HEAD_BYTES);
  if (readWhole(first, options.reading?.format)) {
    const whole = await wholeBytes(bytes);
    return inspectStream(byteSlices(whole), { ...options, totalBytes: whole.length });
  }
  const size = sizeOfBytes(bytes);
  if (size > INSPECT_HEAD_BYTES) {
    const short = cutHead(first, size, SETTLED_HEAD_BYTES);
    const settled = await settledInspection(short, options);
    if (settled !== null) return { ...settled, headBytes: short.length };
  }
  const head = cutHead(first, size, INSPECT_HEAD_BYTES);
  const inspection = await inspectStream(byteSlices(head), { ...options, totalBytes: head.length });
  return size > head.length ? { ...inspection, headBytes: head.length } : inspection;
}

/** Receives one data record (header and blank lines skipped): its fields in column order and its line. */
export type RecordSink = (fields: readonly string[], line: number) => void;

/**
 * Streams the data records of a file as `inspection` read it, with the user's reading options
 * applied to each record as it arrives (missing codes, decimal and thousands separators, as
 * cellReading rewrites them): CSV/TSV fields as parsed (header rows skipped, only the inspected
 * columns kept), JSONL and JSON objects as one field per inspected column ('' where a key is
 * missing), text lines as one field. Workbooks, Parquet and JSON documents are read whole (they
 * cannot be cut), then handed over row by row.
 * @throws DatasetError ('format') for CoNLL or YAML, and from the parsers naming the line.
 */
export async function streamRecords(
  bytes: FileBytes,
  inspection: Inspection,
  options: {
    fileName: string;
    onRecord: RecordSink;
    reading?: ReadOptions | undefined;
    sliceBytes?: number;
  },
): Promise<void> {
  const { fileName } = options;
  const normalise = cellNormaliser(options.reading ?? {});
  const kept = inspection.columnIndexes;
  const columns = inspection.columns.map((c) => c.name);
  const headerRows = inspection.hasHeader ? (inspection.headerRows ?? 1) : 0;
  /** Keeps the inspected columns and rewrites cells as the options say. */
  const onFields = (fields: string[], line: number): void => {
    const picked =
      kept === undefined
        ? withoutTrailingBlank(fields, columns.length)
        : kept.map((c) => fields[c] as string);
    options.onRecord(normalise === null ? picked : normalise(picked), line);
  };
  const onObject = (o: Record<string, unknown>, line: number): void =>
    options.onRecord(
      columns.map((c) => cellOf(o[c]) ?? ''),
      line,
    );
  const format = inspection.format;
  if (format === 'parquet') {
    const records = await readParquetRecords(await wholeBytes(bytes), fileName);
    for (let i = 0; i < records.length; i++) onObject(records[i] as Record<string, unknown>, i + 1);
    return;
  }
  if (format === 'xlsx') {
    await loadSheetReader();
    const sheet = readSheetRows(await wholeBytes(bytes), { fileName, sheet: inspection.sheet });
    for (let i = headerRows; i < sheet.rows.length; i++) {
      onFields(sheet.rows[i] as string[], sheet.lines[i] as number);
    }
    return;
  }
  if (format === 'json') {
    const { text } = decodeBytes(await wholeBytes(bytes), {
      fileName,
      encoding: inspection.encoding,
    });
    const found = parseJsonRecords(text, { fileName, jsonPath: inspection.jsonPath });
    for (let i = 0; i < found.records.length; i++) {
      onObject(found.records[i] as Record<string, unknown>, found.lines[i] as number);
    }
    return;
  }
  const opened = await openText(piecesOf(bytes, options.sliceBytes), {
    fileName,
    encoding: inspection.encoding,
    totalBytes: sizeOfBytes(bytes),
  });
  if (format === 'csv' || format === 'tsv') {
    let headerLeft = headerRows;
    const parser = new DelimitedParser({
      delimiter: inspection.delimiter as Delimiter,
      quoting: inspection.quoting as Quoting,
      fileName,
      onRecord: (fields, line) => {
        if (isBlankRecord(fields)) return;
        if (headerLeft > 0) headerLeft--;
        else onFields(fields, line);
      },
    });
    parser.push(opened.head);
    for await (const text of opened.rest) parser.push(text);
    parser.end();
    return;
  }
  if (format === 'jsonl' || format === 'text') {
    const onLine = (line: string, number: number): void => {
      if (line.trim() === '') return;
      if (format === 'text') options.onRecord([line], number);
      else onObject(parseJsonlLine(line, number, fileName), number);
    };
    await splitOpened(opened, onLine);
    return;
  }
  throw new DatasetError(
    `'${fileName}': a ${format} file is not a table. Read it with the tagging or dialog reader.`,
    'format',
  );
}

async function splitOpened(
  opened: Awaited<ReturnType<typeof openText>>,
  onLine: (line: string, number: number) => void,
): Promise<void> {
  const lines = new LineSplitter(onLine);
  lines.push(opened.head);
  for await (const text of opened.rest) lines.push(text);
  lines.end();
}

/**
 * Streams every line of a file in `encoding` (numbered from 1, without line ends, blank ones
 * included, the last one even when empty, as `split` gives them): the file is decoded a slice
 * at a time and no whole-file string or line list exists (CoNLL files for the tagger).
 */
export async function streamLines(
  bytes: FileBytes,
  options: {
    fileName: string;
    encoding: Inspection['encoding'];
    onLine: (line: string, number: number) => void;
    sliceBytes?: number;
  },
): Promise<void> {
  const opened = await openText(piecesOf(bytes, options.sliceBytes), {
    fileName: options.fileName,
    encoding: options.encoding,
    totalBytes: sizeOfBytes(bytes),
  });
  await splitOpened(opened, options.onLine);
}

/** Splits text arriving in pieces into lines (`\r\n`, `\n` or `\r`), numbering them from 1. */
export class LineSplitter {
  private carry = '';
  private line = 0;

  constructor(private readonly onLine: (line: string, number: number) => void) {}

  /** Takes the next piece; complete lines are handed over, the unfinished tail kept. */
  push(text: string): void {
    const s = this.carry + text;
    let start = 0;
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c !== 10 && c !== 13) continue;
      // NOTE: a '\r' at the end of a piece may be the first half of '\r\n': wait for the next one.
      if (c === 13 && i === s.length - 1) break;
      this.onLine(s.slice(start, i), ++this.line);
      if (c === 13 && s.charCodeAt(i + 1) === 10) i++;
      start = i + 1;
    }
    this.carry = s.slice(start);
  }

  /** Hands over the last line (also an empty one, as `split` gives it). */
  end(): void {
    const rest = this.carry.endsWith('\r') ? this.carry.slice(0, -1) : this.carry;
    const hadCr = this.carry.endsWith('\r');
    this.onLine(rest, ++this.line);
    if (hadCr) this.onLine('', ++this.line);
    this.carry = '';
  }
}
