/** Inspection of a user file: format, encoding, delimiter, rows, typed columns, suggested task and roles. */
import { DatasetError } from '../errors.ts';
import { cellNormaliser } from './cellReading.ts';
import { type ColumnStats, type ColumnType, DISTINCT_CAP, parseNumber } from './columnTypes.ts';
import {
  type ConllLayout,
  ConllTaggedReader,
  type ConlluTagField,
  conllLayoutFrom,
  detectConllLayout,
  firstAndLastColumns,
  looksLikeConllu,
  parseConllu,
  splitLines,
} from './conll.ts';
import {
  DelimitedParser,
  type Delimiter,
  firstRecords,
  isBlankRecord,
  type Quoting,
  sniffDelimiter,
} from './delimited.ts';
import { looksLikeDialogYaml, parseDialogYaml } from './dialogYaml.ts';
import type { TextEncodingName } from './encoding.ts';
import { readExcelSerials } from './excelSerial.ts';
import { type HeaderVerdict, judgeHeader } from './header.ts';
import { collectBytes, inspectParquet, inspectSheet } from './inspectSheet.ts';
import { type JsonPathChoice, looksLikeJsonDocument, parseJsonRecords } from './jsonArray.ts';
import { JsonlScanner, looksLikeJsonl } from './jsonl.ts';
import { type NumberFormat, POINT_FORMAT } from './numbers.ts';
import { looksLikeParquet } from './parquet.ts';
import {
  delimiterName,
  encodingEvidence,
  encodingOption,
  fixedDelimiter,
  headerFlag,
  type InspectionReading,
  type ReadingEvidence,
  ReadingRecorder,
} from './readingReport.ts';
import type { ReadOptions } from './readOptions.ts';
import { type ColumnRoles, suggestForTable, type TaskKind } from './roles.ts';
import { type TableNote, tableNotes } from './tableNotes.ts';
import { type TableScan, TableScanner } from './tableScanner.ts';
import { firstLines, forEachLine, TaggedSummary } from './taggedSummary.ts';
import type { TagScheme } from './tagScheme.ts';
import { byteSlices, openText, type StreamOptions, wholeLines } from './textSource.ts';
import { loadSheetReader, looksLikeZip } from './xlsx.ts';

/** File formats the importer reads. */
export type DataFormat =
  | 'csv'
  | 'tsv'
  | 'jsonl'
  | 'json'
  | 'conllu'
  | 'conll'
  | 'text'
  | 'dialog-yaml'
  | 'xlsx'
  | 'parquet';

/** A column as inspection reports it. */
export interface ColumnInfo {
  name: string;
  type: ColumnType;
  missing: number;
  /** Distinct values (at most 1000 are counted; `distinctCapped` then says so). */
  distinct: number;
  distinctCapped: boolean;
  /** Values that do not fit the numeric or date type, and the first of them. */
  invalid: number;
  firstInvalid?: { line: number; value: string };
  examples: string[];
  min?: number;
  max?: number;
  /** Date columns: dates carry UTC offsets; the order of numeric dates (or `ambiguous`). */
  offsets?: boolean;
  dateOrder?: ColumnStats['dateOrder'];
  /** Text columns holding times of day (`18.00.00`). */
  timeOfDay?: boolean;
  /** Integer codes with leading zeros, kept as text. */
  leadingZeros?: boolean;
  /** The column numbers the rows (a pandas index). */
  rowIndex?: boolean;
  /** A numeric value repeated far outside the rest: a missing-code candidate. */
  sentinel?: ColumnStats['sentinel'];
  /** Numbers read as Excel serial dates. */
  excelSerial?: boolean;
}

