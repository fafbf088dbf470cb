/** Reads a table's records from its bytes as a stream: the bytes are decoded a slice at a time and each record is handed over as it is parsed, so no whole-file string or row list exists. */
import { DatasetError } from '../errors.ts';
import { DelimitedParser, type Delimiter, isBlankRecord, type Quoting } from './delimited.ts';
import { type Inspection, type InspectOverrides, inspectStream } from './inspect.ts';
import { cellOf, parseJsonlLine } from './jsonl.ts';
import { byteSlices, openText } from './textSource.ts';

/** Files up to this size are inspected whole; larger ones by their first this many bytes. */
export const INSPECT_HEAD_BYTES = 4 * 1024 * 1024;

/** The head of `bytes` cut after its last line end within `max` bytes (the whole file when shorter). */
function headBytes(bytes: Uint8Array, max: number): Uint8Array {
  if (bytes.length <= max) return bytes;
  const lf = bytes.lastIndexOf(0x0a, max - 1);
  return bytes.subarray(0, lf === -1 ? max : lf + 1);
}

/**
 * Inspects a file for reading: whole up to {@link INSPECT_HEAD_BYTES}, else by its head (format,
 * delimiter, header, columns and suggested roles come from the first 4 MiB; the reader checks
 * every row anyway).
 * @throws DatasetError as inspectStream.
 */
export async function inspectForReading(
  bytes: Uint8Array,
  options: { fileName: string } & InspectOverrides,
): Promise<Inspection> {
  const head = headBytes(bytes, INSPECT_HEAD_BYTES);
  return inspectStream(byteSlices(head), { ...options, totalBytes: head.length });
}

/** Receives one data record (header and blank lines skipped): its fields in column order and its line. */
export type RecordSink = (fields: readonly string[], line: number) => void;

/**
 * Streams the data records of a CSV/TSV/JSONL/plain-text file as `inspection` read it: CSV/TSV
 * fields as parsed, JSONL objects as one field per inspected column ('' where a key is missing),
 * text lines as one field.
 * @throws DatasetError ('format') for CoNLL or YAML, and from the parsers naming the line.
 */
export async function streamRecords(
  bytes: Uint8Array,
  inspection: Inspection,
  options: { fileName: string; onRecord: RecordSink; sliceBytes?: number },
): Promise<void> {
  const { fileName, onRecord } = options;
  const opened = await openText(byteSlices(bytes, options.sliceBytes), {
    fileName,
    encoding: inspection.encoding,
    totalBytes: bytes.length,
  });
  const format = inspection.format;
  if (format === 'csv' || format === 'tsv') {
    let skipHeader = inspection.hasHeader;
    const parser = new DelimitedParser({
      delimiter: inspection.delimiter as Delimiter,
      quoting: inspection.quoting as Quoting,
      fileName,
      onRecord: (fields, line) => {
        if (isBlankRecord(fields)) return;
        if (skipHeader) skipHeader = false;
        else onRecord(fields, line);
      },
    });
    parser.push(opened.head);
    for await (const text of opened.rest) parser.push(text);
    parser.end();
    return;
  }
  if (format === 'jsonl' || format === 'text') {
    const columns = inspection.columns.map((c) => c.name);
    const onLine = (line: string, number: number): void => {
      if (line.trim() === '') return;
      if (format === 'text') onRecord([line], number);
      else {
        const o = parseJsonlLine(line, number, fileName);
        onRecord(
          columns.map((c) => cellOf(o[c]) ?? ''),
          number,
        );
      }
    };
    const lines = new LineSplitter(onLine);
    lines.push(opened.head);
    for await (const text of opened.rest) lines.push(text);
    lines.end();
    return;
  }
  throw new DatasetError(
    `'${fileName}': a ${format} file is not a table. Read it with the tagging or dialog reader.`,
    'format',
  );
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
