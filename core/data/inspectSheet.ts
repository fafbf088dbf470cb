/** Inspection of binary tables: an Excel sheet through the same header judgement, scanner and notes as a CSV; Parquet rows as records. */
import { DatasetError } from '../errors.ts';
import { cellNormaliser } from './cellReading.ts';
import { readExcelSerials } from './excelSerial.ts';
import { judgeHeader } from './header.ts';
import {
  DEFAULT_MAX_WHOLE_FILE_BYTES,
  decideFromScan,
  type Inspection,
  type InspectStreamOptions,
  info,
} from './inspect.ts';
import { JsonlScanner } from './jsonl.ts';
import { POINT_FORMAT } from './numbers.ts';
import { readParquetRecords } from './parquet.ts';
import { headerFlag, ReadingRecorder } from './readingReport.ts';
import { suggestForTable } from './roles.ts';
import { tableNotes } from './tableNotes.ts';
import { TableScanner } from './tableScanner.ts';
import { throwIfAborted } from './textSource.ts';
import { readSheetRows } from './xlsx.ts';

/**
 * Collects a stream that starts with `first` into one byte array, up to the whole-file limit.
 * @throws DatasetError ('too-large' | 'aborted').
 */
export async function collectBytes(
  first: Uint8Array,
  rest: AsyncIterator<Uint8Array>,
  options: InspectStreamOptions,
): Promise<Uint8Array> {
  const max = options.maxWholeFileBytes ?? DEFAULT_MAX_WHOLE_FILE_BYTES;
  const parts = [first];
  let length = first.length;
  for (let next = await rest.next(); next.done !== true; next = await rest.next()) {
    throwIfAborted(options.signal, options.fileName);
    parts.push(next.value);
    length += next.value.length;
    if (length > max) {
      throw new DatasetError(
        `'${options.fileName}' is too large to load (more than ${max} bytes) and a workbook cannot be streamed. Save the sheet as CSV, which is read as a stream.`,
        'too-large',
      );
    }
  }
  const bytes = new Uint8Array(length);
  let at = 0;
  for (const p of parts) {
    bytes.set(p, at);
    at += p.length;
  }
  return bytes;
}

/**
 * Inspects one sheet of an .xlsx workbook (the reading options' `sheet`, else the first): the
 * header is judged, the rows scanned and typed, the task suggested exactly as for a CSV.
 * @throws DatasetError as {@link readSheetRows}, and ('empty') for a sheet without rows.
 */
export function inspectSheet(bytes: Uint8Array, options: InspectStreamOptions): Inspection {
  const { fileName } = options;
  const user = options.reading ?? {};
  const { rows, lines, sheet, sheets } = readSheetRows(bytes, { fileName, sheet: user.sheet });
  if (rows.length === 0) {
    throw new DatasetError(
      `'${fileName}', sheet '${sheet}' is empty. Choose a sheet with a header row and at least one data row.`,
      'empty',
    );
  }
  const recorder = new ReadingRecorder(user);
  recorder.decide('format', 'xlsx', {
    code: 'format-content',
    params: { format: 'xlsx' },
    text: 'The file is an Excel workbook.',
  });
  recorder.decide('sheet', sheet, {
    code: 'sheet-largest',
    params: { sheet, sheets: sheets.length },
    text: `Sheet '${sheet}' has the most cells of the workbook's ${sheets.length} sheet${sheets.length === 1 ? '' : 's'}.`,
  });
  const verdict = headerFlag(user) === undefined ? judgeHeader(rows.slice(0, 300)) : null;
  const hasHeader = headerFlag(user) ?? (verdict?.header as boolean);
  const headerRows = hasHeader ? (user.headerRows ?? 1) : 0;
  const scanner = new TableScanner({
    fileName,
    hasHeader,
    headerRows: Math.max(1, headerRows),
    delimiter: ',',
    missingCodes: user.missingCodes,
    ...(user.decimal !== undefined ? { numberFormat: POINT_FORMAT } : {}),
    dateOrder: user.dateOrder,
  });
  const normalise = cellNormaliser(user);
  rows.forEach((r, i) => {
    scanner.add(normalise === null || i < headerRows ? r : normalise(r), lines[i] as number);
  });
  const scanned = scanner.finish();
  // NOTE: a date cell formatted as a number ('General') arrives as its serial.
  const scan = { ...scanned, columns: readExcelSerials(scanned.columns, user, recorder) };
  decideFromScan(recorder, scan);
  const { task, roles } = suggestForTable(scan.columns);
  const kept = scan.columnIndexes;
  return {
    fileName,
    format: 'xlsx',
    encoding: 'utf-8',
    delimiter: null,
    quoting: null,
    hasHeader,
    ...(hasHeader ? { headerRows } : {}),
    numberFormat: scan.numberFormat,
    ...(kept.length < scan.totalColumns ? { columnIndexes: kept } : {}),
    sheet,
    sheets,
    rows: scan.rows,
    columns: scan.columns.map(info),
    exampleRows: scan.exampleRows,
    suggestedTask: task,
    roles,
    notes: tableNotes(scan, { verdict, blankRecords: 0, roles, dateOrder: user.dateOrder }),
    reading: recorder.report(),
  };
}

/**
 * Inspects a Parquet file: its rows are records with named columns (no header to judge), typed and
 * counted as JSON records are.
 * @throws DatasetError ('format' | 'empty').
 */
export async function inspectParquet(
  bytes: Uint8Array,
  options: InspectStreamOptions,
): Promise<Inspection> {
  const { fileName } = options;
  const records = await readParquetRecords(bytes, fileName);
  const scanner = new JsonlScanner({ fileName });
  records.forEach((r, i) => {
    scanner.addRecord(r, i + 1);
  });
  const scan = scanner.finish();
  const recorder = new ReadingRecorder(options.reading ?? {});
  recorder.decide('format', 'parquet', {
    code: 'format-content',
    params: { format: 'parquet' },
    text: 'The file is Parquet.',
  });
  const { task, roles } = suggestForTable(scan.columns);
  return {
    fileName,
    format: 'parquet',
    encoding: 'utf-8',
    delimiter: null,
    quoting: null,
    hasHeader: false,
    rows: scan.rows,
    columns: scan.columns.map(info),
    exampleRows: scan.exampleRows,
    suggestedTask: task,
    roles,
    notes: [],
    reading: recorder.report(),
  };
}