/** Everything the importer guessed about a file; the UI shows it and lets the user correct it. */
export interface Inspection {
  fileName: string;
  format: DataFormat;
  encoding: TextEncodingName;
  /** The field separator for CSV/TSV, else null. */
  delimiter: Delimiter | null;
  /** RFC 4180 quoting or none (CSV/TSV); null for other formats. */
  quoting: Quoting | null;
  hasHeader: boolean;
  /** Rows forming the header when `hasHeader` (two-row headers are joined). */
  headerRows?: number;
  /** How numbers are written (CSV/TSV). */
  numberFormat?: NumberFormat;
  /** 0-based file positions of `columns` when some file columns are left out (empty, or past the cap). */
  columnIndexes?: number[];
  /** Data rows (CSV/TSV/JSONL), non-empty lines (text), sentences (CoNLL) or pairs (dialog YAML). */
  rows: number;
  columns: ColumnInfo[];
  exampleRows: string[][];
  suggestedTask: TaskKind;
  roles: ColumnRoles;
  /** CoNLL: tokens in all sentences. */
  tokens?: number;
  /** CoNLL: the chunk-tag scheme of an NER file. */
  tagScheme?: TagScheme;
  /** CoNLL-U: which field `roles.tag` reads. */
  tagField?: ConlluTagField;
  /** Spreadsheets: the sheet read and every sheet of the workbook. */
  sheet?: string;
  sheets?: string[];
  /**
   * Bytes of the file's head the inspection read, when it read a head and not the whole file
   * (inspectForReading); `rows` counts that head's rows.
   */
  headBytes?: number;
  /** JSON: the dotted path of the records' array (`''` for a top-level array). */
  jsonPath?: string;
  /** JSON: every path that leads to records, for the user to choose from. */
  jsonPaths?: JsonPathChoice[];
  /** CoNLL: token-per-line layout. */
  conllLayout?: ConllLayout;
  /** Remarks to show beside the guess (the UI words them in its language; `text` is English). */
  notes: InspectionNote[];
  /** The reading options used (the user's and the guessed ones, with evidence): read the file again with `reading.options`. */
  reading: InspectionReading;
}

/** A remark about a file: what it is (with its numbers, for a translated message) and its English text. */
export type InspectionNote =
  | TableNote
  | { kind: 'encoding-guessed'; encoding: TextEncodingName; text: string }
  | { kind: 'dialog-pairs'; dialogs: number; pairs: number; text: string };

/** Formats that must be held whole in memory; larger files are refused. */
export const DEFAULT_MAX_WHOLE_FILE_BYTES = 256 * 1024 * 1024;

/** Options for {@link inspectStream}: the user's reading options (the rest is guessed) and stream plumbing. */
export interface InspectStreamOptions extends Omit<StreamOptions, 'encoding'> {
  /** What the user (or a saved run) fixed; every option left out is guessed from the file. */
  reading?: ReadOptions | undefined;
  /** CoNLL-U tag field (default `upos`). */
  tagField?: ConlluTagField;
  /** Limit for formats that are not streamed (CoNLL, YAML); default 256 MiB. */
  maxWholeFileBytes?: number;
  /**
   * The caller reads the whole file next and needs the reading decided, not the summary
   * (training): a CoNLL file's sentences are then summarised from the layout's 5,000-line sample
   * only, not from every line inspected (the reader checks every line anyway).
   */
  forReading?: boolean;
  /** Receives a CSV/TSV file's scan (its number evidence and columns) before the inspection is built. */
  onTableScan?: (scan: TableScan) => void;
}

/** A format decision made from the head of a file, with the evidence for each guessed part. */
export interface FormatGuess {
  format: DataFormat;
  delimiter: Delimiter | null;
  quoting: Quoting | null;
  evidence: { format?: ReadingEvidence; delimiter?: ReadingEvidence; quoting?: ReadingEvidence };
}

/** Formats this importer reads; the others in {@link ReadOptions} need a reader first. */
const READABLE_FORMATS: readonly DataFormat[] = [
  'csv',
  'tsv',
  'jsonl',
  'conllu',
  'conll',
  'text',
  'dialog-yaml',
  'json',
  'xlsx',
  'parquet',
];

function readableFormat(format: ReadOptions['format'], fileName: string): DataFormat | undefined {
  if (format === undefined || (READABLE_FORMATS as readonly string[]).includes(format)) {
    return format as DataFormat | undefined;
  }
  throw new DatasetError(
    `'${fileName}': the ${format} format cannot be read by this version. Save the data as CSV and choose that file.`,
    'format',
    { key: 'format-unsupported', params: { file: fileName, format } },
  );
}

function contentEvidence(format: DataFormat): ReadingEvidence {
  return { code: 'format-content', params: { format }, text: `The lines look like ${format}.` };
}

function isYamlName(fileName: string): boolean {
  return /\.ya?ml$/i.test(fileName);
}

/**
 * Guesses the format from the decoded head of a file (whole lines) and its name.
 * @throws DatasetError ('format') for YAML that is not dialog YAML.
 */
export function guessFormat(
  head: string,
  fileName: string,
  reading: ReadOptions = {},
): FormatGuess {
  // NOTE: the head can be 4 MiB: only the lines looked at are split.
  const lines = firstLines(head, 5000);
  const fixedFormat = readableFormat(reading.format, fileName);
  const fixed = fixedDelimiter(reading, fileName);
  const pick = (format: DataFormat): FormatGuess => ({
    format,
    delimiter: null,
    quoting: null,
    evidence: { format: contentEvidence(format) },
  });
  if (fixedFormat !== undefined && fixedFormat !== 'csv' && fixedFormat !== 'tsv') {
    return pick(fixedFormat);
  }
  // A chosen CoNLL layout (token and tag columns) means the file is token-per-line.
  if (fixedFormat === undefined && reading.conll !== undefined) return pick('conll');
  if (fixedFormat === undefined && fixed.delimiter === undefined) {
    if (looksLikeDialogYaml(lines)) return pick('dialog-yaml');
    if (isYamlName(fileName)) {
      throw new DatasetError(
        `'${fileName}': only dialog YAML ('conversations:' lists, as in the ChatterBot corpus) can be imported. Convert the file to CSV, TSV or JSONL.`,
        'format',
        { key: 'yaml-not-dialog', params: { file: fileName } },
      );
    }
    if (looksLikeJsonDocument(head) || (/\.json$/i.test(fileName) && isOneObject(lines))) {
      return pick('json');
    }
    if (looksLikeJsonl(lines)) return pick('jsonl');
    if (looksLikeConllu(lines)) return pick('conllu');
    if (detectConllLayout(lines) !== null) return pick('conll');
  }
  return guessDelimited(head, lines, fileName, { ...fixed, format: fixedFormat });
}

/** The delimiter and quoting of a table (or plain text when nothing splits the lines), with evidence. */
function guessDelimited(
  head: string,
  lines: readonly string[],
  fileName: string,
  fixed: { delimiter?: Delimiter; quoting?: Quoting; format?: DataFormat | undefined },
): FormatGuess {
  // NOTE: with the delimiter and quoting both fixed (training re-reads with the options inspection
  // decided) nothing below uses the sniff, which parses the head once per candidate.
  const sniffed =
    fixed.delimiter !== undefined && fixed.quoting !== undefined
      ? null
      : sniffDelimiter(head, fileName);
  const byFormat = fixed.format === 'tsv' ? '\t' : fixed.format === 'csv' ? ',' : undefined;
  const evidence: FormatGuess['evidence'] = {};
  // NOTE: a file named .csv/.tsv whose rows disagree is a broken table (reported as ragged by
  // the parser, with its lines), not prose: the name decides when sniffing cannot.
  let delimiter: Delimiter | null = fixed.delimiter ?? null;
  if (
    delimiter === null &&
    sniffed !== null &&
    (byFormat === undefined || sniffed.delimiter === byFormat)
  ) {
    delimiter = sniffed.delimiter;
    const percent = Math.round(sniffed.consistency * 100);
    evidence.delimiter = {
      code: 'delimiter-consistent',
      params: { delimiter: sniffed.delimiter, fields: sniffed.fieldCount, percent },
      text: `${delimiterName(sniffed.delimiter)} splits ${percent}% of the sampled lines into ${sniffed.fieldCount} fields.`,
    };
  }
  if (delimiter === null) {
    delimiter = byFormat ?? delimiterFromName(fileName);
    if (delimiter !== null) {
      evidence.delimiter = {
        code: 'delimiter-name',
        params: { delimiter },
        text: `No delimiter splits the lines consistently; the file's name or format says ${delimiterName(delimiter)}.`,
      };
    }
  }
  if (delimiter === null && isNumberList(lines)) {
    delimiter = ',';
    evidence.delimiter = {
      code: 'delimiter-number-list',
      text: 'The lines are single numbers: one column.',
    };
  }
  if (delimiter === null) {
    return {
      format: 'text',
      delimiter: null,
      quoting: null,
      evidence: {
        format: {
          code: 'format-prose',
          text: 'No delimiter splits the lines consistently: read as plain text, one example per line.',
        },
      },
    };
  }
  const sniffedQuoting = sniffed?.delimiter === delimiter ? sniffed.quoting : undefined;
  const quoting = fixed.quoting ?? sniffedQuoting ?? 'double';
  evidence.quoting =
    sniffedQuoting !== undefined
      ? {
          code: 'quoting-sniffed',
          params: { quoting },
          text:
            quoting === 'double'
              ? 'Quoted fields parse cleanly.'
              : 'Quotes are ordinary characters in this file.',
        }
      : { code: 'quoting-default', text: 'Standard CSV quoting (RFC 4180).' };
  const format = delimiter === '\t' ? 'tsv' : 'csv';
  evidence.format = {
    code: 'format-content',
    params: { format },
    text: `The lines are a table separated by ${delimiterName(delimiter)}.`,
  };
  return { format, delimiter, quoting, evidence };
}

/** True for a file of one non-empty line (a JSON document written on one line). */
function isOneObject(lines: readonly string[]): boolean {
  return lines.filter((l) => l.trim() !== '').length === 1;
}

/** The delimiter a .csv or .tsv name promises, else null. */
function delimiterFromName(fileName: string): Delimiter | null {
  if (/\.csv$/i.test(fileName)) return ',';
  if (/\.tsv$/i.test(fileName)) return '\t';
  return null;
}

/** True for a one-column list of numbers (after an optional header): a series, not prose. */
function isNumberList(lines: readonly string[]): boolean {
  const values = lines.slice(1).filter((l) => l.trim() !== '');
  return (
    values.length > 0 &&
    values.filter((l) => !Number.isNaN(parseNumber(l))).length >= values.length * 0.9
  );
}

/** A column as inspection reports it (internal counters left out). */
export function info(c: ColumnStats): ColumnInfo {
  const { present: _present, meanLength: _meanLength, missingCodes: _codes, ...rest } = c;
  return rest;
}

/** Records the number format and date order the data decided, with their evidence. */
export function decideFromScan(recorder: ReadingRecorder, scan: TableScan): void {
  const { numberFormat, numberEvidence } = scan;
  if (numberFormat.decimal === ',' && numberEvidence.commaExample !== undefined) {
    const example = numberEvidence.commaExample;
    recorder.decide('decimal', ',', {
      code: 'decimal-comma',
      params: { example, cells: numberEvidence.commaOnly },
      text: `${numberEvidence.commaOnly} cells such as '${example}' are numbers only with a decimal comma.`,
    });
    if (numberFormat.thousands !== '') recorder.decide('thousands', numberFormat.thousands);
  }
  const dated = scan.columns.find((c) => c.dateOrder === 'dmy' || c.dateOrder === 'mdy');
  if (dated !== undefined) {
    const order = dated.dateOrder as 'dmy' | 'mdy';
    const example = dated.examples[0] ?? '';
    recorder.decide('dateOrder', order, {
      code: 'date-order-data',
      params: { column: dated.name, order, example },
      text: `Column '${dated.name}' has dates such as '${example}' that read only ${order === 'dmy' ? 'day' : 'month'} first.`,
    });
  }
}

function missingNotes(columns: readonly ColumnStats[]): InspectionNote[] {
  return columns
    .filter((c) => c.missing > 0)
    .map((c) => ({
      kind: 'missing-values',
      column: c.name,
      count: c.missing,
      text: `Column '${c.name}' has ${c.missing} missing value${c.missing === 1 ? '' : 's'}.`,
    }));
}

/**
 * Inspects a whole file given as bytes.
 * @throws DatasetError ('empty' | 'header-only' | 'ragged' | 'binary' | 'encoding' | 'format' |
 *   'conll-fields') naming the file, the line and what to do.
 */
export function inspectBytes(
  bytes: Uint8Array,
  options: Omit<InspectStreamOptions, 'totalBytes'>,
): Promise<Inspection> {
  return inspectStream(byteSlices(bytes), { ...options, totalBytes: bytes.length });
}

/**
 * Inspects a file streamed as byte chunks. CSV, TSV, JSONL and plain text are scanned in bounded
 * memory; CoNLL and YAML are collected whole up to `maxWholeFileBytes`.
 * @throws DatasetError as {@link inspectBytes}, plus ('too-large') and ('aborted').
 */
export async function inspectStream(
  chunks: AsyncIterable<Uint8Array>,
  options: InspectStreamOptions,
): Promise<Inspection> {
  const user = options.reading ?? {};
  const iterator = chunks[Symbol.asyncIterator]();
  const first = await iterator.next();
  const firstBytes = first.done === true ? new Uint8Array(0) : first.value;
  if (user.format === 'xlsx' || (user.format === undefined && looksLikeZip(firstBytes))) {
    await loadSheetReader();
    return inspectSheet(await collectBytes(firstBytes, iterator, options), options);
  }
  if (user.format === 'parquet' || (user.format === undefined && looksLikeParquet(firstBytes))) {
    return inspectParquet(await collectBytes(firstBytes, iterator, options), options);
  }
  async function* all(): AsyncIterable<Uint8Array> {
    if (first.done === true) return;
    yield firstBytes;
    for (let next = await iterator.next(); next.done !== true; next = await iterator.next()) {
      yield next.value;
    }
  }
  const opened = await openText(all(), { ...options, encoding: encodingOption(user) });
  const inspection = await inspectOpened(opened, options);
  if (!opened.encodingGuessed) return inspection;
  const note: InspectionNote = {
    kind: 'encoding-guessed',
    encoding: opened.encoding,
    text: `The file is not UTF-8; it was read as ${opened.encoding}. If letters look wrong, choose its encoding.`,
  };
  return { ...inspection, notes: [note, ...inspection.notes] };
}

async function inspectOpened(
  opened: Awaited<ReturnType<typeof openText>>,
  options: InspectStreamOptions,
): Promise<Inspection> {
  const { fileName } = options;
  const user = options.reading ?? {};
  const recorder = new ReadingRecorder(user);
  recorder.decide('encoding', opened.encoding, encodingEvidence(opened.encoding, opened.bomLength));
  const head = wholeLines(opened.head, opened.complete);
  if (opened.complete && opened.head.trim() === '') {
    throw new DatasetError(
      `'${fileName}' is empty. Choose a file with a header line and at least one data row.`,
      'empty',
      { key: 'empty-file', params: { file: fileName } },
    );
  }
  const guess = guessFormat(head, fileName, user);
  recorder.decide('format', guess.format, guess.evidence.format);
  if (guess.delimiter !== null)
    recorder.decide('delimiter', guess.delimiter, guess.evidence.delimiter);
  if (guess.quoting !== null) recorder.decide('quoting', guess.quoting, guess.evidence.quoting);
  const { evidence: _evidence, ...guessed } = guess;
  const base = { fileName, encoding: opened.encoding, ...guessed };
  const progress = (records: number): void =>
    options.onProgress?.({
      bytesRead: opened.bytesRead(),
      records,
      ...(options.totalBytes !== undefined ? { totalBytes: options.totalBytes } : {}),
    });
  if (guess.format === 'csv' || guess.format === 'tsv') {
    const delimiter = guess.delimiter as Delimiter;
    const quoting = guess.quoting as Quoting;
    const normalise = cellNormaliser(user);
    const sample = firstRecords(head, { delimiter, quoting, fileName }, 300);
    const verdict: HeaderVerdict | null =
      headerFlag(user) === undefined ? judgeHeader(sample.map((r) => r.fields)) : null;
    const hasHeader = headerFlag(user) ?? (verdict as HeaderVerdict).header;
    recorder.decide('header', hasHeader ? 'yes' : 'no', headerEvidence(hasHeader));
    const headerRows = hasHeader ? (user.headerRows ?? 1) : 1;
    const scanner = new TableScanner({
      fileName,
      hasHeader,
      headerRows,
      delimiter,
      missingCodes: user.missingCodes,
      // NOTE: with the user's decimal separator the normaliser has already written numbers plainly.
      ...(user.decimal !== undefined ? { numberFormat: POINT_FORMAT } : {}),
      dateOrder: user.dateOrder,
    });
    let blankRecords = 0;
    let headerLeft = hasHeader ? headerRows : 0;
    const parser = new DelimitedParser({
      delimiter,
      quoting,
      fileName,
      onRecord: (fields, line) => {
        if (isBlankRecord(fields)) {
          if (fields.length > 1) blankRecords++;
          return;
        }
        // NOTE: the header's names are kept as written; only data cells are normalised.
        scanner.add(normalise === null || headerLeft > 0 ? fields : normalise(fields), line);
        headerLeft--;
      },
    });
    parser.push(opened.head);
    for await (const text of opened.rest) {
      parser.push(text);
      progress(scanner.rowCount);
    }
    parser.end();
    progress(scanner.rowCount);
    const scanned = scanner.finish();
    const scan = { ...scanned, columns: readExcelSerials(scanned.columns, user, recorder) };
    options.onTableScan?.(scan);
    decideFromScan(recorder, scan);
    const { task, roles } = suggestForTable(scan.columns);
    const kept = scan.columnIndexes;
    return {
      ...base,
      hasHeader,
      ...(hasHeader ? { headerRows } : {}),
      numberFormat: scan.numberFormat,
      ...(kept.length < scan.totalColumns ? { columnIndexes: kept } : {}),
      rows: scan.rows,
      columns: scan.columns.map(info),
      exampleRows: scan.exampleRows,
      suggestedTask: task,
      roles,
      notes: tableNotes(scan, { verdict, blankRecords, roles, dateOrder: user.dateOrder }),
      reading: recorder.report(),
    };
  }
  if (guess.format === 'jsonl') {
    const scanner = new JsonlScanner({ fileName });
    scanner.push(opened.head);
    for await (const text of opened.rest) {
      scanner.push(text);
      progress(scanner.rowCount);
    }
    return { ...recordsInspection(scanner, base, progress), reading: recorder.report() };
  }
  if (guess.format === 'text') {
    return { ...(await inspectPlainText(opened, base, progress)), reading: recorder.report() };
  }
  if (guess.format === 'json') {
    const found = parseJsonRecords(await collectWhole(opened, options), {
      fileName,
      jsonPath: user.jsonPath,
    });
    recorder.decide('jsonPath', found.path, {
      code: 'json-path-most',
      params: { path: found.path, records: found.records.length },
      text:
        found.path === ''
          ? `The file is an array of ${found.records.length} records.`
          : `'${found.path}' holds the most records (${found.records.length}).`,
    });
    const scanner = new JsonlScanner({ fileName });
    found.records.forEach((r, i) => {
      scanner.addRecord(r, found.lines[i] as number);
    });
    return {
      ...recordsInspection(scanner, base, progress),
      jsonPath: found.path,
      jsonPaths: found.paths,
      reading: recorder.report(),
    };
  }
  const text = await collectWhole(opened, options);
  progress(0);
  const whole = inspectWholeFormat(text, base, options);
  if (whole.conllLayout !== undefined) {
    const { tokenField, tagField, commentPrefix, fieldCount } = whole.conllLayout;
    const params = { token: tokenField + 1, tag: tagField + 1, fields: fieldCount };
    recorder.decide(
      'conll',
      {
        tokenColumn: tokenField,
        tagColumn: tagField,
        ...(commentPrefix !== undefined ? { commentPrefix } : {}),
      },
      commentPrefix === undefined
        ? {
            code: 'conll-chunk-tags',
            params,
            text: `Column ${params.tag} of ${fieldCount} holds chunk tags (O, B-…, I-…); the tokens are column ${params.token}.`,
          }
        : {
            code: 'conll-first-last',
            params,
            text: `No column holds chunk tags: the tokens are read from column ${params.token} and the tags from column ${params.tag} of ${fieldCount}. Choose the columns.`,
          },
    );
  }
  return { ...whole, reading: recorder.report() };
}

function headerEvidence(hasHeader: boolean): ReadingEvidence {
  return hasHeader
    ? {
        code: 'header-detected',
        text: 'The first row looks like column names, unlike the rows below it.',
      }
    : {
        code: 'header-not-detected',
        text: 'The first row looks like the rows below it: read as data.',
      };
}

async function collectWhole(
  opened: Awaited<ReturnType<typeof openText>>,
  options: InspectStreamOptions,
): Promise<string> {
  const max = options.maxWholeFileBytes ?? DEFAULT_MAX_WHOLE_FILE_BYTES;
  const tooLarge = (): DatasetError =>
    new DatasetError(
      `'${options.fileName}' is too large to load (more than ${max} bytes) and its format cannot be streamed. Split it into smaller files or convert it to CSV/TSV, which is read as a stream.`,
      'too-large',
      { key: 'too-large-unstreamable', params: { file: options.fileName, max } },
    );
  if (options.totalBytes !== undefined && options.totalBytes > max) throw tooLarge();
  const parts = [opened.head];
  for await (const text of opened.rest) {
    parts.push(text);
    if (opened.bytesRead() > max) throw tooLarge();
  }
  return parts.join('');
}

type InspectionBase = { fileName: string; encoding: TextEncodingName } & Omit<
  FormatGuess,
  'evidence'
>;

/** The inspection of JSON records (JSON Lines or a JSON array) once the scanner has read them all. */
function recordsInspection(
  scanner: JsonlScanner,
  base: InspectionBase,
  progress: (records: number) => void,
): Omit<Inspection, 'reading'> {
  const scan = scanner.finish();
  progress(scan.rows);
  const { task, roles } = suggestForTable(scan.columns);
  return {
    ...base,
    hasHeader: false,
    rows: scan.rows,
    columns: scan.columns.map(info),
    exampleRows: scan.exampleRows,
    suggestedTask: task,
    roles,
    notes: missingNotes(scan.columns),
  };
}

async function inspectPlainText(
  opened: Awaited<ReturnType<typeof openText>>,
  base: InspectionBase,
  progress: (records: number) => void,
): Promise<Omit<Inspection, 'reading'>> {
  let lines = 0;
  let carry = '';
  const examples: string[][] = [];
  const distinct = new Set<string>();
  const count = (text: string, final: boolean): void => {
    const parts = splitLines(carry + text);
    carry = final ? '' : (parts.pop() as string);
    for (const p of parts) {
      if (p.trim() === '') continue;
      lines++;
      if (distinct.size <= DISTINCT_CAP) distinct.add(p);
      if (examples.length < 5) examples.push([p]);
    }
  };
  count(opened.head, opened.complete);
  for await (const text of opened.rest) {
    count(text, false);
    progress(lines);
  }
  count('', true);
  return {
    ...base,
    hasHeader: false,
    rows: lines,
    columns: [
      {
        name: 'text',
        type: 'text',
        missing: 0,
        distinct: Math.min(distinct.size, DISTINCT_CAP),
        distinctCapped: distinct.size > DISTINCT_CAP,
        invalid: 0,
        examples: examples.map((e) => e[0] as string),
      },
    ],
    exampleRows: examples,
    suggestedTask: 'generate',
    roles: { text: 'text' },
    notes: [],
  };
}

function inspectWholeFormat(
  text: string,
  base: InspectionBase,
  options: InspectStreamOptions,
): Omit<Inspection, 'reading'> {
  const { fileName } = base;
  const common = { ...base, hasHeader: false, notes: [] as InspectionNote[] };
  if (base.format === 'conllu') {
    const tagField = options.tagField ?? 'upos';
    const summary = new TaggedSummary();
    for (const s of parseConllu(text, { fileName, tagField })) summary.add(s);
    return {
      ...common,
      rows: summary.rows,
      tokens: summary.tokens,
      columns: summary.columns(['form', tagField]),
      exampleRows: summary.exampleRows(),
      suggestedTask: 'tag',
      roles: { token: 'form', tag: tagField },
      tagField,
    };
  }
  if (base.format === 'conll') {
    const chosen = options.reading?.conll;
    const sample = firstLines(text, 5000);
    // NOTE: a user who chose the CoNLL format without columns gets the first and last ones, to change.
    const fallback = options.reading?.format === 'conll' ? firstAndLastColumns(sample) : null;
    const layout =
      chosen !== undefined
        ? conllLayoutFrom(sample, chosen, fileName)
        : (detectConllLayout(sample) ??
          (fallback === null ? null : conllLayoutFrom(sample, fallback, fileName)));
    if (layout === null) {
      throw new DatasetError(
        `'${fileName}': the file is not CoNLL (one token and its tag per line, a blank line between sentences). Check the format or choose another one.`,
        'format',
        { key: 'not-conll', params: { file: fileName } },
      );
    }
    // NOTE: sentences are summarised as they are read, not kept.
    const summary = new TaggedSummary();
    const reader = new ConllTaggedReader({ fileName, layout, onSentence: (s) => summary.add(s) });
    if (options.forReading === true) {
      for (let i = 0; i < sample.length; i++) reader.line(sample[i] as string, i + 1);
    } else forEachLine(text, (line, number) => reader.line(line, number));
    reader.finish();
    return {
      ...common,
      rows: summary.rows,
      tokens: summary.tokens,
      columns: summary.columns(['token', 'tag']),
      exampleRows: summary.exampleRows(),
      suggestedTask: 'tag',
      roles: { token: 'token', tag: 'tag' },
      tagScheme: summary.scheme,
      conllLayout: layout,
    };
  }
  const corpus = parseDialogYaml(text, { fileName });
  const col = (name: string, values: string[]): ColumnInfo => ({
    name,
    type: 'text',
    missing: 0,
    distinct: new Set(values).size,
    distinctCapped: false,
    invalid: 0,
    examples: values.slice(0, 5),
  });
  return {
    ...common,
    rows: corpus.pairs.length,
    columns: [
      col(
        'source',
        corpus.pairs.map((p) => p.source),
      ),
      col(
        'target',
        corpus.pairs.map((p) => p.target),
      ),
    ],
    exampleRows: corpus.pairs.slice(0, 5).map((p) => [p.source, p.target]),
    suggestedTask: 'seq2seq',
    roles: { source: 'source', target: 'target' },
    notes: [
      {
        kind: 'dialog-pairs',
        dialogs: corpus.dialogs.length,
        pairs: corpus.pairs.length,
        text: `${corpus.dialogs.length} dialogs give ${corpus.pairs.length} statement → response pairs.`,
      },
    ],
  };
}
